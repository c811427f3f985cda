from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from newsdesk.knowledge.models import Entity
from newsdesk.knowledge.selectors import directory


class EntitySitemap(Sitemap):  # type: ignore[type-arg]
    """Entity pages readers can open: named in a published article, not merged away."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Entity]:
        return list(directory(None).only("slug").order_by("-article_count", "pk"))
