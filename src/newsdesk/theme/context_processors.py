from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from newsdesk.publishing.pagecache import current_generation
from newsdesk.publishing.selectors import topics_with_articles


@dataclass(frozen=True)
class NavLink:
    """A topic as the site navigation shows it, its URL reversed once."""

    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def nav_links() -> list[NavLink]:
    """Kept per page-cache generation like the topics themselves (publishing.selectors), as
    plain pairs: a page neither unpickles model instances nor reverses a URL per topic."""
    key = f"nav-links:{current_generation()}"
    links: list[NavLink] | None = cache.get(key)
    if links is None:
        links = [NavLink(t.name, t.get_absolute_url()) for t in topics_with_articles()]
        cache.set(key, links, timeout=settings.PAGE_CACHE_SECONDS or 60)
    return links


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Lazy: pages that do not show the topic navigation do not pay for it.
        "nav_topics": SimpleLazyObject(nav_links),
    }
