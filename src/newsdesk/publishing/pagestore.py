"""The article page's stable parts, rendered once and stored in ``ArticlePage``.

Everything on an article page except the site chrome and the related list (head tags, JSON-LD,
the article with its byline and table of contents, the knowledge sections) changes only when
the article, one of its authors or topics, its extraction or a quoted entity changes. Rendering
it costs most of an uncached page (bench/profile_article.py), so it is rendered on the first
read after a change and read back with the article row afterwards.

Correctness rests on a version counter per article, kept in the ``ArticlePage`` row:
- every change bumps it (``invalidate``), in the transaction of the change and after the
  changed rows are written (post_save, m2m post_*, the article_changed and extracted signals),
  or before them inside the same atomic delete;
- a reader reads the counter in the same query as the article row, renders from what it reads
  afterwards, and stores the parts only ``WHERE version = <what it read>``. A change that
  commits in between has moved the counter on, so the stale parts are never stored, and parts
  stored from rows newer than the counter are only re-rendered once more.
``build`` ties the parts to the templates, code and settings that render them: a deploy that
changes any of them re-renders each page on its next read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.knowledge import selectors as knowledge_selectors
from newsdesk.publishing import selectors
from newsdesk.publishing.events import article_changed
from newsdesk.publishing.models import Article, ArticleAuthor, ArticlePage, Author, Topic

log = logging.getLogger(__name__)

HEAD_TEMPLATE = "publishing/_article_head.html"
MAIN_TEMPLATE = "publishing/_article_main.html"
SECTIONS_TEMPLATE = "knowledge/_article_sections.html"
# What the parts are made with, besides the templates above and those they include.
_TEMPLATES = (HEAD_TEMPLATE, MAIN_TEMPLATE, SECTIONS_TEMPLATE, "knowledge/_quote.html",
              "knowledge/_timeline.html")  # fmt: skip
_MODULES = (
    "newsdesk.publishing.pagestore",
    "newsdesk.publishing.models",
    "newsdesk.knowledge.display",
    "newsdesk.knowledge.selectors",
    "newsdesk.theme.templatetags.newsdesk",
    "newsdesk.lib.markdown",
)


@dataclass(frozen=True)
class Parts:
    head: SafeString
    main: SafeString
    sections: SafeString
    topics: list[Topic]  # as shown, for the related list's reasons


@cache
def _sources_digest() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for name in _TEMPLATES:
        origin = get_template(name).origin.name  # type: ignore[attr-defined]
        digest.update(Path(origin).read_bytes())
    for module in _MODULES:
        digest.update(Path(str(import_module(module).__file__)).read_bytes())
    return digest.digest()


def build_key() -> str:
    """Changes with the code and the settings the parts depend on (absolute URLs, dates)."""
    digest = hashlib.blake2b(_sources_digest(), digest_size=16)
    for value in (settings.SITE_URL, settings.SITE_NAME, settings.MEDIA_URL, settings.TIME_ZONE):
        digest.update(f"\x00{value}".encode())
    return digest.hexdigest()


def stored_parts(article: Article) -> Parts | None:
    """The stored parts of an article read with ``select_related("page")``; None when stale."""
    page: ArticlePage | None = getattr(article, "page", None)
    if page is None or page.rendered_version != page.version or page.build != build_key():
        return None
    topics = [Topic(pk=pk, name=name, slug=slug) for pk, name, slug in page.topics]
    return Parts(mark_safe(page.head), mark_safe(page.main), mark_safe(page.sections), topics)


def render_parts(article: Article) -> Parts:
    """Render the parts from the database (authors, topics, knowledge rows); stores nothing."""
    authors = article.byline_authors()
    topics = list(article.topics.all())
    context = {
        "article": article,
        "authors": authors,
        "topics": topics,
        "site_name": settings.SITE_NAME,
        "knowledge": knowledge_selectors.article_sections(article),
    }
    return Parts(
        head=mark_safe(get_template(HEAD_TEMPLATE).render(context)),
        main=mark_safe(get_template(MAIN_TEMPLATE).render(context)),
        sections=mark_safe(get_template(SECTIONS_TEMPLATE).render(context)),
        topics=topics,
    )


def refresh(article: Article) -> Parts:
    """Render the parts of an article read with ``select_related("page")`` and store them,
    unless a change came in since that read."""
    page: ArticlePage | None = getattr(article, "page", None)
    version = page.version if page is not None else None
    selectors.load_byline_and_topics(article)  # read after the version: never older
    parts = render_parts(article)
    if transaction.get_connection().in_atomic_block:
        _store(article.pk, version, parts)  # the caller's transaction owns any error
        return parts
    try:
        _store(article.pk, version, parts)
    except DatabaseError as error:
        # A busy database (SQLite's single writer) must not fail the reader: the parts are
        # rendered for this response and stored by a later one.
        log.warning("article page %s not stored: %s", article.pk, error)
    return parts


def _store(article_id: int, version: int | None, parts: Parts) -> None:
    fields = {
        "build": build_key(),
        "head": str(parts.head),
        "main": str(parts.main),
        "sections": str(parts.sections),
        "topics": [[t.pk, t.name, t.slug] for t in parts.topics],
    }
    if version is None:
        # No row yet: nothing was changed since the article row was read, or a change has
        # created the row meanwhile and this insert is ignored.
        row = ArticlePage(article_id=article_id, version=1, rendered_version=1, **fields)
        ArticlePage.objects.bulk_create([row], ignore_conflicts=True)
        return
    ArticlePage.objects.filter(article_id=article_id, version=version).update(
        rendered_version=version, **fields
    )


def invalidate(article_ids: Iterable[int]) -> None:
    """Make the stored parts of these articles stale; call it in the changing transaction."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    existing = list(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # Row first, then the bump: a reader that stored parts in between is bumped past as well.
    ArticlePage.objects.bulk_create(
        [ArticlePage(article_id=pk) for pk in existing], ignore_conflicts=True
    )
    ArticlePage.objects.filter(article_id__in=existing).update(version=F("version") + 1)


