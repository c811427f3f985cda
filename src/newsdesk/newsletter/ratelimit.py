"""Fixed-window counters in the cache, shared by every web process when the cache is Redis."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache


def allow(scope: str, subject: str, limit: tuple[int, int]) -> bool:
    """Count one attempt of ``subject``; False once it made more than ``limit`` in the window."""
    count, seconds = limit
    # Hashed: the cache never holds readers' addresses in the clear.
    key = f"rl:{scope}:{hashlib.blake2b(subject.encode(), digest_size=12).hexdigest()}"
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        return cache.incr(key) <= count
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return True


def client_ip(meta: Mapping[str, Any]) -> str:
    """The reader's address. Behind a proxy on this host (the set-up the README describes), the
    connection comes from loopback and the proxy appends the reader's address to
    X-Forwarded-For; its last entry is the one the proxy saw, and only it can be trusted."""
    remote = str(meta.get("REMOTE_ADDR", ""))
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", ""))
    try:
        local = ipaddress.ip_address(remote).is_loopback
    except ValueError:
        local = False
    if local and forwarded:
        return forwarded.split(",")[-1].strip()
    return remote
