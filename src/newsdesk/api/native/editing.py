"""Article writes from the API, through the same services the desk uses.

Status only ever changes through ``publishing.services`` (publish, schedule, unpublish); a
create is always a draft. The rules are the desk's: contributors write and change drafts,
editors change anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from ninja.errors import HttpError

from newsdesk.accounts.models import User
from newsdesk.api.native import schemas
from newsdesk.knowledge import gate
from newsdesk.lib.text import slugify
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

_PLAIN_FIELDS = ("title", "dek", "body", "featured", "seo_title", "seo_description")


def _authors(slugs: Sequence[str], user: User) -> list[Author]:
    if not slugs:
        own = Author.objects.filter(user=user).first()
        if own is None:
            raise HttpError(400, "Name the authors: this token's account has no author profile.")
        return [own]
    found = {author.slug: author for author in Author.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise HttpError(400, f"No author with the slug {missing[0]!r}; create it in the desk.")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _topics(slugs: Sequence[str]) -> list[Topic]:
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise HttpError(400, f"No topic with the slug {missing[0]!r}; create it in the desk.")
    return list(found.values())


def _check_canonical(url: str) -> None:
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except DjangoValidationError:
            raise HttpError(400, "canonical_url must be an absolute http(s) URL.") from None


def _free_slug(slug: str, article: Article) -> str:
    if Article.objects.exclude(pk=article.pk).filter(slug=slug).exists():
        raise HttpError(409, f"The slug {slug!r} belongs to another article.")
    return slug


def _unused_slug(title: str) -> str:
    base = slugify(title, max_length=190)
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_bylines(article: Article, authors: list[Author]) -> None:
    ArticleAuthor.objects.filter(article=article).exclude(author__in=authors).delete()
    for position, author in enumerate(authors):
        ArticleAuthor.objects.update_or_create(
            article=article, author=author, defaults={"position": position}
        )


@transaction.atomic
def article_create(*, data: schemas.ArticleIn, user: User) -> Article:
    authors = _authors(data.authors, user)
    topics = _topics(data.topics)
    _check_canonical(data.canonical_url)
    article = Article(status=Article.Status.DRAFT, canonical_url=data.canonical_url)
    for name in _PLAIN_FIELDS:
        setattr(article, name, getattr(data, name))
    article.slug = _free_slug(data.slug, article) if data.slug else _unused_slug(data.title)
    publishing.article_save(article=article, user=user, note="Created through the API")
    # After the save, in the same transaction, as the desk and the importers do.
    _set_bylines(article, authors)
    article.topics.set(topics)
    return article


@transaction.atomic
def article_update(*, article: Article, data: schemas.ArticlePatch, user: User) -> Article:
    if not user.can_publish and article.status != Article.Status.DRAFT:
        raise HttpError(403, "Contributors can change drafts only; ask an editor.")
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if any(changes.get(name) is None for name in changes):
        raise HttpError(400, "Leave a field out to keep it; null is not a value here.")
    authors = _authors(changes["authors"], user) if "authors" in changes else None
    topics = _topics(changes["topics"]) if "topics" in changes else None
    if "canonical_url" in changes:
        _check_canonical(changes["canonical_url"])
        article.canonical_url = changes["canonical_url"]
    previous = Article.objects.get(pk=article.pk)
    for name in _PLAIN_FIELDS:
        if name in changes:
            setattr(article, name, changes[name])
    if "slug" in changes:
        article.slug = _free_slug(changes["slug"], article)
    _gate(article, previous, user, changes.get("override_reason"))
    note = "Edited through the API"
    publishing.article_save(article=article, user=user, previous=previous, note=note)
    if authors is not None:
        _set_bylines(article, authors)
    if topics is not None:
        article.topics.set(topics)
    return article


def _gate(article: Article, previous: Article, user: User, reason: str | None) -> None:
    """Changing the text of a live article passes the publish gate, as going live does."""
    changed = any(getattr(article, n) != getattr(previous, n) for n in gate.CONTENT_FIELDS)
    if gate.is_gated(
        new_status=article.status, old_status=previous.status, content_changed=changed
    ):
        gate.require_clear(
            article=article, user=user, reason=reason, findings=gate.publish_check(article)
        )


@transaction.atomic
def article_publish(
    *, article: Article, user: User, at: dt.datetime | None, reason: str | None
) -> Article:
    """Publish or schedule through the publish gate (editors only: the service says so)."""
    if user.can_publish and article.status not in gate.LIVE:
        gate.require_clear(
            article=article, user=user, reason=reason, findings=gate.publish_check(article)
        )
    return publishing.article_publish(article=article, user=user, at=at)
