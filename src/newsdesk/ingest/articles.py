"""One imported article: matched, created or updated through the publishing services."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.utils import timezone

from newsdesk.ingest.items import PAGES_TOPIC, STATUSES, ArticleItem, ItemError
from newsdesk.ingest.models import ImportedItem
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

if TYPE_CHECKING:
    from newsdesk.ingest.apply import Applier

# The fields an import sets; equal values on all of them (and the same bylines and topics)
# mean there is nothing to save.
FIELDS = (
    "title", "slug", "dek", "body", "status", "published_at", "featured", "email_on_publish",
    "seo_title", "seo_description", "canonical_url", "hero_alt",
)  # fmt: skip


def status_and_time(
    status: str, when: dt.datetime | None, now: dt.datetime
) -> tuple[str, dt.datetime | None]:
    if status not in STATUSES:
        raise ItemError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if status == "published":
        if when is not None and when > now:
            return Article.Status.SCHEDULED, when
        return Article.Status.PUBLISHED, when or now
    if status == "scheduled" and when is None:
        return Article.Status.DRAFT, None  # scheduled for no time: nothing to wait for
    return status, when


def _free_slug(applier: Applier, wanted: str, current: str | None) -> str:
    """``wanted``, or ``wanted-2``... when another article has it (``current`` is this one's)."""
    slug, n = wanted, 2
    while slug != current and slug in applier.slugs():
        slug, n = f"{wanted[:190]}-{n}", n + 1
    return slug


def _people(applier: Applier, item: ArticleItem) -> tuple[list[Author], list[Topic]]:
    authors = [applier.authors[k] for k in dict.fromkeys(item.author_keys) if k in applier.authors]
    missing = [k for k in item.author_keys if k not in applier.authors]
    if missing and not authors:
        raise ItemError(f"its author {missing[0]!r} is not in the import")
    topics = [
        applier.pages_topic() if key == PAGES_TOPIC[0] else applier.topics[key]
        for key in dict.fromkeys(item.topic_keys)
        if key in applier.topics or key == PAGES_TOPIC[0]
    ]
    return authors, topics


def _fill(applier: Applier, article: Article, item: ArticleItem) -> None:
    article.title = item.title[:300]
    article.dek = item.dek[:400]
    article.body = item.body
    article.featured = item.featured
    article.email_on_publish = item.email_on_publish
    article.seo_title = item.seo_title[:300]
    article.seo_description = item.seo_description[:500]
    article.canonical_url = item.canonical_url[:200]
    article.hero_alt = item.hero_alt[:300]
    # A source without a date (an undated feed entry, a WordPress post saved oddly) keeps the
    # date the first import gave it, so re-running changes nothing.
    when = item.published_at or (article.published_at if article.pk else None)
    article.status, article.published_at = status_and_time(item.status, when, timezone.now())
    if item.hero is not None:
        stored = applier.media.store(item.hero, "heroes")
        if stored:
            article.hero_image.name = stored
    for media in item.media:
        applier.media.store(media, "imported")


def _same(previous: Article, article: Article, authors: list[Author], topics: list[Topic]) -> bool:
    if any(getattr(previous, f) != getattr(article, f) for f in FIELDS):
        return False
    if previous.hero_image.name != article.hero_image.name:
        return False
    bylines = list(
        ArticleAuthor.objects.filter(article=previous).values_list("author_id", flat=True)
    )
    topic_ids = sorted(previous.topics.values_list("pk", flat=True))
    return bylines == [a.pk for a in authors] and topic_ids == sorted(t.pk for t in topics)


def _link_people(
    article: Article, authors: list[Author], topics: list[Topic], *, created: bool
) -> None:
    """Bylines and topics as rows, without a signal each.

    The per-row signals only drop the page cache, which the article's own save in this same
    transaction already does; for 10,000 articles they would triple the import's time.
    """
    through = Article.topics.through
    if not created:
        ArticleAuthor.objects.filter(article=article).delete()
        through.objects.filter(article_id=article.pk).delete()
    ArticleAuthor.objects.bulk_create(
        [ArticleAuthor(article=article, author=a, position=n) for n, a in enumerate(authors)]
    )
    through.objects.bulk_create([through(article_id=article.pk, topic_id=t.pk) for t in topics])


def written(article: Article) -> str:
    """A digest of what an import writes, to notice later changes made here.

    The status is part of it: an article unpublished here, or a scheduled one the worker has
    since published, is not put back the way the source has it.
    """
    text = "\x00".join([article.title, article.dek, article.body, article.slug, article.status])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _keep_times(article: Article, item: ArticleItem) -> None:
    """The source's timestamps, so an export after the import says what the source said."""
    times = {
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "content_updated_at": item.content_updated_at,
    }
    given = {name: value for name, value in times.items() if value is not None}
    if given:
        Article.objects.filter(pk=article.pk).update(**given)


def apply_article(applier: Applier, item: ArticleItem) -> None:
    if not item.title.strip():
        raise ItemError("an article needs a title")
    links = applier.links
    link = links.get(ImportedItem.Kind.ARTICLE, item.key)
    existing = Article.objects.filter(pk=link.object_id).first() if link else None
    if existing and link and link.written and written(existing) != link.written:
        applier.report.kept.append(existing.slug)
        return
    authors, topics = _people(applier, item)
    previous = Article.objects.get(pk=existing.pk) if existing else None
    article = existing or Article()
    _fill(applier, article, item)
    article.slug = _free_slug(applier, item.slug, previous.slug if previous else None)
    if previous is not None and _same(previous, article, authors, topics):
        applier.report.unchanged.append(article.slug)
        applier.report.count("article", "unchanged")
        return
    if article.slug != item.slug:
        applier.report.notes.append(f"{item.slug!r} was taken: imported as {article.slug!r}")
    note = f"Imported from {item.source_url or applier.parsed.label}"
    note += f" ({item.note})" if item.note else ""
    publishing.article_save(article=article, user=None, previous=previous, note=note)
    applier.slugs().add(article.slug)
    _link_people(article, authors, topics, created=previous is None)
    _keep_times(article, item)
    links.remember(
        ImportedItem.Kind.ARTICLE,
        item.key,
        article.pk,
        source_url=item.source_url,
        written=written(article),
    )
    (applier.report.updated if previous else applier.report.created).append(article.slug)
    applier.report.count("article", "updated" if previous else "created")
