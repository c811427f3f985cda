"""Settings of the worker processes in test_crash: short leases, so a killed worker's
deliveries come back within seconds rather than minutes."""

from __future__ import annotations

from newsdesk.settings import *  # noqa: F403

NEWSLETTER = {"claim_seconds": 5.0, "smtp_timeout": 2.0, "batch": 40}
