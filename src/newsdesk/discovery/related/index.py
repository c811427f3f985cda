"""The related-articles index in the database: one article at a time, for the worker."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from django.db import connection
from django.db.models import Exists, F, OuterRef

from newsdesk.discovery.related import engine
from newsdesk.discovery.related.models import ArticleVector, Corpus, Posting, Term
from newsdesk.knowledge.models import Entity, Mention
from newsdesk.lib.similarity import CorpusStats, bm25_vector, field_counts
from newsdesk.publishing.models import Article

X = TypeVar("X")
# Well under every database's limit on the parameters of one statement.
CHUNK = 500


def chunks(items: Sequence[X], size: int = CHUNK) -> Iterator[Sequence[X]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def days(moment: datetime) -> float:
    return moment.timestamp() / 86400.0


def corpus() -> Corpus:
    row, _ = Corpus.objects.get_or_create(pk=1)
    return row


def term_rows(texts: Sequence[str]) -> dict[str, tuple[int, int]]:
    """text -> (id, df) for each of ``texts``, creating the terms never seen before."""
    found: dict[str, tuple[int, int]] = {}
    for part in chunks(texts):
        found.update(
            (t, (i, df))
            for t, i, df in Term.objects.filter(text__in=part).values_list("text", "id", "df")
        )
    missing = [t for t in texts if t not in found]
    if missing:
        Term.objects.bulk_create([Term(text=t) for t in missing], ignore_conflicts=True)
        for part in chunks(missing):
            found.update(
                (t, (i, df))
                for t, i, df in Term.objects.filter(text__in=part).values_list("text", "id", "df")
            )
    return found


def index_article(article: Article, topics: Iterable[int]) -> engine.Features:
    """Weigh ``article`` (published) against the corpus; store its vector and postings."""
    counts = {t[:100]: n for t, n in field_counts(article.title, article.dek, article.body).items()}
    rows = term_rows(list(counts))
    known = ArticleVector.objects.filter(pk=article.pk).exists()
    stats = corpus()
    if not known:  # first time in the index: it joins the statistics
        for part in chunks([rows[t][0] for t in counts]):
            Term.objects.filter(pk__in=part).update(df=F("df") + 1)
        Corpus.objects.filter(pk=stats.pk).update(
            documents=F("documents") + 1, total_length=F("total_length") + sum(counts.values())
        )
        stats.refresh_from_db()
    df = {rows[t][0]: rows[t][1] + (0 if known else 1) for t in counts}
    vector = bm25_vector(
        {rows[t][0]: n for t, n in counts.items()},
        df.__getitem__,
        CorpusStats(stats.documents, stats.average_length),
        keep=engine.VECTOR_TERMS,
    )
    return store_vector(article, vector, frozenset(topics))


def store_vector(
    article: Article, vector: dict[int, float], topics: frozenset[int]
) -> engine.Features:
    assert article.published_at is not None  # published articles have a date
    ordered = engine.heaviest(vector, len(vector))
    ArticleVector.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "terms": [t for t, _ in ordered],
            "weights": [round(w, 5) for _, w in ordered],
            "topics": sorted(topics),
            "published_at": article.published_at,
        },
    )
    Posting.objects.filter(article_id=article.pk).delete()
    Posting.objects.bulk_create(
        Posting(term_id=t, article_id=article.pk, weight=w)
        for t, w in ordered[: engine.POSTED_TERMS]
    )
    return engine.Features(article.pk, dict(ordered), topics, days(article.published_at))


def unindex(article_id: int) -> None:
    """Out of the candidates: postings go; the vector stays (see ArticleVector)."""
    Posting.objects.filter(article_id=article_id).delete()


def features(ids: Iterable[int]) -> dict[int, engine.Features]:
    """The stored features of those of ``ids`` that are published (and indexed)."""
    out = {}
    live = Exists(Article.objects.published().filter(pk=OuterRef("article_id")))
    for part in chunks(list(ids)):
        rows = ArticleVector.objects.filter(live, article_id__in=part)
        for row in rows:
            out[row.article_id] = engine.Features(
                row.article_id, row.vector(), frozenset(row.topics), days(row.published_at)
            )
    return with_entities(out)


def with_entities(found: Mapping[int, engine.Features]) -> dict[int, engine.Features]:
    """``found`` with the entities each article names, weighted by their rarity on the site.

    An entity's rarity is the number of published articles naming it, which the knowledge
    layer keeps in ``Entity.article_count``, over the articles in the related index.
    """
    documents = Corpus.objects.filter(pk=1).values_list("documents", flat=True).first() or 0
    naming: dict[int, dict[int, int]] = defaultdict(dict)
    for part in chunks(list(found)):
        # Filtered on the article alone, and merged entities left out here: with a condition
        # on the entity too, SQLite's planner walked the mentions by entity (100 ms at 10,000).
        rows = Mention.objects.filter(article_id__in=part).values_list(
            "article_id", "entity_id", "entity__article_count", "entity__merged_into_id"
        )
        for article_id, entity_id, count, merged_into in rows:
            if merged_into is None:
                naming[article_id][entity_id] = count
    return {
        pk: dataclasses.replace(item, entities=engine.entity_vector(naming[pk], documents))
        if pk in naming
        else item
        for pk, item in found.items()
    }


def entity_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Entity.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def candidates(item: engine.Features) -> list[int]:
    """Candidate ids from the inverted index, as engine.MemoryIndex finds them in memory."""
    query = engine.heaviest(item.vector, engine.QUERY_TERMS)
    if not query:
        return []
    postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for term, article_id, weight in _heaviest_postings([t for t, _ in query]):
        postings[term].append((article_id, weight))
    return engine.top_candidates(query, postings, exclude=item.id)


def _heaviest_postings(terms: Sequence[int]) -> list[tuple[int, int, float]]:
    # One round trip: the PER_TERM heaviest postings of each term, each read through the
    # (term, -weight) index. A plain `term_id IN (...)` would read every posting of a common
    # term. Table and column names are ours; the values are parameters.
    table = connection.ops.quote_name(Posting._meta.db_table)
    one = (
        f"SELECT * FROM (SELECT term_id, article_id, weight FROM {table} "
        f"WHERE term_id = %s ORDER BY weight DESC LIMIT {int(engine.PER_TERM)}) AS p{{n}}"
    )
    sql = " UNION ALL ".join(one.format(n=n) for n in range(len(terms)))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(terms))
        return [(int(t), int(a), float(w)) for t, a, w in cursor.fetchall()]
