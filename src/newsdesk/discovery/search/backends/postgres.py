"""PostgreSQL: weighted tsvector columns with GIN indexes, ranked by ts_rank.

``document`` holds every field (title A, head B, body C); ``head_document`` only the title and
head, small enough to stay inline in the row. The primary key is the recency key, so "the
newest matches" is a backwards walk of the primary key (for heads, of a narrow index that carries
``head_document``) or a GIN bitmap, as the planner likes. Filters by topic and author are GIN
conditions on the row's ``facets`` tokens, as on SQLite.
Queries are built from tsquery functions applied to parameters, never from text the reader typed.
A phrase also looks up its word pairs in ``pairs`` (migration 0005): lexemes PostgreSQL itself
made from the phrase, quoted here, passed as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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

CONFIG = "english"
# The filter tokens of a row ("t12 a3"), as migration 0006 indexes them.
FACETS_VECTOR = "to_tsvector('simple'::regconfig, facets)"
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
# A pair in more than this share of the index narrows nothing: the newest-first walk that the
# phrase test alone gets finds its matches sooner than GIN can list them (docs/benchmarks.md).
COMMON_PAIR = 0.05
# A phrase's word pairs (migration 0005's search_pairs over the phrase's own vector) that are
# not common, as ANALYZE last counted them; how many pairs and word positions it has in all.
# Two positions and one pair mean that the pair is the phrase: both lexemes, at the distance
# phraseto_tsquery asks for.
_PAIRS = f"""
WITH common AS (
    SELECT e.pair
    FROM pg_stats AS s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(pair, freq)
    WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchentry'
      AND s.attname = 'pairs' AND e.freq >= %s
)
SELECT t.ord,
       ARRAY(SELECT p FROM unnest(w.pairs) AS p
             WHERE NOT EXISTS (SELECT 1 FROM common WHERE common.pair = p)),
       cardinality(w.pairs),
       (SELECT count(*) FROM unnest(v.vector) AS u, unnest(u.positions) AS p)
FROM unnest(%s::text[]) WITH ORDINALITY AS t(phrase, ord),
     LATERAL (SELECT to_tsvector('{CONFIG}', t.phrase) AS vector) AS v,
     LATERAL (SELECT tsvector_to_array(search_pairs(v.vector)) AS pairs) AS w
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


def _all(groups: Sequence[Sequence[Term]]) -> SQL:
    parts = [_any(group) for group in groups]
    return " && ".join(p for p, _ in parts), [x for _, params in parts for x in params]


def positive_tsquery(query: Query) -> SQL:
    return _all(query.groups)


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


@dataclass(frozen=True)
class Pairs:
    """What the word pairs of a query's phrases say about its matches."""

    condition: str | None  # a tsquery over ``pairs`` that every match satisfies
    decided: frozenset[int]  # groups (by index) that the condition matches exactly


NO_PAIRS = Pairs(None, frozenset())


def phrase_pairs(query: Query) -> Pairs:
    """The uncommon word pairs every match of the query's phrases holds (see migration 0005).

    A group decided by its pairs (each alternative a phrase of two lexemes within reach, whose
    pair is not common) needs no phrase test on ``document``. A common pair is left out: the
    phrase test alone finds its matches by walking the newest rows, and tested as well it
    looked rare to PostgreSQL, which multiplies the two selectivities although they are the
    same condition, and then sorted every match (docs/benchmarks.md).
    """
    indexes = [i for i, group in enumerate(query.groups) if all(t.is_phrase for t in group)]
    phrases = [" ".join(term.words) for i in indexes for term in query.groups[i]]
    if not phrases:
        return NO_PAIRS
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS, [COMMON_PAIR, phrases])
        found = {int(row[0]): (list(row[1]), row[2] == 1 and row[3] == 2) for row in cursor}
    looked_up = iter(found.get(n, ([], False)) for n in range(1, len(phrases) + 1))
    groups = [[next(looked_up) for _ in query.groups[i]] for i in indexes]
    decided = frozenset(
        i
        for i, group in zip(indexes, groups, strict=True)
        if all(pairs and exact for pairs, exact in group)
    )
    return Pairs(pairs_text([[pairs for pairs, _ in group] for group in groups]), decided)