# What changes the parts. Receivers run inside the changing transaction (see the docstring).


def _on_article_changed(sender: Any, article_id: int, **kwargs: Any) -> None:
    invalidate([article_id])  # saved, published, unpublished, gone live, slug changed


def _on_article_deleted(sender: Any, instance: Article, **kwargs: Any) -> None:
    # The cascade deletes bylines before the article, and their receivers recreate its row.
    ArticlePage.objects.filter(article_id=instance.pk).delete()


def _on_byline_changed(sender: Any, instance: ArticleAuthor, **kwargs: Any) -> None:
    invalidate([instance.article_id])


def _on_author_saved(sender: Any, instance: Author, **kwargs: Any) -> None:
    invalidate(ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True))


def _topic_articles(topic: Topic) -> Iterable[int]:
    return Article.topics.through.objects.filter(topic=topic).values_list("article_id", flat=True)


def _on_topic_saved(sender: Any, instance: Topic, **kwargs: Any) -> None:
    invalidate(_topic_articles(instance))


def _on_topics_changed(
    sender: Any, instance: Article | Topic, action: str, reverse: bool, pk_set: set[int] | None,
    **kwargs: Any,
) -> None:  # fmt: skip
    if isinstance(instance, Article) and action.startswith("post_"):
        invalidate([instance.pk])
    elif isinstance(instance, Topic) and action in {"post_add", "post_remove"}:
        invalidate(pk_set or ())
    elif isinstance(instance, Topic) and action == "pre_clear":
        invalidate(_topic_articles(instance))  # inside clear()'s own transaction


article_changed.connect(_on_article_changed, dispatch_uid="pagestore-article")
post_delete.connect(_on_article_deleted, sender=Article, dispatch_uid="pagestore-article-gone")
for _signal in (post_save, post_delete):
    _signal.connect(_on_byline_changed, sender=ArticleAuthor, dispatch_uid="pagestore-byline")
post_save.connect(_on_author_saved, sender=Author, dispatch_uid="pagestore-author")
post_save.connect(_on_topic_saved, sender=Topic, dispatch_uid="pagestore-topic")
pre_delete.connect(_on_topic_saved, sender=Topic, dispatch_uid="pagestore-topic-delete")
m2m_changed.connect(_on_topics_changed, sender=Article.topics.through, dispatch_uid="pagestore-m2m")
