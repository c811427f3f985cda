"""Reads of published content that are more than a filter."""

from __future__ import annotations

from django.db.models import Count, Q

from newsdesk.publishing.models import Article, Author, Topic

RELATED_LIMIT = 4


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """The most recent published articles sharing a topic with ``article``, most shared first."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    if not topic_ids:
        return []
    return list(
        Article.objects.published()
        .filter(topics__in=topic_ids)
        .exclude(pk=article.pk)
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids)))
        .only("title", "slug", "dek", "published_at")
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


def topics_with_articles() -> list[Topic]:
    return list(
        Topic.objects.annotate(
            live=Count("articles", filter=Q(articles__in=Article.objects.published()))
        )
        .filter(live__gt=0)
        .order_by("name")
    )


def author_articles(author: Author) -> list[Article]:
    return list(Article.objects.published().filter(authors=author).for_listing())


def archive_months() -> list[tuple[int, int, int]]:
    """(year, month, count) of published articles, newest first."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    rows = (
        Article.objects.published()
        .annotate(year=ExtractYear("published_at"), month=ExtractMonth("published_at"))
        .values("year", "month")
        .annotate(n=Count("id"))
        .order_by("-year", "-month")
    )
    return [(row["year"], row["month"], row["n"]) for row in rows]
