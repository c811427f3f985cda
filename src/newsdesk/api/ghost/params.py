"""The query parameters of the Content API, checked and parsed: include, fields, formats,
filter, limit, page and order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsdesk.api.ghost import nql
from newsdesk.api.ghost.errors import BadRequestError, ValidationError

DEFAULT_LIMIT = 15
FORMATS = frozenset({"html", "plaintext"})


@dataclass(frozen=True)
class Resource:
    name: str  # "posts", as in the URL and the response envelope
    includes: frozenset[str]
    orders: Mapping[str, str]  # Ghost's field name → our column
    default_order: tuple[str, ...]


@dataclass(frozen=True)
class Params:
    include: frozenset[str]
    fields: tuple[str, ...] | None
    formats: frozenset[str]
    filter: nql.Node | None
    limit: int | None  # None: limit=all
    page: int
    order: tuple[str, ...]


def _words(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _invalid(resource: Resource, context: str) -> ValidationError:
    return ValidationError(f"Validation error, cannot list {resource.name}.", context=context)


def _include(resource: Resource, raw: str) -> frozenset[str]:
    asked = frozenset(_words(raw))
    unknown = sorted(asked - resource.includes)
    if unknown:
        allowed = ", ".join(sorted(resource.includes)) or "nothing"
        raise _invalid(
            resource, f"include={unknown[0]} is not known; {resource.name} include {allowed}"
        )
    return asked


def _formats(resource: Resource, raw: str) -> frozenset[str]:
    asked = frozenset(_words(raw))
    if not asked or asked - FORMATS:
        raise _invalid(resource, "formats are html and plaintext")
    return asked


def _positive(resource: Resource, name: str, raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise _invalid(resource, f"{name} must be a whole number from 1, not {raw[:40]!r}")
    return int(raw)


def _order(resource: Resource, raw: str) -> tuple[str, ...]:
    columns: list[str] = []
    for clause in _words(raw):
        field, _, direction = clause.partition(" ")
        direction = direction.strip().lower() or "asc"
        column = resource.orders.get(field.lower())
        if column is None or direction not in {"asc", "desc"}:
            known = ", ".join(sorted(resource.orders))
            raise _invalid(
                resource,
                f"order={clause[:60]!r}: {resource.name} are ordered by {known}, asc or desc",
            )
        columns.append(f"-{column}" if direction == "desc" else column)
    if not columns:
        return resource.default_order
    # The id breaks ties, so that pages never repeat or skip a row.
    tiebreak = "-id" if columns[0].startswith("-") else "id"
    return (*columns, tiebreak)


def _filter(raw: str) -> nql.Node:
    try:
        return nql.parse(raw)
    except nql.NQLError as exc:
        raise BadRequestError("Error parsing filter", context=str(exc)) from None


def parse(query: Mapping[str, str], resource: Resource, *, browse: bool) -> Params:
    """Read endpoints take include, fields and formats; browse endpoints take the rest too."""
    include = _include(resource, query["include"]) if "include" in query else frozenset()
    fields = tuple(f.lower() for f in _words(query["fields"])) if query.get("fields") else None
    formats = _formats(resource, query["formats"]) if "formats" in query else frozenset({"html"})
    if not browse:
        return Params(include, fields, formats, None, 1, 1, resource.default_order)
    raw_limit = query.get("limit", "").strip()
    limit: int | None = DEFAULT_LIMIT
    if raw_limit == "all":
        limit = None
    elif raw_limit:
        limit = _positive(resource, "limit", raw_limit)
    raw_page = query.get("page", "").strip()
    page = _positive(resource, "page", raw_page) if raw_page else 1
    raw_filter = query.get("filter", "")
    return Params(
        include=include,
        fields=fields,
        formats=formats,
        filter=_filter(raw_filter) if raw_filter.strip() else None,
        limit=limit,
        page=page,
        order=_order(resource, query["order"]) if query.get("order") else resource.default_order,
    )
