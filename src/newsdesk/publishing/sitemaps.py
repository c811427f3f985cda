from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap

from newsdesk.knowledge.sitemaps import EntitySitemap
from newsdesk.publishing.models import Article, ArticleQuerySet, Author, Topic


class ArticleSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "weekly"
    limit = 5000

    def items(self) -> ArticleQuerySet:
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class TopicSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"

    def items(self) -> list[Topic]:
        return list(Topic.objects.filter(articles__status=Article.Status.PUBLISHED).distinct())


class AuthorSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "weekly"

    def items(self) -> list[Author]:
        return list(Author.objects.filter(articles__status=Article.Status.PUBLISHED).distinct())


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "entities": EntitySitemap,
}
