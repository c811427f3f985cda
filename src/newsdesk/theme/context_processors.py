from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from newsdesk.publishing.selectors import topics_with_articles


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Lazy: pages that do not show the topic navigation do not pay for the query.
        "nav_topics": SimpleLazyObject(topics_with_articles),
    }
