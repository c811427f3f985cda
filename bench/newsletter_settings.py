"""Settings for the signup benchmark: the real ones, with the per-IP limit lifted (every
request comes from 127.0.0.1)."""

from __future__ import annotations

from newsdesk.settings import *  # noqa: F403

NEWSLETTER = {"ip_limit": (10**9, 600)}
