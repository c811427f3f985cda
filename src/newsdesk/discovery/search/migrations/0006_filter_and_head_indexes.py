"""PostgreSQL: two indexes for the slowest searches at 100,000 articles (docs/benchmarks.md).

- GIN over each row's filter tokens ("t12 a3 e7", the ``facets`` column). Filtering by topic or
  author tested each of the newest matches against the topic's (or author's) link table: a
  common word in one author's articles meant walking thousands of rows for 400 results. As a
  GIN condition the filter can be intersected with the words, and ANALYZE counts how common
  each token is. The expression must stay the one backends/postgres.py queries (FACETS_VECTOR).
- A B-tree on the recency key that carries ``head_document``. Rows are wide (the document is
  kept inline, migration 0004), so finding the newest head matches of a phrase read thousands
  of heap pages; walking this narrow index instead reads the head vectors alone (an
  index-only scan, once VACUUM has marked the pages all-visible).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FACETS_VECTOR = "to_tsvector('simple'::regconfig, facets)"


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_entry_facets "
        f"ON search_searchentry USING gin (({FACETS_VECTOR}))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_entry_head_walk "
        "ON search_searchentry (id) INCLUDE (head_document)"
    )
    # Statistics on the indexed expression, which the planner's estimates of a filter need.
    schema_editor.execute("ANALYZE search_searchentry")


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_head_walk")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_phrase_pairs")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
