"""Keeping the index in step with the articles: one at a time on commit, or all at once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction

from newsdesk.discovery.search.backends import get_backend
from newsdesk.discovery.search.documents import Document, document, indexable
from newsdesk.discovery.search.models import SearchEntry, SearchWord
from newsdesk.discovery.search.query import STOPWORDS, WORD
from newsdesk.publishing.models import Article

REBUILD_BATCH = 500
MIN_WORD, MAX_WORD = 3, 40

_pending = threading.local()


def _pending_ids() -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    ids: set[int] = _pending.ids
    return ids


def index_on_commit(article_id: int) -> None:
    """Bring the article's index row up to date once the current transaction commits.

    Every change in a transaction asks; the first callback to run indexes them all and the
    others find nothing left. Ids left over from a rolled-back transaction are indexed with the
    next one, which is harmless: indexing reads the database as it is.
    """
    _pending_ids().add(article_id)
    # robust: the change itself is committed by now; a failure here must not become a 500.
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    pending = _pending_ids()
    if pending:
        ids = sorted(pending)
        pending.clear()
        index_articles(ids)


def words_of(doc: Document) -> set[str]:
    """The words worth suggesting from a document: no stop words, numbers or fragments."""
    text = f"{doc.title} {doc.head} {doc.body}".lower()
    return {
        word
        for word in WORD.findall(text)
        if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit() and word not in STOPWORDS
    }


@transaction.atomic
def index_articles(article_ids: Iterable[int]) -> None:
    """Index these articles if they are published, drop them from the index otherwise."""
    ids = set(article_ids)
    docs = [document(article) for article in indexable(ids)]
    backend = get_backend()
    backend.delete(ids - {doc.article_id for doc in docs})
    if docs:
        backend.write(docs)
        new_words = set().union(*(words_of(doc) for doc in docs))
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(new_words)],
            ignore_conflicts=True,
            batch_size=500,
        )


def index_rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index, batch by batch, while searches go on; returns the count."""
    backend = get_backend()
    total = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    counts: Counter[str] = Counter()
    done = 0
    batch: list[Document] = []
    for article in indexable():
        batch.append(document(article))
        if len(batch) == REBUILD_BATCH:
            done += _rebuild_batch(batch, counts)
            batch = []
            if progress:
                progress(done, total)
    done += _rebuild_batch(batch, counts)
    if progress:
        progress(done, max(total, done))
    with transaction.atomic():
        live = Article.objects.filter(status=Article.Status.PUBLISHED).values("pk")
        SearchEntry.objects.exclude(article_id__in=live).delete()
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, documents=n) for word, n in sorted(counts.items())],
            batch_size=1000,
        )
    backend.optimize()
    return done


def _rebuild_batch(batch: list[Document], counts: Counter[str]) -> int:
    if batch:
        with transaction.atomic():
            get_backend().write(batch)
        for doc in batch:
            counts.update(words_of(doc))
    return len(batch)
