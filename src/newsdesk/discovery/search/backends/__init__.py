"""One search interface, two implementations: the database in use picks."""

from __future__ import annotations

from django.db import connection

from newsdesk.discovery.search.backends.base import Backend, Filters, Hit
from newsdesk.discovery.search.backends.postgres import PostgresBackend
from newsdesk.discovery.search.backends.sqlite import SqliteBackend

__all__ = ["Backend", "Filters", "Hit", "get_backend"]

_BACKENDS: dict[str, Backend] = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}


def get_backend() -> Backend:
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"search has no backend for {connection.vendor}") from None
