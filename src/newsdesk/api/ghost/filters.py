"""NQL trees turned into Django queries, property by property, for each resource.

Only the properties listed here can be filtered on; anything else is a 400 that names the
ones that can. Conditions on a relation (a post's tags or authors) become a subquery each, so
``tag:a+tag:b`` means "has both" and ``tag:-a`` means "has not", as in Ghost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from newsdesk.api.ghost import ids, nql
from newsdesk.api.ghost.errors import BadRequestError
from newsdesk.publishing.models import Article, ArticleAuthor

_NEGATED: dict[str, str] = {
    "ne": "eq", "nin": "in", "not_contains": "contains",
    "not_startswith": "startswith", "not_endswith": "endswith",
}  # fmt: skip
_LOOKUP = {
    "eq": "exact", "in": "in", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte",
    "contains": "icontains", "startswith": "istartswith", "endswith": "iendswith",
}  # fmt: skip
M = TypeVar("M", bound=Model)
# Beyond these a value cannot be stored in a column: such a filter is the client's error.
_MAX_NUMBER = 2**53
_MAX_RELATIVE_SECONDS = 200 * 365 * 86400
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "M": 30 * 86400, "y": 365 * 86400}


class FilterError(BadRequestError):
    message = "Error parsing filter"


def _bad(context: str) -> FilterError:
    return FilterError(context=context)


def _values(condition: nql.Condition) -> Sequence[nql.Value]:
    value = condition.value
    return value if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class Column:
    """A plain column; ``convert`` checks and converts one NQL value for it."""

    path: str
    convert: Callable[[str, nql.Value], Any]
    ops: frozenset[str] = frozenset({"eq", "in", "gt", "gte", "lt", "lte"})

    def q(self, prop: str, op: str, values: Sequence[nql.Value]) -> Q:
        if op not in self.ops:
            raise _bad(f"{prop} cannot be compared with {op}")
        if op == "eq" and values[0] is None:
            return Q(**{f"{self.path}__isnull": True})
        converted = [self.convert(prop, value) for value in values]
        return Q(**{f"{self.path}__{_LOOKUP[op]}": converted if op == "in" else converted[0]})


@dataclass(frozen=True)
class Relation:
    """A to-many property, matched through its link table: one subquery per condition."""

    links: Callable[[], QuerySet[Any]]
    owner: str  # the link table's column pointing back at the filtered row
    path: str  # from the link row to the compared value
    convert: Callable[[str, nql.Value], Any]

    def q(self, prop: str, op: str, values: Sequence[nql.Value]) -> Q:
        if op not in {"eq", "in"}:
            raise _bad(f"{prop} can only be matched, as in {prop}:a or {prop}:[a,b]")
        wanted = [self.convert(prop, value) for value in values]
        matching = self.links().filter(**{f"{self.path}__in": wanted}).values(self.owner)
        return Q(pk__in=matching)


@dataclass(frozen=True)
class Constant:
    """A property every visible row has the same value for (Ghost's visibility, status)."""

    value: str

    def q(self, prop: str, op: str, values: Sequence[nql.Value]) -> Q:
        if op not in {"eq", "in"}:
            raise _bad(f"{prop} can only be matched")
        # Written as conditions on the key, so that negating them (visibility:-public) works.
        return Q(pk__isnull=False) if self.value in values else Q(pk__in=[])


Property = Column | Relation | Constant


def text(prop: str, value: nql.Value) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, nql.RelativeDate):
        raise _bad(f"{prop} takes text")
    return str(value)


def boolean(prop: str, value: nql.Value) -> bool:
    if not isinstance(value, bool):
        raise _bad(f"{prop} takes true or false")
    return value


def number(prop: str, value: nql.Value) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > _MAX_NUMBER:
        raise _bad(f"{prop} takes a number")
    return value


