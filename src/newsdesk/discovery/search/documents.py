"""What the search index holds for an article, and how much each part weighs.

This module is the one definition of the search document: both backends index exactly the
fields built here, with the weights below. Change it, then run `newsdesk manage reindex`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from newsdesk.knowledge.models import Mention
from newsdesk.publishing.models import Article, Author

# Relative weight of a match in each field (PostgreSQL's A, B and C classes). A title match
# outranks a match in the dek, topics or bylines, which outranks one in the body.
FIELDS: dict[str, tuple[str, float]] = {
    "title": ("A", 1.0),
    "head": ("B", 0.4),  # dek, topic, author and entity names (entity aliases included)
    "body": ("C", 0.1),
}
# The recency key packs the publication second above the article id, so ordering by it is
# ordering by date (ties by id) and date ranges are key ranges. Unique while ids stay below 2**24
# per second of publication.
KEY_SHIFT = 2**24

_BYLINE_ORDER = Author.objects.order_by("articleauthor__position")
# The entities an article mentions, most mentioned first, with every name they go by.
_MENTIONS = Mention.objects.select_related("entity").order_by("-count", "entity_id")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Document:
    article_id: int
    key: int
    published_at: datetime
    title: str
    head: str
    body: str
    # Filter tokens ("t12 a3 e7"): topic, author and entity ids, matched only by filters.
    facets: str


def recency_key(published_at: datetime, article_id: int) -> int:
    return int(published_at.timestamp()) * KEY_SHIFT + article_id % KEY_SHIFT


def key_bound(moment: datetime, *, upper: bool) -> int:
    """The smallest (or largest) key an article published in this second can have."""
    base = int(moment.timestamp()) * KEY_SHIFT
    return base + KEY_SHIFT - 1 if upper else base


def plain_text(body_html: str) -> str:
    """The words readers see in the rendered body, without markup."""
    return _clean(html.unescape(_TAG.sub(" ", body_html)))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def document(article: Article) -> Document:
    """``article`` must come from :func:`indexable` (topics and authors prefetched)."""
    assert article.published_at is not None
    topics = list(article.topics.all())
    authors = list(article.authors.all())
    entities = entity_names(article)
    names = [name for found in entities.values() for name in found]
    head = [article.dek, *(t.name for t in topics), *(a.name for a in authors), *names]
    facets = [f"t{t.pk}" for t in topics] + [f"a{a.pk}" for a in authors]
    facets += [f"e{entity_id}" for entity_id in entities]
    return Document(
        article_id=article.pk,
        key=recency_key(article.published_at, article.pk),
        published_at=article.published_at,
        title=_clean(article.title),
        head=_clean(" · ".join(part for part in head if part)),
        body=plain_text(article.body_html),
        facets=" ".join(facets),
    )


def entity_names(article: Article) -> dict[int, list[str]]:
    """Entity id -> the names it goes by (its display name first), for ``article``'s mentions.

    An entity merged into another counts as the one it was merged into: that is the entity a
    reader finds and filters by.
    """
    found: dict[int, dict[str, str]] = {}
    for mention in article.mentions.all():
        entity = mention.entity
        names = found.setdefault(entity.merged_into_id or entity.pk, {})
        for name in (entity.name, mention.name, *(n.name for n in entity.names.all())):
            names.setdefault(_clean(name).casefold(), _clean(name))
    return {entity_id: [n for n in names.values() if n] for entity_id, names in found.items()}


def indexable(ids: Iterable[int] | None = None) -> Iterator[Article]:
    """Articles that belong in the index: published, including those dated in the future.

    The time half of the visibility rule (``published_at <= now``) is applied when searching:
    nothing announces the moment a future-dated article goes live, so it must already be there.
    """
    queryset = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)
        .only("id", "title", "dek", "body_html", "published_at")
        .prefetch_related(
            "topics",
            Prefetch("authors", queryset=_BYLINE_ORDER),
            Prefetch("mentions", queryset=_MENTIONS),
            "mentions__entity__names",
        )
        .order_by("id")
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.iterator(chunk_size=500)
