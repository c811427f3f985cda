"""The shape every search backend has, and the pieces they share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from newsdesk.discovery.search.documents import Document, key_bound
from newsdesk.discovery.search.models import SearchEntry, SearchWord
from newsdesk.discovery.search.query import Query


@dataclass(frozen=True)
class Filters:
    topic_id: int | None = None
    author_id: int | None = None
    entity_id: int | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive

    def key_range(self, now: datetime) -> tuple[int | None, int]:
        """Recency keys to search between: never past ``now``, whatever ``end`` says."""
        # Strictly before the current second, so nothing shows before its publication time.
        upper = key_bound(now, upper=False) - 1
        if self.end is not None:
            upper = min(upper, key_bound(self.end, upper=False) - 1)
        lower = key_bound(self.start, upper=False) if self.start is not None else None
        return lower, upper


@dataclass(frozen=True)
class Hit:
    key: int
    score: float  # higher is better, comparable within one call only


class Backend(Protocol):
    vendor: str

    def write(self, documents: Sequence[Document]) -> None:
        """Put these documents in the index, replacing what it held for their articles."""

    def delete(self, article_ids: Iterable[int]) -> None: ...

    def hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        """The newest ``limit`` matches anywhere in the document, scored on every field."""

    def head_hits(self, query: Query, filters: Filters, *, now: datetime, limit: int) -> list[Hit]:
        """The newest ``limit`` articles whose title, dek, topics or bylines match on their own."""

    def similar_words(self, word: str, limit: int) -> list[str]:
        """Indexed words spelled like ``word``, most alike first."""

    def optimize(self) -> None:
        """Tidy the index after a full rebuild."""


def delete_entries(article_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(article_id__in=list(article_ids)).delete()


def entries_for(documents: Sequence[Document]) -> list[SearchEntry]:
    return [
        SearchEntry(
            id=doc.key,
            article_id=doc.article_id,
            published_at=doc.published_at,
            title=doc.title,
            head=doc.head,
            body=doc.body,
            facets=doc.facets,
        )
        for doc in documents
    ]


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces in front and one behind."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    left, right = trigrams(a), trigrams(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def known_words(words: Iterable[str]) -> set[str]:
    return set(SearchWord.objects.filter(word__in=list(words)).values_list("word", flat=True))
