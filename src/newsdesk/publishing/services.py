"""Workflows on articles: render, save with a revision, publish, schedule, unpublish, restore.

Views, the admin, the importers and the worker call these; none of them changes an article's
status any other way.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.lib.images import make_renditions
from newsdesk.lib.markdown import render_markdown
from newsdesk.lib.text import reading_minutes
from newsdesk.publishing.events import notify_article_changed
from newsdesk.publishing.models import Article, Revision, SlugRedirect
from newsdesk.publishing.pagecache import invalidate as invalidate_pages

log = logging.getLogger(__name__)

# Fields whose change after publication shows readers an "Updated" date.
CONTENT_FIELDS = ("title", "dek", "body")
# Fields kept in a revision besides title, dek and body.
REVISION_EXTRA_FIELDS = ("slug", "seo_title", "seo_description", "canonical_url", "featured")


def article_render(*, article: Article) -> None:
    """Fill the derived columns (HTML, table of contents, word count) from the Markdown body."""
    rendered = render_markdown(article.body)
    article.body_html = rendered.html
    article.toc = [
        {"level": h.level, "anchor": h.anchor, "text": h.text} for h in rendered.headings
    ]
    article.word_count = rendered.words
    article.reading_minutes = reading_minutes(rendered.words)


def _require_publisher(user: User | None) -> None:
    if user is not None and not user.can_publish:
        raise PermissionDenied("Only editors can publish, schedule or unpublish articles.")


@transaction.atomic
def article_save(
    *, article: Article, user: User | None, previous: Article | None = None, note: str = ""
) -> Article:
    """Save an article and its revision; remember an old slug so its URL keeps working.

    ``previous`` is the article as it was in the database before this edit (None when new).
    """
    article_render(article=article)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    edited = previous is not None and any(
        getattr(previous, name) != getattr(article, name) for name in CONTENT_FIELDS
    )
    if edited and previous is not None and previous.status == Article.Status.PUBLISHED:
        article.content_updated_at = timezone.now()
    article.save()
    if article.hero_image and (previous is None or previous.hero_image != article.hero_image):
        article_hero_renditions(article=article)
    elif not article.hero_image and article.hero_renditions:
        article.hero_renditions = []
        article.save(update_fields=["hero_renditions"])
    if previous is not None and previous.slug != article.slug:
        SlugRedirect.objects.filter(old_slug=article.slug).delete()
        SlugRedirect.objects.update_or_create(old_slug=previous.slug, defaults={"article": article})
    revision_create(article=article, user=user, note=note)
    notify_article_changed(article.pk)
    return article


def article_hero_renditions(*, article: Article) -> None:
    """Make the hero image's resized copies and remember them for the page's srcset."""
    source = Path(article.hero_image.path)
    target = Path(settings.MEDIA_ROOT) / "renditions" / str(article.pk)
    try:
        made = make_renditions(source, target)
    except OSError:
        log.exception(
            "no renditions for article %s: %s is not a readable image", article.pk, source
        )
        made = []
    media_root = Path(settings.MEDIA_ROOT)
    article.hero_renditions = [
        {"width": r.width, "url": settings.MEDIA_URL + r.path.relative_to(media_root).as_posix()}
        for r in made
    ]
    article.save(update_fields=["hero_renditions"])


def revision_create(*, article: Article, user: User | None, note: str = "") -> Revision | None:
    """Snapshot the article; None when it matches the latest snapshot (a save with no edit)."""
    extra = {field: getattr(article, field) for field in REVISION_EXTRA_FIELDS}
    latest = article.revisions.first()
    if latest and (latest.title, latest.dek, latest.body, latest.extra) == (
        article.title,
        article.dek,
        article.body,
        extra,
    ):
        return None
    return Revision.objects.create(
        article=article,
        created_by=user,
        title=article.title,
        dek=article.dek,
        body=article.body,
        extra=extra,
        note=note[:200],
    )


@transaction.atomic
def revision_restore(*, revision: Revision, user: User | None) -> Article:
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    previous = Article.objects.get(pk=article.pk)
    fields: dict[str, Any] = revision.as_fields()
    if Article.objects.exclude(pk=article.pk).filter(slug=fields.get("slug")).exists():
        fields.pop("slug")  # another article took it since; keep the current one
    for name, value in fields.items():
        setattr(article, name, value)
    note = f"Restored the revision of {revision.created_at:%Y-%m-%d %H:%M}"
    return article_save(article=article, user=user, previous=previous, note=note)


def article_publish(*, article: Article, user: User | None, at: datetime | None = None) -> Article:
    """Publish now, or schedule when ``at`` lies in the future.

    A republished article keeps its first publication date, as readers and feeds saw it.
    """
    _require_publisher(user)
    now = timezone.now()
    if at is not None and at > now:
        article.status = Article.Status.SCHEDULED
        article.published_at = at
    else:
        article.status = Article.Status.PUBLISHED
        if at is not None:
            article.published_at = at
        elif article.published_at is None or article.published_at > now:
            article.published_at = now
    article.save(update_fields=["status", "published_at", "updated_at"])
    notify_article_changed(article.pk)
    log.info("article %s is now %s", article.pk, article.status)
    return article


def article_unpublish(*, article: Article, user: User | None) -> Article:
    _require_publisher(user)
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    notify_article_changed(article.pk)
    return article


def publish_one_due(*, now: datetime | None = None) -> Article | None:
    """Make the oldest due scheduled article live; None when nothing is due.

    The conditional UPDATE is the claim: when several workers race for the same article, exactly
    one of them changes the row and the others see a count of 0 and move on.
    """
    now = now or timezone.now()
    due = (
        Article.objects.filter(status=Article.Status.SCHEDULED, published_at__lte=now)
        .order_by("published_at", "id")
        .values_list("pk", flat=True)
    )
    for pk in due[:5]:
        claimed = Article.objects.filter(pk=pk, status=Article.Status.SCHEDULED).update(
            status=Article.Status.PUBLISHED, updated_at=now
        )
        if claimed:
            article = Article.objects.get(pk=pk)
            notify_article_changed(pk)
            # .update() sends no signal; published pages must drop out of the cache.
            transaction.on_commit(invalidate_pages)
            log.info("published scheduled article %s (%s)", pk, article.slug)
            return article
    return None
