"""Committing delivery records: one small transaction per message, as cheaply as it can be.

A connection must wait for its commit before it hands the next message over, so this runs once
per message. Outside a test's transaction it talks to the driver directly: Django's transaction
bookkeeping would cost more than the SQL. On SQLite the connections of one worker take turns
through a lock, since the database takes one writer at a time anyway and its busy handler waits
by sleeping.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction

Statement = tuple[str, list[Any]]

_SQLITE_WRITER = threading.Lock()


def commit_inline(statements: list[Statement]) -> list[int]:
    """Run the statements in one transaction; the row count of each."""
    if connection.in_atomic_block:  # inside a test's transaction: a savepoint will do
        counts = []
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                counts.append(cursor.rowcount)
        return counts
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with _SQLITE_WRITER:
            return _commit_sqlite(connection.connection, statements)
    return _commit_postgres(connection.connection, statements)


def _commit_sqlite(raw: Any, statements: list[Statement]) -> list[int]:
    counts = []
    cursor = raw.cursor()
    cursor.execute("BEGIN IMMEDIATE")  # the write lock now, as Django's own transactions take it
    try:
        for sql, params in statements:
            cursor.execute(sql.replace("%s", "?"), params)
            counts.append(cursor.rowcount)
    except BaseException:
        raw.rollback()
        raise
    raw.commit()
    return counts


def _commit_postgres(raw: Any, statements: list[Statement]) -> list[int]:
    counts = []
    with raw.transaction(), raw.cursor() as cursor:  # psycopg 3
        for sql, params in statements:
            cursor.execute(sql, params)
            counts.append(cursor.rowcount)
    return counts
