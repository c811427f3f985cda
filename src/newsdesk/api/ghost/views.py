"""The Content API endpoints: posts, pages, authors, tags and settings.

Every browse answers with a constant number of queries whatever the page size: the key, the
count, the page, and one query per included relation.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from newsdesk.api.ghost import filters, ids, serializers
from newsdesk.api.ghost.errors import NotFoundError, ValidationError
from newsdesk.api.ghost.http import content_endpoint, json_response
from newsdesk.api.ghost.params import Params, Resource, parse
from newsdesk.publishing import pagecache
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

M = TypeVar("M", bound=Model)
COUNT_SECONDS = 60
SerializeAll = Callable[[list[Any]], list[dict[str, Any]]]

_POST_ORDERS = {
    "published_at": "published_at", "updated_at": "updated_at", "created_at": "created_at",
    "title": "title", "slug": "slug", "featured": "featured", "reading_time": "reading_minutes",
    "id": "id",
}  # fmt: skip
POSTS = Resource("posts", frozenset({"authors", "tags"}), _POST_ORDERS, ("-published_at", "-id"))
PAGES = Resource("pages", frozenset({"authors", "tags"}), _POST_ORDERS, ("-published_at", "-id"))
_NAMED_ORDERS = {"name": "name", "slug": "slug", "id": "id"}
AUTHORS = Resource("authors", frozenset({"count.posts"}), _NAMED_ORDERS, ("name", "id"))
TAGS = Resource("tags", frozenset({"count.posts"}), _NAMED_ORDERS, ("name", "id"))


def _pagination(params: Params, total: int) -> dict[str, Any]:
    size = params.limit or max(total, 1)
    pages = max(1, math.ceil(total / size))
    page = params.page
    return {
        "page": page,
        "limit": params.limit if params.limit is not None else "all",
        "pages": pages,
        "total": total,
        "next": page + 1 if page < pages else None,
        "prev": page - 1 if page > 1 else None,
    }


def _count(resource: Resource, queryset: QuerySet[M], params: Params) -> int:
    """The total for the pagination, remembered until content changes or COUNT_SECONDS pass.

    Counting every visible post costs more than reading a page of them, and the answer only
    changes when content does (the page-cache generation) or, for a relative date in the
    filter, with time; the short lifetime bounds the latter.
    """
    digest = hashlib.blake2b(repr(params.filter).encode(), digest_size=12).hexdigest()
    key = f"ghost:count:{pagecache.current_generation()}:{resource.name}:{digest}"
    total = cache.get(key)
    if total is None:
        total = queryset.count()
        cache.set(key, total, COUNT_SECONDS)
    return int(total)


def _page_of(
    resource: Resource, queryset: QuerySet[M], params: Params
) -> tuple[list[M], dict[str, Any]]:
    total = _count(resource, queryset, params)
    meta = _pagination(params, total)
    if params.limit is None:
        rows = list(queryset) if params.page == 1 else []
    else:
        start = (params.page - 1) * params.limit
        rows = list(queryset[start : start + params.limit]) if start < total else []
    return rows, meta


def _browse(
    resource: Resource,
    params: Params,
    queryset: QuerySet[M],
    properties: Mapping[str, filters.Property],
    serialize: SerializeAll,
    keep: Callable[[dict[str, Any]], Iterable[str]],
) -> HttpResponse:
    filtered = filters.apply(queryset, params.filter, properties).order_by(*params.order)
    rows, pagination = _page_of(resource, filtered, params)
    items = [serializers.pick(data, params.fields, keep=keep(data)) for data in serialize(rows)]
    return json_response({resource.name: items, "meta": {"pagination": pagination}})


def _read(
    resource: Resource,
    params: Params,
    found: Model | None,
    serialize: SerializeAll,
    keep: Callable[[dict[str, Any]], Iterable[str]],
) -> HttpResponse:
    if found is None:
        singular = resource.name[:-1].capitalize()
        raise NotFoundError(f"{singular} not found.")
    data = serialize([found])[0]
    # A read answers a one-item list without meta: the official client unwraps exactly that.
    return json_response({resource.name: [serializers.pick(data, params.fields, keep=keep(data))]})


def _id_or_422(resource: Resource, kind: ids.Kind, raw: str) -> int:
    pk = ids.parse_object_id(kind, raw)
    if pk is None:
        if len(raw) == 24 and all(c in "0123456789abcdef" for c in raw):
            return 0  # well-formed, not ours: simply not found
        raise ValidationError(
            f"Validation error, cannot read {resource.name}.",
            context=f"{raw[:40]!r} is not an id: ids are 24 hexadecimal characters.",
        )
    return pk


def _lookup(resource: Resource, kind: ids.Kind, object_id: str, slug: str) -> Q:
    return Q(slug=slug) if slug else Q(pk=_id_or_422(resource, kind, object_id))


# Posts -------------------------------------------------------------------------------------


def _posts(params: Params) -> QuerySet[Article]:
    return Article.objects.published().defer("body", "toc", "hero_renditions")


def _post_keep(data: dict[str, Any]) -> Iterable[str]:
    return ["id", *(name for name in serializers.RELATIONS if name in data)]


def _post_serializer(params: Params) -> SerializeAll:
    return serializers.PostSerializer(include=params.include, formats=params.formats)


@content_endpoint
def posts(request: HttpRequest) -> HttpResponse:
    params = parse(request.GET, POSTS, browse=True)
    serialize = _post_serializer(params)
    return _browse(POSTS, params, _posts(params), filters.POST_PROPERTIES, serialize, _post_keep)


@content_endpoint
def post(request: HttpRequest, object_id: str) -> HttpResponse:
    params = parse(request.GET, POSTS, browse=False)
    pk = _id_or_422(POSTS, "post", object_id)
    found = _posts(params).filter(pk=pk).first()
    return _read(POSTS, params, found, _post_serializer(params), _post_keep)


@content_endpoint
def post_by_slug(request: HttpRequest, slug: str) -> HttpResponse:
    params = parse(request.GET, POSTS, browse=False)
    found = _posts(params).filter(slug=slug).first()
    return _read(POSTS, params, found, _post_serializer(params), _post_keep)


# Pages: Newsdesk has none, and says so in Ghost's shapes ------------------------------------


@content_endpoint
def pages(request: HttpRequest) -> HttpResponse:
    params = parse(request.GET, PAGES, browse=True)
    none = Article.objects.none()
    return _browse(PAGES, params, none, filters.POST_PROPERTIES, lambda rows: [], _post_keep)


@content_endpoint
def page(request: HttpRequest, object_id: str = "", slug: str = "") -> HttpResponse:
    params = parse(request.GET, PAGES, browse=False)
    return _read(PAGES, params, None, lambda rows: [], _post_keep)


# Authors and tags --------------------------------------------------------------------------


def _live_count(relation: str) -> Count:
    return Count(relation, filter=Q(**{f"{relation}__in": Article.objects.published()}))


def _authors(params: Params) -> QuerySet[Author]:
    # Like Ghost, only people with published work are listed.
    bylines = ArticleAuthor.objects.filter(article__in=Article.objects.published())
    queryset = Author.objects.filter(pk__in=bylines.values("author_id"))
    if "count.posts" in params.include:
        queryset = queryset.annotate(live_posts=_live_count("articles"))
    return queryset


def _tags(params: Params) -> QuerySet[Topic]:
    queryset = Topic.objects.all()
    if "count.posts" in params.include:
        queryset = queryset.annotate(live_posts=_live_count("articles"))
    return queryset


def _serialize_authors(authors: list[Author]) -> list[dict[str, Any]]:
    return [serializers.author_dict(a, count=getattr(a, "live_posts", None)) for a in authors]


def _serialize_tags(topics: list[Topic]) -> list[dict[str, Any]]:
    return [serializers.tag_dict(t, count=getattr(t, "live_posts", None)) for t in topics]


def _keep_count(data: dict[str, Any]) -> Iterable[str]:
    return ["count"] if "count" in data else []


@content_endpoint
def authors(request: HttpRequest) -> HttpResponse:
    params = parse(request.GET, AUTHORS, browse=True)
    queryset = _authors(params)
    return _browse(
        AUTHORS, params, queryset, filters.AUTHOR_PROPERTIES, _serialize_authors, _keep_count
    )


@content_endpoint
def author(request: HttpRequest, object_id: str = "", slug: str = "") -> HttpResponse:
    params = parse(request.GET, AUTHORS, browse=False)
    found = _authors(params).filter(_lookup(AUTHORS, "author", object_id, slug)).first()
    return _read(AUTHORS, params, found, _serialize_authors, _keep_count)


@content_endpoint
def tags(request: HttpRequest) -> HttpResponse:
    params = parse(request.GET, TAGS, browse=True)
    return _browse(
        TAGS, params, _tags(params), filters.TAG_PROPERTIES, _serialize_tags, _keep_count
    )


@content_endpoint
def tag(request: HttpRequest, object_id: str = "", slug: str = "") -> HttpResponse:
    params = parse(request.GET, TAGS, browse=False)
    found = _tags(params).filter(_lookup(TAGS, "tag", object_id, slug)).first()
    return _read(TAGS, params, found, _serialize_tags, _keep_count)


@content_endpoint
def site_settings(request: HttpRequest) -> HttpResponse:
    return json_response({"settings": serializers.settings_dict(), "meta": {}})
