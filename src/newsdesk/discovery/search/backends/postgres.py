"""PostgreSQL: weighted tsvector columns with GIN indexes, ranked by ts_rank.

``document`` holds every field (title A, head B, body C); ``head_document`` only the title and
head, small enough to stay inline in the row. The primary key is the recency key, so "the
newest matches" is a backwards walk of the primary key or a GIN bitmap, as the planner likes.
Queries are built from tsquery functions applied to parameters, never from text the reader typed.
A phrase also looks up its word pairs in ``pairs`` (migration 0005): lexemes PostgreSQL itself
made from the phrase, quoted here, passed as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from newsdesk.discovery.search.backends.base import (
    Filters,
    Hit,
    delete_entries,
    similarity,
)
from newsdesk.discovery.search.documents import FIELDS, Document
from newsdesk.discovery.search.models import SearchWord
from newsdesk.discovery.search.query import Query, Term
from newsdesk.knowledge.models import Entity, Mention
from newsdesk.publishing.models import Article, ArticleAuthor

CONFIG = "english"
# ts_rank's weights are listed D, C, B, A.
_BY_CLASS = dict(FIELDS.values())
RANK_WEIGHTS = f"{{0, {_BY_CLASS['C']}, {_BY_CLASS['B']}, {_BY_CLASS['A']}}}"
HEAD_RANK_WEIGHTS = f"{{0, 0, {_BY_CLASS['B']}, {_BY_CLASS['A']}}}"
# PostgreSQL's parser takes any non-ASCII character for a letter in a C-locale database, so
# "“Nobody" would be indexed as one word: typographic punctuation becomes a space first.
_NOT_WORDLIKE = re.compile(r"[^\w\s!-/:-@\[-`{-~]")

_INSERT = f"""
INSERT INTO search_searchentry
    (id, article_id, published_at, title, head, body, facets, document, head_document, pairs)
SELECT %s, %s, %s, %s, %s, %s, %s, d.vector, d.head, search_pairs(d.vector)
FROM (SELECT h.vector || setweight(to_tsvector('{CONFIG}', %s), '{FIELDS["body"][0]}') AS vector,
             h.vector AS head
      FROM (SELECT setweight(to_tsvector('{CONFIG}', %s), '{FIELDS["title"][0]}')
                || setweight(to_tsvector('{CONFIG}', %s), '{FIELDS["head"][0]}') AS vector) AS h
     ) AS d
"""
# A phrase's word pairs (migration 0005's search_pairs over the phrase's own vector).
_PAIRS = f"""
SELECT t.ord, tsvector_to_array(search_pairs(to_tsvector('{CONFIG}', t.phrase)))
FROM unnest(%s::text[]) WITH ORDINALITY AS t(phrase, ord)
"""


def index_text(text: str) -> str:
    # Lower case here too: a C-locale database lower-cases ASCII only, while queries arrive
    # lower-cased by Python in every script.
    return _NOT_WORDLIKE.sub(" ", text).lower()


SQL = tuple[str, list[Any]]


def _term(term: Term) -> SQL:
    return f"phraseto_tsquery('{CONFIG}', %s)", [" ".join(term.words)]


def _any(terms: Sequence[Term]) -> SQL:
    parts = [_term(term) for term in terms]
    sql = " || ".join(part for part, _ in parts)
    return f"({sql})", [param for _, params in parts for param in params]


def positive_tsquery(query: Query) -> SQL:
    parts = [_any(group) for group in query.groups]
    return " && ".join(p for p, _ in parts), [x for _, params in parts for x in params]


def excluded_tsquery(query: Query) -> SQL:
    return _any(query.excluded)


def _lexeme(token: str) -> str:
    # tsquery quoting: the whole token, spaces included, is one lexeme.
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def pairs_text(groups: Sequence[Sequence[Sequence[str]]]) -> str | None:
    """The tsquery every match must satisfy, from each group's phrases' pairs; None if none.

    A group constrains only when each of its alternatives is a phrase with pairs: a plain word,
    or a phrase whose words sit further apart than the pairs reach, has nothing to add.
    """
    parts = []
    for alternatives in groups:
        if alternatives and all(alternatives):
            either = " | ".join("(" + " & ".join(map(_lexeme, a)) + ")" for a in alternatives)
            parts.append(f"({either})")
    return " & ".join(parts) or None


def pairs_tsquery(query: Query) -> str | None:
    """Word pairs that every match of the query's phrases holds (see migration 0005)."""
    groups = [group for group in query.groups if all(term.is_phrase for term in group)]
    phrases = [" ".join(term.words) for group in groups for term in group]
    if not phrases:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS, [phrases])
        found: dict[int, list[str]] = {int(row[0]): list(row[1]) for row in cursor.fetchall()}
    tokens = iter(found.get(i, []) for i in range(1, len(phrases) + 1))
    return pairs_text([[next(tokens) for _ in group] for group in groups])