def pairs_tsquery(query: Query) -> str | None:
    return phrase_pairs(query).condition


def _filters(filters: Filters, now: datetime) -> SQL:
    lower, upper = filters.key_range(now)
    sql = " AND id <= %s"
    params: list[Any] = [upper]
    if lower is not None:
        sql += " AND id >= %s"
        params.append(lower)
    tokens = [f"t{filters.topic_id}"] if filters.topic_id is not None else []
    tokens += [f"a{filters.author_id}"] if filters.author_id is not None else []
    if tokens:
        # The index's own facets, as FTS5 reads them: with their GIN index (migration 0006),
        # PostgreSQL can intersect a filter with the words instead of testing it row by row.
        sql += f" AND {FACETS_VECTOR} @@ %s::tsquery"
        params.append(" & ".join(tokens))
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
        condition, condition_params = self._condition(query)
        rank = f"ts_rank('{RANK_WEIGHTS}', document, {positive}, 1)"
        return self._newest(
            "document", (rank, positive_params), (condition, condition_params), filters, now, limit
        )

    def _condition(self, query: Query) -> SQL:
        """The match condition: rare pairs first, for GIN; the document tests what they leave."""
        pairs = phrase_pairs(query)
        parts: list[str] = []
        params: list[Any] = []
        if pairs.condition is not None:
            parts.append("pairs @@ %s::tsquery")
            params.append(pairs.condition)
        rest = [group for i, group in enumerate(query.groups) if i not in pairs.decided]
        if rest:
            match, match_params = _all(rest)
            if query.excluded:
                excluded, excluded_params = excluded_tsquery(query)
                match, match_params = f"({match}) && !!{excluded}", match_params + excluded_params
            parts.append(f"document @@ ({match})")
            params += match_params
        elif query.excluded:
            excluded, excluded_params = excluded_tsquery(query)
            parts.append(f"NOT document @@ {excluded}")
            params += excluded_params
        return " AND ".join(parts), params

    def head_hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        positive, params = positive_tsquery(query)
        condition, condition_params = f"head_document @@ ({positive})", list(params)
        if query.excluded:
            # Every word of the head is in the document too, so this says "and not excluded"
            # in a form that the document's GIN index answers: PostgreSQL intersects the two
            # indexes instead of reading every head match (thousands for a common word) to
            # test the exclusion row by row.
            excluded, excluded_params = excluded_tsquery(query)
            condition += f" AND document @@ (({positive}) && !!{excluded})"
            condition_params += [*params, *excluded_params]
        rank = f"ts_rank('{HEAD_RANK_WEIGHTS}', head_document, {positive})"
        return self._newest(
            "head_document", (rank, params), (condition, condition_params), filters, now, limit
        )

    def _newest(
        self, vector: str, rank: SQL, condition: SQL, filters: Filters, now: datetime, limit: int
    ) -> list[Hit]:
        """The newest ``limit`` rows meeting ``condition``, with ``rank`` over ``vector``.

        The rank is computed outside the LIMIT: in one flat query PostgreSQL ranks every match
        before it sorts them when it finds the matches through GIN, thousands of ts_rank calls
        for a few hundred results.
        """
        where, where_params = _filters(filters, now)
        sql = (
            f"SELECT id, {rank[0]} FROM (SELECT id, {vector} FROM search_searchentry "
            f"WHERE {condition[0]}{where} ORDER BY id DESC LIMIT %s) AS newest"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank[1], *condition[1], *where_params, limit])
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
        # A rebuild rewrote every row: VACUUM removes the dead copies that a newest-first walk
        # would step over, and marks pages all-visible for the index-only walk of heads
        # (migration 0006). It cannot run in a transaction (a caller's, a test's): ANALYZE then.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} search_searchentry")
            cursor.execute(f"{command} search_searchword")
