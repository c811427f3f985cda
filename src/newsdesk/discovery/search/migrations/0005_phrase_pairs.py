"""PostgreSQL: index the word pairs of every document, so a phrase is found by its pairs.

A phrase of common words ("capacity in Osluzen") was answered by GIN finding every article
that holds all its words (a fifth of the archive) and PostgreSQL reading each one's positions
to test adjacency: 220 ms at 100,000 articles. ``pairs`` holds, for every two lexemes of
``document`` at most PAIR_REACH positions apart, one lexeme "<first> <distance> <second>"
(the distance counts the stop words between, as phraseto_tsquery does). A phrase's own pairs
are rare even when its words are not, so its GIN lookup returns a handful of rows, and
``document @@ phraseto_tsquery(...)`` still decides. Every article that matches the phrase has
all of the phrase's pairs, because both come from the same function over the same positions:
results are exactly what they were.

``search_pairs`` is the one definition, used for documents (on insert and here) and for
queries (backends/postgres.py). Lexemes longer than PAIR_LEXEME_CHARS take no part (a pair
of two of them could exceed tsvector's 2 KB lexeme limit); a phrase with such a word simply
has fewer pairs to filter on.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PAIR_REACH = 2
PAIR_LEXEME_CHARS = 200

PAIRS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH occurrence AS (
        SELECT u.lexeme, p AS position
        FROM unnest(vector) AS u, unnest(u.positions) AS p
        WHERE length(u.lexeme) <= {PAIR_LEXEME_CHARS}
    )
    SELECT coalesce(
        array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || d.distance || ' ' || b.lexeme)),
        ''::tsvector)
    FROM occurrence AS a
    CROSS JOIN generate_series(1, {PAIR_REACH}) AS d(distance)
    JOIN occurrence AS b ON b.position = a.position + d.distance
$$
"""


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # Not atomic, so that VACUUM can run; every statement can be run again after a failure.
    schema_editor.execute(PAIRS_FUNCTION)
    schema_editor.execute("ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS pairs tsvector")
    # Rows indexed before this migration: their pairs come from their stored vector.
    schema_editor.execute(
        "UPDATE search_searchentry SET pairs = search_pairs(document) WHERE pairs IS NULL"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_entry_pairs ON search_searchentry USING gin (pairs)"
    )
    # The UPDATE left a dead copy of every row for the newest-first walk to step over, and the
    # planner has no statistics on the new column yet: until this ran, 100,000 articles were
    # searched in ~230 ms a query (docs/benchmarks.md).
    schema_editor.execute("VACUUM (ANALYZE) search_searchentry")


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_pairs")
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS pairs")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_pairs(tsvector)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0004_inline_vectors")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
