"""Reads of published content that are more than a filter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Value

from newsdesk.discovery.related.selectors import RelatedArticle, stored_related
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic
from newsdesk.publishing.pagecache import current_generation

RELATED_LIMIT = 4


def live_article_with_page(slug: str) -> Article | None:
    """The published article at ``slug`` with its stored page parts, in one query."""
    return Article.objects.published().select_related("page").filter(slug=slug).first()


def load_byline_and_topics(article: Article) -> None:
    """Read the article's authors (in byline order) and topics with one query, as
    ``article.authors.all()`` and ``article.topics.all()``."""
    in_article = {"article_id": article.pk}
    bylines = (
        ArticleAuthor.objects.filter(**in_article)
        .order_by()
        .values_list(
            Value("a", output_field=CharField()),
            "author_id",
            "author__name",
            "author__slug",
            "position",
            "id",
        )
    )
    tagged = (
        Article.topics.through.objects.filter(**in_article)
        .order_by()
        .values_list(
            Value("t", output_field=CharField()),
            "topic_id",
            "topic__name",
            "topic__slug",
            Value(0, output_field=IntegerField()),
            "id",
        )
    )
    authors: list[tuple[int, int, Author]] = []
    topics: list[Topic] = []
    for kind, pk, name, slug_, position, row in bylines.union(tagged, all=True):
        if kind == "a":
            authors.append((position, row, Author(pk=pk, name=name, slug=slug_)))
        else:
            topics.append(Topic(pk=pk, name=name, slug=slug_))
    prime(article, "authors", [author for *_, author in sorted(authors, key=lambda a: a[:2])])
    prime(article, "topics", sorted(topics, key=lambda t: (t.name, t.pk)))  # Topic.Meta order


def prime(article: Article, relation: str, items: list[Any]) -> None:
    """Fill ``article.<relation>.all()`` as prefetch_related would (Django's own steps in
    ``prefetch_one_level``), from rows read another way."""
    queryset = getattr(article, relation).all()
    queryset._result_cache = items
    queryset._prefetch_done = True
    cached = article.__dict__.setdefault("_prefetched_objects_cache", {})
    cached[relation] = queryset


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[RelatedArticle]:
    """The worker's precomputed list (discovery.related), read with one query.

    Until the worker has computed it (a new article, the desk's preview), the most recent
    published articles sharing a topic with ``article``, most shared first.
    """
    return stored_related(article, limit) or [
        RelatedArticle(item) for item in _sharing_topics(article, limit)
    ]


def _sharing_topics(article: Article, limit: int) -> list[Article]:
    topic_ids = [topic.pk for topic in article.topics.all()]
    if not topic_ids:
        return []
    # EXISTS walks the newest articles and stops at `limit`; counting shared topics instead
    # grouped every article of those topics (10 ms at 10,000 articles, bench/profile_article).
    shares_a_topic = Article.topics.through.objects.filter(
        article_id=OuterRef("pk"), topic_id__in=topic_ids
    )
    return list(
        Article.objects.published()
        .filter(Exists(shares_a_topic))
        .exclude(pk=article.pk)
        .only("title", "slug", "dek", "published_at")
        .order_by("-published_at", "-id")[:limit]
    )


def topics_with_articles() -> list[Topic]:
    """Topics with at least one live article, for the site navigation on every page.

    Kept until published content changes (the page-cache generation), so most pages run no
    query for it.
    """
    key = f"nav-topics:{current_generation()}"
    topics: list[Topic] | None = cache.get(key)
    if topics is None:
        live = Article.objects.published().filter(topics=OuterRef("pk"))
        topics = list(Topic.objects.filter(Exists(live)).order_by("name"))
        cache.set(key, topics, timeout=settings.PAGE_CACHE_SECONDS or 60)
    return topics


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
