"""What every Content API answer shares: the key, Accept-Version, CORS, errors, caching.

Successful answers (and "not found") go into the full-page cache like public pages do. The
key is part of the query string and so of the cache key: each front-end warms its own
entries, and a request with a revoked key cannot be served from the cache because revoking
clears it (``api.services.content_key_revoke``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from newsdesk.api import services
from newsdesk.api.ghost.errors import (
    GhostError,
    MethodNotAllowedError,
    NoPermissionError,
    NotFoundError,
    RequestNotAcceptableError,
    UnauthorizedError,
)
from newsdesk.publishing.pagecache import CACHEABLE_ATTR

# The Ghost release whose Content API this one matches; sent as Content-Version, as Ghost does.
CONTENT_VERSION = "v5.0"
_MAJOR = 5
_ACCEPT_VERSION = re.compile(r"^v(\d{1,3})(?:\.(\d{1,3}))?$")
_ERROR_CACHE_CONTROL = "no-cache, private, no-store, must-revalidate, max-age=0"

View = Callable[..., HttpResponse]


def json_response(data: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _headers(response: HttpResponse) -> HttpResponse:
    # Content API keys are meant for browsers on any site: every origin may read.
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept-Version"
    response["Content-Version"] = CONTENT_VERSION
    return response


def error_response(error: GhostError) -> HttpResponse:
    response = json_response({"errors": [error.as_dict()]}, status=error.status)
    response["Cache-Control"] = _ERROR_CACHE_CONTROL
    return _headers(response)


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept-Version, Content-Type, Authorization"
    response["Access-Control-Max-Age"] = "86400"
    return _headers(response)


def requested_major(request: HttpRequest) -> int | None:
    """The major version in Accept-Version; None when absent or not a version.

    The header cannot change a successful answer (there is one Content API here), which is
    also why answers can be cached by URL alone: it only turns "not found" into "not
    acceptable" when the client expects a newer API than this one.
    """
    match = _ACCEPT_VERSION.match(request.headers.get("Accept-Version", "").strip())
    return int(match.group(1)) if match else None


def _check_key(request: HttpRequest) -> None:
    key = request.GET.get("key", "").strip()
    if not key:
        raise NoPermissionError(
            context="Unable to determine the authenticated integration. Add ?key= with a Content "
            "API key (`newsdesk apikey create --name NAME`)."
        )
    if not services.content_key_is_valid(key):
        raise UnauthorizedError(context="The key is unknown or has been revoked.")


def content_endpoint(view: View) -> View:
    """A Content API endpoint: GET only, a valid key, Ghost's headers and error envelope."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            return _preflight()
        try:
            if request.method not in {"GET", "HEAD"}:
                raise MethodNotAllowedError()
            _check_key(request)
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "public, max-age=0"
        except NotFoundError as exc:
            response = error_response(exc)
        except GhostError as exc:
            return error_response(exc)
        setattr(response, CACHEABLE_ATTR, True)
        return _headers(response)

    return wrapped


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under the Content API: 404, or 406 when the client expects a newer API."""
    if request.method == "OPTIONS":
        return _preflight()
    major = requested_major(request)
    if major is not None and major > _MAJOR:
        return error_response(
            RequestNotAcceptableError(
                context=f"Provided client accept-version v{major} is ahead of the "
                f"Content API here, {CONTENT_VERSION}.",
                help="This path may exist in a newer Ghost API; Newsdesk does not have it.",
            )
        )
    return error_response(NotFoundError(context=f"There is no {request.path} endpoint."))
