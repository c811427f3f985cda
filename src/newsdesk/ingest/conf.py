"""The importers' knobs: environment variables, overridable in settings (``INGEST = {...}``).

- ``NEWSDESK_IMPORT_ALLOW_PRIVATE``: ``1`` lets `import feed` and `import url` fetch from private,
  loopback, link-local and other non-public addresses; a comma-separated list of networks
  (``127.0.0.0/8,::1/128``) allows only those. Off by default: an editor pasting a URL must not be
  able to make the server read the cloud metadata service or an internal admin page.
- ``NEWSDESK_IMPORT_MAX_MB``: the largest body a fetch reads (10).
- ``NEWSDESK_IMPORT_TIMEOUT``: seconds a whole fetch may take, redirects included (20).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.conf import settings

from newsdesk.lib import env as envparse
from newsdesk.lib.env import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
ALL_ADDRESSES: tuple[Network, ...] = (
    ipaddress.ip_network("0.0.0.0/0"),
    ipaddress.ip_network("::/0"),
)


@dataclass(frozen=True)
class Conf:
    allowed_private: tuple[Network, ...]  # non-public networks we may fetch from anyway
    max_bytes: int
    timeout: float
    max_redirects: int


def allowed_networks(env: Mapping[str, str], name: str) -> tuple[Network, ...]:
    raw = env.get(name, "").strip()
    if raw.lower() in {"", "0", "false", "no", "off"}:
        return ()
    if raw.lower() in {"1", "true", "yes", "on"}:
        return ALL_ADDRESSES
    networks: list[Network] = []
    for part in (p.strip() for p in raw.split(",")):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ConfigError(
                f"{name}: expected 1, 0 or networks such as 127.0.0.0/8,::1/128, got {part!r}"
            ) from None
    return tuple(networks)


def load() -> Conf:
    env = os.environ
    defaults = Conf(
        allowed_private=allowed_networks(env, "NEWSDESK_IMPORT_ALLOW_PRIVATE"),
        max_bytes=envparse.env_int(env, "NEWSDESK_IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024,
        timeout=float(envparse.env_int(env, "NEWSDESK_IMPORT_TIMEOUT", 20, minimum=1)),
        max_redirects=5,
    )
    overrides = getattr(settings, "INGEST", {})
    return replace(defaults, **overrides) if overrides else defaults