def _filters(filters: Filters, now: datetime) -> SQL:
    lower, upper = filters.key_range(now)
    sql = " AND id <= %s"
    params: list[Any] = [upper]
    if lower is not None:
        sql += " AND id >= %s"
        params.append(lower)
    if filters.topic_id is not None:
        table = Article.topics.through._meta.db_table
        sql += f" AND article_id IN (SELECT article_id FROM {table} WHERE topic_id = %s)"
        params.append(filters.topic_id)
    if filters.author_id is not None:
        table = ArticleAuthor._meta.db_table
        sql += f" AND article_id IN (SELECT article_id FROM {table} WHERE author_id = %s)"
        params.append(filters.author_id)
    if filters.entity_id is not None:
        # Mentions of the entity or of those merged into it, as the index's facets count them.
        sql += (
            f" AND article_id IN (SELECT m.article_id FROM {Mention._meta.db_table} m"
            f" JOIN {Entity._meta.db_table} e ON e.id = m.entity_id"
            " WHERE e.id = %s OR e.merged_into_id = %s)"
        )
        params += [filters.entity_id, filters.entity_id]
    return sql, params


class PostgresBackend:
    vendor = "postgresql"

    def write(self, documents: Sequence[Document]) -> None:
        delete_entries(doc.article_id for doc in documents)
        rows = [
            (
                doc.key,
                doc.article_id,
                doc.published_at,
                doc.title,
                doc.head,
                doc.body,
                doc.facets,
                index_text(doc.body),
                index_text(doc.title),
                index_text(doc.head),
            )
            for doc in documents
        ]
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT, rows)

    def delete(self, article_ids: Iterable[int]) -> None:
        delete_entries(article_ids)

    def hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        positive, positive_params = positive_tsquery(query)
        match, match_params = positive, list(positive_params)
        if query.excluded:
            excluded, excluded_params = excluded_tsquery(query)
            match, match_params = f"({positive}) && !!{excluded}", match_params + excluded_params
        condition = f"document @@ ({match})"
        pairs = pairs_tsquery(query)
        if pairs is not None:
            # Rare pairs first: GIN returns a few rows, and the phrase test runs on those only.
            condition, match_params = (
                f"pairs @@ %s::tsquery AND {condition}",
                [pairs, *match_params],
            )
        rank = f"ts_rank('{RANK_WEIGHTS}', document, {positive}, 1)"
        return self._newest(rank, positive_params, condition, match_params, filters, now, limit)

    def head_hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        positive, params = positive_tsquery(query)
        condition, condition_params = f"head_document @@ ({positive})", list(params)
        if query.excluded:
            excluded, excluded_params = excluded_tsquery(query)
            condition += f" AND NOT document @@ {excluded}"
            condition_params += excluded_params
        rank = f"ts_rank('{HEAD_RANK_WEIGHTS}', head_document, {positive})"
        return self._newest(rank, params, condition, condition_params, filters, now, limit)

    def _newest(
        self,
        rank: str,
        rank_params: list[Any],
        condition: str,
        condition_params: list[Any],
        filters: Filters,
        now: datetime,
        limit: int,
    ) -> list[Hit]:
        where, where_params = _filters(filters, now)
        sql = (
            f"SELECT id, {rank} FROM search_searchentry WHERE {condition}{where} "
            "ORDER BY id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank_params, *condition_params, *where_params, limit])
            return [Hit(key=row[0], score=float(row[1])) for row in cursor.fetchall()]

    def similar_words(self, word: str, limit: int) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone() is not None:
                cursor.execute(
                    "SELECT word FROM search_searchword WHERE word %% %s AND word <> %s "
                    "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT %s",
                    [word, word, word, limit],
                )
                return [row[0] for row in cursor.fetchall()]
        # Without pg_trgm: words that start alike, compared here.
        candidates = SearchWord.objects.filter(word__startswith=word[:2]).exclude(word=word)
        words = list(candidates.order_by("-documents").values_list("word", flat=True)[:2000])
        words.sort(key=lambda candidate: similarity(word, candidate), reverse=True)
        return [w for w in words if similarity(word, w) >= 0.3][:limit]

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_searchword")
