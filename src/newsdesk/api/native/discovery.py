"""/api/v1/search and /api/v1/entities."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import P, Query, QueryEx, Router
from ninja.errors import HttpError

from newsdesk.api.ghost.serializers import public_url
from newsdesk.api.native import present, schemas
from newsdesk.api.native.params import PageNumber, SlugPath, SlugQuery
from newsdesk.discovery.search import selectors as search_selectors
from newsdesk.discovery.search.backends import Filters
from newsdesk.knowledge import display
from newsdesk.knowledge import selectors as knowledge
from newsdesk.knowledge.models import Entity, Quote
from newsdesk.publishing.models import Article, Author, Topic

router = Router(tags=["discovery"])
PER_PAGE = search_selectors.PER_PAGE


def _filters(
    topic: str | None, author: str | None, start: dt.date | None, end: dt.date | None
) -> Filters:
    topic_id = author_id = None
    if topic:
        topic_id = Topic.objects.filter(slug=topic).values_list("pk", flat=True).first()
        if topic_id is None:
            raise HttpError(400, f"No topic with the slug {topic!r}.")
    if author:
        author_id = Author.objects.filter(slug=author).values_list("pk", flat=True).first()
        if author_id is None:
            raise HttpError(400, f"No author with the slug {author!r}.")
    return Filters(
        topic_id=topic_id,
        author_id=author_id,
        start=_midnight(start) if start else None,
        end=_midnight(end + dt.timedelta(days=1)) if end and end < dt.date.max else None,
    )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@router.get(
    "/search",
    response={
        200: schemas.SearchPage,
        400: schemas.Error,
        404: schemas.Error,
        422: schemas.ValidationErrors,
    },
)
def search(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=1000)] = "",
    page: PageNumber = 1,
    topic: SlugQuery = None,
    author: SlugQuery = None,
    start: QueryEx[dt.date | None, P(alias="from")] = None,
    end: QueryEx[dt.date | None, P(alias="to")] = None,
) -> dict[str, Any]:
    """Full-text search of published articles, as on /search/: words, "phrases", -exclusions, OR."""
    filters = _filters(topic, author, start, end)
    try:
        found = search_selectors.search(q, filters, page=page)
    except search_selectors.PageOutOfRange:
        raise HttpError(404, f"There is no page {page} of results.") from None
    ids = [result.article.pk for result in found.results]
    full = present.with_bylines(Article.objects.published()).in_bulk(ids)
    return {
        "query": q,
        **present.pagination(found.number, PER_PAGE, found.total),
        "pages": found.pages,
        "more": found.more,
        "results": [
            {
                "article": present.article_summary(full[result.article.pk]),
                "title_html": str(result.title),
                "snippet_html": str(result.snippet),
            }
            for result in found.results
            if result.article.pk in full
        ],
        "did_you_mean": found.did_you_mean,
        "suggestions": found.suggestions,
    }


ENTITIES_PER_PAGE = 50
ENTITY_LIMIT = 100


@router.get("/entities", response={200: schemas.EntityList, 422: schemas.ValidationErrors})
def list_entities(
    request: HttpRequest,
    page: PageNumber = 1,
    kind: Query[Literal["PERSON", "ORG", "PLACE", "GROUP"] | None] = None,
    q: QueryEx[str, P(max_length=100)] = "",
) -> dict[str, Any]:
    """People, organizations, places and groups named in published articles, most covered
    first; `q` keeps those with a name or alias containing it."""
    entities = knowledge.directory(kind, q)
    total = entities.count()
    start = (page - 1) * ENTITIES_PER_PAGE
    rows = entities.prefetch_related("names")[start : start + ENTITIES_PER_PAGE]
    return {
        **present.pagination(page, ENTITIES_PER_PAGE, total),
        "items": [present.entity_ref(item, mentions=item.article_count) for item in rows],
    }


@router.get(
    "/entities/{slug}",
    response={200: schemas.Entity, 404: schemas.Error, 422: schemas.ValidationErrors},
)
def read_entity(request: HttpRequest, slug: SlugPath) -> dict[str, Any]:
    """An entity with its quotes and the articles that name it (published ones only). A
    merged-away slug answers with the entity it was merged into."""
    try:
        found = knowledge.entity_by_slug(slug)
    except knowledge.EntityMoved as moved:
        found = moved.survivor
    articles = [] if found is None else _entity_articles(found)
    if found is None or not articles:
        raise HttpError(404, f"No entity with the slug {slug!r}.")
    found = Entity.objects.prefetch_related("names").get(pk=found.pk)
    return {
        **present.entity_ref(found, mentions=found.article_count),
        "quotes": [
            _entity_quote(shown.quote)
            for shown in knowledge.entity_quotes(knowledge.merged_ids(found), ENTITY_LIMIT)
        ],
        "articles": [present.article_summary(article) for article in articles],
    }


def _entity_articles(entity: Entity) -> list[Article]:
    ids = knowledge.merged_ids(entity)
    rows = knowledge.entity_articles(ids).defer("body", "body_html", "toc")
    return list(present.with_bylines(rows)[:ENTITY_LIMIT])


def _entity_quote(item: Quote) -> dict[str, Any]:
    url = public_url("article", item.article.slug) + display.text_fragment(item.text)
    return {**present.quote(item), "article": item.article.slug, "url": url}
