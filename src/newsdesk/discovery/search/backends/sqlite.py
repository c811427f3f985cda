"""SQLite FTS5: two external-content tables over search_searchentry, kept in step by triggers.

``search_fts`` indexes every field; ``search_head_fts`` only the title, dek, topics and bylines,
so that the (short) head matches of a common word can be found without reading the long
position lists of the bodies. Rowids are the recency keys, so "newest matches first" is the
order FTS5 already walks its lists in, and stops as soon as it has enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from newsdesk.discovery.search.backends.base import (
    Filters,
    Hit,
    delete_entries,
    entries_for,
    similarity,
    trigrams,
)
from newsdesk.discovery.search.documents import FIELDS, Document
from newsdesk.discovery.search.models import SearchEntry
from newsdesk.discovery.search.query import STOPWORDS, Query, Term

FULL_TABLE = "search_fts"
HEAD_TABLE = "search_head_fts"
WORD_TABLE = "search_word_trigram"
TOKENIZER = "porter unicode61 remove_diacritics 2"
# bm25() weights per column, in table order; the facets column never scores.
FULL_WEIGHTS = ", ".join(str(FIELDS[name][1] * 10) for name in ("title", "head", "body")) + ", 0"
HEAD_WEIGHTS = ", ".join(str(FIELDS[name][1] * 10) for name in ("title", "head")) + ", 0"


def _quoted(words: Sequence[str]) -> str:
    # Words hold only letters and digits (query.WORD); the doubling is belt and braces.
    return '"' + " ".join(words).replace('"', '""') + '"'


def _phrase(term: Term) -> str:
    """A phrase; one with stop words inside becomes a NEAR group of the words around them.

    Reading the position lists of "in" or "the" (in every article) costs more than the rest
    of the query; PostgreSQL skips stop words in phrases too, keeping only the distance.
    """
    runs: list[list[str]] = [[]]
    for word in term.words:
        if word in STOPWORDS:
            runs.append([])
        else:
            runs[-1].append(word)
    runs = [run for run in runs if run]
    if len(runs) < 2:
        return _quoted(term.words)
    between = len(term.words) - len(runs[0]) - len(runs[-1])
    return f"NEAR({' '.join(_quoted(run) for run in runs)}, {between})"


def _positive(query: Query) -> str:
    groups = []
    for group in query.groups:
        alternatives = " OR ".join(_phrase(term) for term in group)
        groups.append(f"({alternatives})" if len(group) > 1 else alternatives)
    return " AND ".join(groups)


def match_expression(query: Query, filters: Filters, *, columns: str) -> str:
    """FTS5 MATCH text: the words in ``columns``, the filters in the facets column."""
    expression = f"{{{columns}}} : ({_positive(query)})"
    if filters.topic_id is not None:
        expression += f' AND {{facets}} : "t{int(filters.topic_id)}"'
    if filters.author_id is not None:
        expression += f' AND {{facets}} : "a{int(filters.author_id)}"'
    if filters.entity_id is not None:
        expression += f' AND {{facets}} : "e{int(filters.entity_id)}"'
    return expression


def exclusion_expression(query: Query) -> str:
    return " OR ".join(_phrase(term) for term in query.excluded)


class SqliteBackend:
    vendor = "sqlite"

    def write(self, documents: Sequence[Document]) -> None:
        delete_entries(doc.article_id for doc in documents)
        SearchEntry.objects.bulk_create(entries_for(documents), batch_size=200)

    def delete(self, article_ids: Iterable[int]) -> None:
        delete_entries(article_ids)

    def hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        expression = match_expression(query, filters, columns="title head body")
        if query.excluded:
            expression += f" NOT {{title head body}} : ({exclusion_expression(query)})"
        return self._newest(FULL_TABLE, FULL_WEIGHTS, expression, filters, now, limit)

    def head_hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        expression = match_expression(query, filters, columns="title head")
        found = self._newest(HEAD_TABLE, HEAD_WEIGHTS, expression, filters, now, limit)
        if query.excluded and found:
            excluded = self._excluded_among(query, [hit.key for hit in found])
            found = [hit for hit in found if hit.key not in excluded]
        return found

    def _newest(
        self,
        table: str,
        weights: str,
        expression: str,
        filters: Filters,
        now: datetime,
        limit: int,
    ) -> list[Hit]:
        lower, upper = filters.key_range(now)
        sql = (
            f"SELECT rowid, bm25({table}, {weights}) FROM {table} "
            f"WHERE {table} MATCH %s AND rowid <= %s"
        )
        params: list[Any] = [expression, upper]
        if lower is not None:
            sql += " AND rowid >= %s"
            params.append(lower)
        sql += " ORDER BY rowid DESC LIMIT %s"
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25() is lower for better matches.
            return [Hit(key=row[0], score=-row[1]) for row in cursor.fetchall()]

    def _excluded_among(self, query: Query, keys: list[int]) -> set[int]:
        expression = f"{{title head body}} : ({exclusion_expression(query)})"
        placeholders = ", ".join(["%s"] * len(keys))
        sql = (
            f"SELECT rowid FROM {FULL_TABLE} WHERE {FULL_TABLE} MATCH %s "
            f"AND rowid IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *keys])
            return {row[0] for row in cursor.fetchall()}

    def similar_words(self, word: str, limit: int) -> list[str]:
        grams = sorted(gram.strip() for gram in trigrams(word) if len(gram.strip()) == 3)
        if not grams:
            return []
        expression = " OR ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        sql = (
            f"SELECT w.word FROM {WORD_TABLE} JOIN search_searchword w ON w.id = {WORD_TABLE}.rowid"
            f" WHERE {WORD_TABLE} MATCH %s ORDER BY rank LIMIT 200"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression])
            candidates = [row[0] for row in cursor.fetchall()]
        candidates.sort(key=lambda candidate: similarity(word, candidate), reverse=True)
        return [c for c in candidates if c != word and similarity(word, c) >= 0.3][:limit]

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            for table in (FULL_TABLE, HEAD_TABLE, WORD_TABLE):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