def moment(prop: str, value: nql.Value) -> datetime:
    """A date and time: ISO 8601, "2024-05-01 09:30:00" or "2024-05-01" (UTC), or now-30d."""
    if isinstance(value, nql.RelativeDate):
        seconds = value.amount * _UNITS[value.unit]
        if seconds > _MAX_RELATIVE_SECONDS:
            raise _bad(
                f"{prop}: now{'+' if value.sign > 0 else '-'}{value.amount}{value.unit} is too far"
            )
        return timezone.now() + value.sign * timedelta(seconds=seconds)
    if not isinstance(value, str):
        raise _bad(f"{prop} takes a date such as '2024-05-01 09:30:00'")
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = datetime(day.year, day.month, day.day)
        if parsed is not None:
            return (
                parsed.astimezone(UTC) if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)
            )
    except (ValueError, OverflowError):  # well-formed but impossible: 2024-02-30, year 0
        pass
    raise _bad(f"{prop}: {value[:40]!r} is not a date such as '2024-05-01 09:30:00'")


def object_id(kind: ids.Kind) -> Callable[[str, nql.Value], int]:
    def convert(prop: str, value: nql.Value) -> int:
        # An id that is not one of ours matches no row, as an unknown id does in Ghost.
        return ids.parse_object_id(kind, value) or 0

    return convert


def _topic_links() -> QuerySet[Any]:
    return Article.topics.through.objects.all()


def _author_links() -> QuerySet[ArticleAuthor]:
    return ArticleAuthor.objects.all()


_DATES = frozenset({"eq", "gt", "gte", "lt", "lte"})
_TEXT = frozenset({"eq", "in", "contains", "startswith", "endswith"})

POST_PROPERTIES: Mapping[str, Property] = {
    "id": Column("pk", object_id("post"), frozenset({"eq", "in"})),
    "slug": Column("slug", text, _TEXT),
    "title": Column("title", text, _TEXT),
    "custom_excerpt": Column("dek", text, _TEXT),
    "featured": Column("featured", boolean, frozenset({"eq"})),
    "published_at": Column("published_at", moment, _DATES),
    "updated_at": Column("updated_at", moment, _DATES),
    "created_at": Column("created_at", moment, _DATES),
    "reading_time": Column("reading_minutes", number),
    "visibility": Constant("public"),
    "status": Constant("published"),
    "tag": Relation(_topic_links, "article_id", "topic__slug", text),
    "tags": Relation(_topic_links, "article_id", "topic__slug", text),
    "tags.slug": Relation(_topic_links, "article_id", "topic__slug", text),
    "tags.name": Relation(_topic_links, "article_id", "topic__name", text),
    "tags.id": Relation(_topic_links, "article_id", "topic_id", object_id("tag")),
    "author": Relation(_author_links, "article_id", "author__slug", text),
    "authors": Relation(_author_links, "article_id", "author__slug", text),
    "authors.slug": Relation(_author_links, "article_id", "author__slug", text),
    "authors.name": Relation(_author_links, "article_id", "author__name", text),
    "authors.id": Relation(_author_links, "article_id", "author_id", object_id("author")),
}
AUTHOR_PROPERTIES: Mapping[str, Property] = {
    "id": Column("pk", object_id("author"), frozenset({"eq", "in"})),
    "slug": Column("slug", text, _TEXT),
    "name": Column("name", text, _TEXT),
}
TAG_PROPERTIES: Mapping[str, Property] = {
    "id": Column("pk", object_id("tag"), frozenset({"eq", "in"})),
    "slug": Column("slug", text, _TEXT),
    "name": Column("name", text, _TEXT),
    "visibility": Constant("public"),
}


def to_q(node: nql.Node, properties: Mapping[str, Property]) -> Q:
    if isinstance(node, nql.And | nql.Or):
        parts = [to_q(item, properties) for item in node.items]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if isinstance(node, nql.And) else combined | part
        return combined
    prop = properties.get(node.prop)
    if prop is None:
        known = ", ".join(sorted(properties))
        raise _bad(f"{node.prop!r} cannot be filtered on; the properties are: {known}")
    positive = _NEGATED.get(node.op, node.op)
    q = prop.q(node.prop, positive, _values(node))
    return ~q if positive != node.op else q


def apply(
    queryset: QuerySet[M], node: nql.Node | None, properties: Mapping[str, Property]
) -> QuerySet[M]:
    return queryset if node is None else queryset.filter(to_q(node, properties))
