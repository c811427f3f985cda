"""Path and query parameters shared by the native API's endpoints, with their bounds.

Bounds keep every value storable: a page number or id past what a database integer holds,
or a slug with a NUL in it, is a 422 here rather than an error deep in a query.
"""

from __future__ import annotations

from ninja import P, PathEx, QueryEx

from newsdesk.api.native.schemas import SLUG_PATTERN

PageNumber = QueryEx[int, P(ge=1, le=100_000)]
PerPage = QueryEx[int, P(ge=1, le=100)]
SlugPath = PathEx[str, P(max_length=200, pattern=SLUG_PATTERN)]
SlugQuery = QueryEx[str | None, P(max_length=200, pattern=SLUG_PATTERN)]
RowId = PathEx[int, P(ge=1, le=2**63 - 1)]
