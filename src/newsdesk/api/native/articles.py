"""/api/v1/articles: published articles for anyone; writes with an editor token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import P, Query, QueryEx, Router, Status
from ninja.errors import HttpError

from newsdesk.api.native import editing, present, schemas
from newsdesk.api.native.auth import editor_token, token_user
from newsdesk.api.native.params import PageNumber, PerPage, SlugPath, SlugQuery
from newsdesk.publishing import selectors
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article

router = Router(tags=["articles"])

READ_ERRORS: dict[int, Any] = {404: schemas.Error, 422: schemas.ValidationErrors}
WRITE_ERRORS: dict[int, Any] = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.ValidationErrors,
}


def _published(slug: str) -> Article:
    return get_object_or_404(present.with_bylines(Article.objects.published()), slug=slug)


def _any_status(slug: str) -> Article:
    return get_object_or_404(present.with_bylines(Article.objects.all()), slug=slug)


@router.get("/articles", response={200: schemas.ArticleList, 422: schemas.ValidationErrors})
def list_articles(
    request: HttpRequest,
    page: PageNumber = 1,
    per_page: PerPage = 20,
    topic: SlugQuery = None,
    author: SlugQuery = None,
    featured: Query[bool | None] = None,
) -> dict[str, Any]:
    """Published articles, newest first."""
    articles = Article.objects.published().defer("body", "body_html", "toc")
    if topic:
        articles = articles.filter(topics__slug=topic)
    if author:
        articles = articles.filter(authors__slug=author)
    if featured is not None:
        articles = articles.filter(featured=featured)
    total = articles.count()
    start = (page - 1) * per_page
    rows = present.with_bylines(articles.order_by("-published_at", "-id"))[start : start + per_page]
    return {
        **present.pagination(page, per_page, total),
        "items": [present.article_summary(article) for article in rows],
    }


@router.get("/articles/{slug}", response={200: schemas.Article, **READ_ERRORS})
def read_article(request: HttpRequest, slug: SlugPath) -> dict[str, Any]:
    """A published article with its entities, quotes, figures and events."""
    return present.article_full(_published(slug))


@router.get("/articles/{slug}/related", response={200: list[schemas.Related], **READ_ERRORS})
def related(
    request: HttpRequest, slug: SlugPath, limit: QueryEx[int, P(ge=1, le=20)] = 4
) -> list[dict[str, Any]]:
    """Articles to read next, best first, each with the reason it was picked."""
    suggestions = selectors.related_articles(_published(slug), limit)
    ids = [item.article.pk for item in suggestions]
    # The suggestions carry titles only; their bylines and topics come in two more queries.
    full = present.with_bylines(Article.objects.published()).in_bulk(ids)
    return [
        {"article": present.article_summary(full[item.article.pk]), "why": item.why}
        for item in suggestions
        if item.article.pk in full
    ]


@router.post("/articles", auth=editor_token, response={201: schemas.Article, **WRITE_ERRORS})
def create_article(request: HttpRequest, payload: schemas.ArticleIn) -> Status[dict[str, Any]]:
    """A new draft. Publish it with /publish."""
    article = editing.article_create(data=payload, user=token_user(request))
    return Status(201, present.article_full(_any_status(article.slug)))


@router.patch(
    "/articles/{slug}", auth=editor_token, response={200: schemas.Article, **WRITE_ERRORS}
)
def update_article(
    request: HttpRequest, slug: SlugPath, payload: schemas.ArticlePatch
) -> dict[str, Any]:
    """Change the fields given; the others stay. Drafts, scheduled and published alike."""
    article = editing.article_update(
        article=_any_status(slug), data=payload, user=token_user(request)
    )
    return present.article_full(_any_status(article.slug))


def _moment(value: dt.datetime) -> dt.datetime:
    """A time without an offset is UTC, as everywhere in the API."""
    try:
        return (
            value.astimezone(dt.UTC) if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
        )
    except OverflowError:
        raise HttpError(400, "`at` is out of range.") from None


@router.post(
    "/articles/{slug}/publish", auth=editor_token, response={200: schemas.Article, **WRITE_ERRORS}
)
def publish(
    request: HttpRequest, slug: SlugPath, payload: schemas.PublishIn | None = None
) -> dict[str, Any]:
    """Publish now, or schedule with a future `at`. Editors only."""
    at = _moment(payload.at) if payload is not None and payload.at is not None else None
    reason = payload.override_reason if payload is not None else None
    try:
        editing.article_publish(
            article=_any_status(slug), user=token_user(request), at=at, reason=reason
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return present.article_full(_any_status(slug))


@router.post(
    "/articles/{slug}/unpublish", auth=editor_token, response={200: schemas.Article, **WRITE_ERRORS}
)
def unpublish(request: HttpRequest, slug: SlugPath) -> dict[str, Any]:
    """Take an article off the site (it keeps its URL for when it comes back). Editors only."""
    try:
        publishing.article_unpublish(article=_any_status(slug), user=token_user(request))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return present.article_full(_any_status(slug))
