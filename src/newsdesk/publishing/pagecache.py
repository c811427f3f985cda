"""Full-page cache for anonymous readers.

A page is stored under a key that includes the current *generation*; any change to published
content bumps the generation, so every cached page goes stale at once without enumerating keys.

Where the cache is per-process (locmem, the embedded default), the generation is a random token
in a stamp file under var/ that every web process reads on each request (a few microseconds), so
a publish by the worker reaches all of them. Where the cache is shared (Redis), the generation
is a key in that cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase

GENERATION_KEY = "pagecache:generation"
CACHEABLE_ATTR = "newsdesk_page_cacheable"
_SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/newsletter/")


def _shared_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _stamp_file() -> Path:
    return Path(settings.VAR_DIR) / "page-generation"


def current_generation() -> str:
    if _shared_cache():
        return str(cache.get_or_set(GENERATION_KEY, 1, timeout=None))
    try:
        return _stamp_file().read_text(encoding="ascii")
    except FileNotFoundError:
        return "0"


def invalidate() -> None:
    if _shared_cache():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
        return
    stamp = _stamp_file()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed into place, so a reader never sees a half-written token.
    fd, tmp = tempfile.mkstemp(dir=stamp.parent, prefix=".page-generation")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(8))
    Path(tmp).replace(stamp)


def public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark a view's successful responses as safe to share between anonymous readers."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, CACHEABLE_ATTR, True)
        return response

    return functools.wraps(view)(wrapped) if hasattr(view, "__name__") else wrapped


def _key(request: HttpRequest) -> str | None:
    if not settings.PAGE_CACHE_SECONDS:
        return None
    if request.method not in {"GET", "HEAD"} or request.path.startswith(_SKIP_PREFIXES):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a signed-in editor sees previews and admin links: never shared
    digest = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"page:{current_generation()}:{request.get_host()}:{digest}"


class PageCacheMiddleware:
    """First in the chain: a hit skips every other middleware and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _key(request)
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                hit = HttpResponse(content, status=status)
                for name, value in headers:
                    hit[name] = value
                hit["X-Cache"] = "hit"
                return hit
        response = self.get_response(request)
        if key is not None and self._storable(response):
            assert isinstance(response, HttpResponse)
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(
                key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
            )
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(response: HttpResponseBase) -> bool:
        return (
            getattr(response, CACHEABLE_ATTR, False)
            and isinstance(response, HttpResponse)
            and response.status_code in {200, 301, 404}
            and not response.cookies
        )
