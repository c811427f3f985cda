"""The newsletter's knobs: environment variables, overridable in settings for tests.

- ``NEWSDESK_EMAIL_FROM``: the sender address (default ``newsletter@<host of the site URL>``);
- ``NEWSDESK_EMAIL_CONNECTIONS``: SMTP connections each worker opens in parallel (4);
- ``NEWSDESK_EMAIL_DOMAIN_CONNECTIONS``: open connections per receiving domain, all workers
  together (8);
- ``NEWSDESK_EMAIL_RATE``: messages per second, all workers together, for campaigns that set no
  rate of their own (0: no limit).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from newsdesk.lib import env as envparse
from newsdesk.lib.env import ConfigError


@dataclass(frozen=True)
class Conf:
    from_address: str
    connections: int
    domain_connections: int
    rate: int
    claim_seconds: float  # a dead worker's deliveries wait this long before another takes them
    smtp_timeout: float
    batch: int  # deliveries one connection claims at a time
    link_days: int  # how long a preferences or unsubscribe link in an email works
    confirm_days: int
    resend_seconds: int  # at most one confirmation email per address in this time
    ip_limit: tuple[int, int]  # signups per IP address: (count, seconds)
    address_limit: tuple[int, int]

    @property
    def mail_domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def _default_from() -> str:
    host = envparse.host_of(settings.SITE_URL)
    try:
        ipaddress.ip_address(host)
        host = "localhost"
    except ValueError:
        pass
    return f"newsletter@{host}"


def _from_address() -> str:
    raw = os.environ.get("NEWSDESK_EMAIL_FROM", "").strip() or _default_from()
    try:
        validate_email(raw)
    except ValidationError:
        if not raw.endswith("@localhost"):
            raise ConfigError(f"NEWSDESK_EMAIL_FROM: {raw!r} is not an email address") from None
    return raw


def load() -> Conf:
    env = os.environ
    defaults = Conf(
        from_address=_from_address(),
        connections=envparse.env_int(env, "NEWSDESK_EMAIL_CONNECTIONS", 4, minimum=1),
        domain_connections=envparse.env_int(env, "NEWSDESK_EMAIL_DOMAIN_CONNECTIONS", 8, minimum=1),
        rate=envparse.env_int(env, "NEWSDESK_EMAIL_RATE", 0, minimum=0),
        claim_seconds=120.0,
        smtp_timeout=30.0,
        batch=200,
        link_days=400,
        confirm_days=7,
        resend_seconds=300,
        ip_limit=(20, 600),
        address_limit=(5, 3600),
    )
    overrides = getattr(settings, "NEWSLETTER", {})
    if not overrides:
        return defaults
    return Conf(**{**defaults.__dict__, **overrides})
