"""Recompute the whole related-articles index: exact statistics, every vector, every list.

The computing happens in memory (batch.py); the database is read once and written in batches
of one transaction each, so readers and the desk are never held up for long. Articles changed
while the rebuild ran are queued for a refresh at the end, so nothing it read stale survives.
"""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from newsdesk.discovery.related import batch, engine, index
from newsdesk.discovery.related.models import ArticleVector, Corpus, Posting, RelatedLink, Term
from newsdesk.discovery.related.progress import ProgressBar
from newsdesk.discovery.related.services import REFRESH, entity_names, links_json
from newsdesk.knowledge.models import Mention
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article
from newsdesk.publishing.pagecache import invalidate as invalidate_pages

BATCH = 1000


@dataclass(frozen=True)
class RebuildReport:
    articles: int
    terms: int
    links: int
    requeued: int


def related_rebuild(*, progress: ProgressBar | None = None) -> RebuildReport:
    # Millions of small objects live through the rebuild and none of them forms a cycle; the
    # cyclic collector would only walk them over and over (it halves the linking speed).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rebuild(progress)
    finally:
        if enabled:
            gc.enable()


def _rebuild(progress: ProgressBar | None) -> RebuildReport:
    started = timezone.now()
    published = Article.objects.published()
    total = published.count()
    if progress:
        progress.start("reading", total)
    built = batch.build(_documents(), progress.advance if progress else None)
    term_ids = _store_terms(built)
    features = {
        pk: engine.Features(
            pk, {term_ids[t]: w for t, w in f.vector.items()}, f.topics, f.published, f.entities
        )
        for pk, f in built.features.items()
    }
    _store_vectors(features, progress)
    links = _store_lists(features, progress)
    _clear_unpublished(set(features))
    _analyze()
    invalidate_pages()
    if progress:
        progress.finish()
    changed = list(Article.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    for pk in changed:
        tasks.enqueue(REFRESH, str(pk))
    return RebuildReport(len(features), len(term_ids), links, len(changed))


def _documents() -> Iterator[batch.Document]:
    topics: dict[int, set[int]] = defaultdict(set)
    through = Article.topics.through.objects.filter(article__in=Article.objects.published())
    for article_id, topic_id in through.values_list("article_id", "topic_id").iterator(5000):
        topics[article_id].add(topic_id)
    entities: dict[int, set[int]] = defaultdict(set)
    mentions = Mention.objects.filter(
        article__in=Article.objects.published(), entity__merged_into__isnull=True
    )
    for article_id, entity_id in mentions.values_list("article_id", "entity_id").iterator(5000):
        entities[article_id].add(entity_id)
    rows = (
        Article.objects.published()
        .order_by("pk")
        .values_list("pk", "title", "dek", "body", "published_at")
    )
    for pk, title, dek, body, published_at in rows.iterator(chunk_size=1000):
        assert published_at is not None  # published() means a date in the past
        yield batch.Document(
            pk,
            title,
            dek,
            body,
            frozenset(topics.get(pk, ())),
            index.days(published_at),
            frozenset(entities.get(pk, ())),
        )


def _store_terms(built: batch.Built) -> list[int]:
    """Exact document frequencies into Term; the database id of each vocabulary entry."""
    texts = [t[:100] for t in built.vocabulary.terms()]
    with transaction.atomic():
        Term.objects.exclude(df=0).update(df=0)
        Term.objects.bulk_create(
            (Term(text=t, df=df) for t, df in zip(texts, built.vocabulary.df, strict=True)),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["text"],
            update_fields=["df"],
        )
        Corpus.objects.update_or_create(
            pk=1,
            defaults={
                "documents": built.stats.documents,
                "total_length": built.total_length,
                "documents_at_rebuild": built.stats.documents,
                "rebuilt_at": timezone.now(),
            },
        )
    ids = dict(Term.objects.values_list("text", "id").iterator(10_000))
    return [ids[t] for t in texts]


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _store_vectors(features: dict[int, engine.Features], progress: ProgressBar | None) -> None:
    dates = {
        pk: published_at
        for pk, published_at in Article.objects.published().values_list("pk", "published_at")
        if published_at is not None  # always, for published articles
    }
    if progress:
        progress.start("indexing", len(features))
    for part in _batches(sorted(features)):
        vectors, postings = [], []
        for pk in part:
            item = features[pk]
            ordered = engine.heaviest(item.vector, len(item.vector))
            vectors.append(
                ArticleVector(
                    article_id=pk,
                    terms=[t for t, _ in ordered],
                    weights=[round(w, 5) for _, w in ordered],
                    topics=sorted(item.topics),
                    published_at=dates[pk],
                )
            )
            postings += [
                Posting(term_id=t, article_id=pk, weight=w)
                for t, w in ordered[: engine.POSTED_TERMS]
            ]
        with transaction.atomic():
            ArticleVector.objects.filter(article_id__in=part).delete()
            Posting.objects.filter(article_id__in=part).delete()
            ArticleVector.objects.bulk_create(vectors, batch_size=500)
            Posting.objects.bulk_create(postings, batch_size=2000)
        if progress:
            progress.advance(len(part))


def _store_lists(features: dict[int, engine.Features], progress: ProgressBar | None) -> int:
    if progress:
        progress.start("linking", len(features))
    stored = 0
    lists = batch.related_lists(features, processes=os.cpu_count() or 1)
    pending: list[tuple[int, list[engine.Match]]] = []
    for owner, matches in lists:
        pending.append((owner, matches))
        if len(pending) == BATCH:
            stored += _write_links(pending, progress)
            pending = []
    return stored + _write_links(pending, progress)


def _write_links(lists: list[tuple[int, list[engine.Match]]], progress: ProgressBar | None) -> int:
    names = entity_names(m for _, matches in lists for m in matches)
    owners = [owner for owner, _ in lists]
    links = [
        RelatedLink(article_id=owner, related_id=m.id, score=m.score, reasons=links_json(m, names))
        for owner, matches in lists
        for m in matches
    ]
    with transaction.atomic():
        RelatedLink.objects.filter(article_id__in=owners).delete()
        RelatedLink.objects.bulk_create(links, batch_size=2000)
    if progress:
        progress.advance(len(owners))
    return len(links)


def _analyze() -> None:
    """Fresh planner statistics for the rewritten tables.

    Right after a first rebuild, PostgreSQL's statistics still describe empty tables until
    autovacuum comes round, and the article page's query was measured 10x slower for it.
    """
    if connection.vendor != "postgresql":
        return
    models = (ArticleVector, Posting, RelatedLink, Term)
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _clear_unpublished(live: set[int]) -> None:
    """Whatever is not published now leaves the index, its counts with it."""
    stale = [
        pk for pk in ArticleVector.objects.values_list("article_id", flat=True) if pk not in live
    ]
    for part in index.chunks(stale):
        with transaction.atomic():
            ArticleVector.objects.filter(article_id__in=part).delete()
            Posting.objects.filter(article_id__in=part).delete()
            RelatedLink.objects.filter(article_id__in=part).delete()
    for part in index.chunks(stale):
        RelatedLink.objects.filter(related_id__in=part).delete()
