"""Entity pages and the directories of people, organizations, places and groups."""

from __future__ import annotations

from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from newsdesk.knowledge import selectors
from newsdesk.knowledge.models import Entity
from newsdesk.publishing.pagecache import public_page

ARTICLES_PER_PAGE = 20
DIRECTORY_PER_PAGE = 50
QUERY_MAX_CHARS = 100

T = TypeVar("T", bound=Model)


def _page(request: HttpRequest, items: QuerySet[T], size: int) -> Page[T]:
    paginator: Paginator[T] = Paginator(items, size, allow_empty_first_page=True)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("No such page") from None
    if not 1 <= number <= paginator.num_pages:
        raise Http404("No such page")
    return paginator.page(number)


@public_page
def entity(request: HttpRequest, slug: str) -> HttpResponseBase:
    try:
        found = selectors.entity_by_slug(slug)
    except selectors.EntityMoved as moved:
        return redirect(moved.survivor, permanent=True)
    if found is None:
        raise Http404("No such entity")
    page = selectors.entity_page(found)
    articles = _page(request, page.articles, ARTICLES_PER_PAGE)
    # Known only from drafts or unpublished articles: readers have nothing to see.
    if not articles.object_list:
        raise Http404("No published article names this entity")
    context = {"entity": found, "page": page, "articles": articles, "kind": _kind_label(found)}
    return render(request, "knowledge/entity.html", context)


def _kind_label(item: Entity) -> str:
    return str(Entity.Kind(item.kind).label)


@public_page
def overview(request: HttpRequest) -> HttpResponse:
    context = {"sections": selectors.overview(), "directories": selectors.DIRECTORIES}
    return render(request, "knowledge/overview.html", context)


@public_page
def directory(request: HttpRequest, segment: str) -> HttpResponse:
    if segment not in selectors.DIRECTORIES:
        raise Http404("No such directory")
    kind, heading = selectors.DIRECTORIES[segment]
    query = request.GET.get("q", "")[:QUERY_MAX_CHARS].strip()
    entities = _page(request, selectors.directory(kind, query), DIRECTORY_PER_PAGE)
    context = {
        "heading": heading,
        "segment": segment,
        "query": query,
        "entities": entities,
        "directories": selectors.DIRECTORIES,
    }
    return render(request, "knowledge/directory.html", context)
