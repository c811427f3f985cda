"""The full-text side of the index, which differs by database.

SQLite: FTS5 tables over search_searchentry (every field, and the head fields alone) and a
trigram table over search_searchword, all "external content" kept in step by triggers.
PostgreSQL: weighted tsvector columns with GIN indexes, and pg_trgm for "did you mean" where the
extension can be installed (without it, suggestions fall back to prefix matching).
"""

from __future__ import annotations

import sqlite3

from django.db import DatabaseError, migrations, transaction

TOKENIZER = "porter unicode61 remove_diacritics 2"
ENTRY_TABLES = {
    "search_fts": ("title", "head", "body", "facets"),
    "search_head_fts": ("title", "head", "facets"),
}
WORD_TABLES = {"search_word_trigram": ("word",)}


def _triggers(source, tables):
    def add(table, cols):
        values = ", ".join(f"new.{c}" for c in cols)
        return f"INSERT INTO {table}(rowid, {', '.join(cols)}) VALUES (new.id, {values});"

    def remove(table, cols):
        values = ", ".join(f"old.{c}" for c in cols)
        return (
            f"INSERT INTO {table}({table}, rowid, {', '.join(cols)}) "
            f"VALUES ('delete', old.id, {values});"
        )

    adds = " ".join(add(t, c) for t, c in tables.items())
    removes = " ".join(remove(t, c) for t, c in tables.items())
    return [
        f"CREATE TRIGGER {source}_ai AFTER INSERT ON {source} BEGIN {adds} END",
        f"CREATE TRIGGER {source}_ad AFTER DELETE ON {source} BEGIN {removes} END",
        f"CREATE TRIGGER {source}_au AFTER UPDATE ON {source} BEGIN {removes} {adds} END",
    ]


def _sqlite_statements():
    statements = [
        f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(cols)}, content='search_searchentry',"
        f" content_rowid='id', tokenize='{TOKENIZER}')"
        for table, cols in ENTRY_TABLES.items()
    ]
    statements.append(
        "CREATE VIRTUAL TABLE search_word_trigram USING fts5(word, "
        "content='search_searchword', content_rowid='id', tokenize='trigram')"
    )
    statements += _triggers("search_searchentry", ENTRY_TABLES)
    statements += _triggers("search_searchword", WORD_TABLES)
    return statements


def _require_fts5(cursor):
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.newsdesk_fts5_probe USING fts5(x, tokenize='trigram')")
        cursor.execute("DROP TABLE temp.newsdesk_fts5_probe")
    except sqlite3.OperationalError as exc:
        raise RuntimeError(
            f"search needs SQLite 3.34 or newer built with FTS5; this one is "
            f"{sqlite3.sqlite_version} ({exc}). Install a Python whose sqlite3 has FTS5."
        ) from None


def _pg_trgm(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return  # no right to (CREATE on the database): suggestions fall back
        cursor.execute(
            "CREATE INDEX search_word_trgm ON search_searchword USING gin (word gin_trgm_ops)"
        )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            _require_fts5(cursor)
            for statement in _sqlite_statements():
                cursor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry ADD COLUMN document tsvector, "
            "ADD COLUMN head_document tsvector"
        )
        schema_editor.execute(
            "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)"
        )
        schema_editor.execute(
            "CREATE INDEX search_entry_head ON search_searchentry USING gin (head_document)"
        )
        _pg_trgm(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for source in ("search_searchentry", "search_searchword"):
            for kind in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {source}_{kind}")
        for table in (*ENTRY_TABLES, *WORD_TABLES):
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_word_trgm")
        schema_editor.execute(
            "ALTER TABLE search_searchentry DROP COLUMN document, DROP COLUMN head_document"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
