"""RSS 2.0, Atom and JSON Feed 1.1, site-wide and per topic, with full article content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from newsdesk.publishing.models import Article, Topic
from newsdesk.publishing.pagecache import public_page

FEED_SIZE = 20


def feed_articles(topic: Topic | None) -> list[Article]:
    articles = Article.objects.published().prefetch_related("authors", "topics")
    if topic is not None:
        articles = articles.filter(topics=topic)
    return list(articles.order_by("-published_at", "-id")[:FEED_SIZE])


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class FullContentAtomFeed(Atom1Feed):
    """Atom with the dek as <summary> and the whole article as <content>."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ArticleFeed(Feed):  # type: ignore[type-arg]
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    url_name = "rss"

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Topic | None:
        return get_object_or_404(Topic, slug=slug) if slug else None

    def title(self, topic: Topic | None) -> str:
        return f"{settings.SITE_NAME}: {topic.name}" if topic else settings.SITE_NAME

    # Absolute links from NEWSDESK_SITE_URL: a feed read through a proxy or cached copy must
    # still point at the public site, whatever Host the request carried.
    def link(self, topic: Topic | None) -> str:
        return absolute(topic.get_absolute_url() if topic else "/")

    def feed_url(self, topic: Topic | None) -> str:
        name = self.url_name
        return absolute(reverse(f"topic-{name}", args=[topic.slug]) if topic else reverse(name))

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def description(self, topic: Topic | None) -> str:
        return (topic.description if topic else "") or f"Latest analysis from {settings.SITE_NAME}"

    def items(self, topic: Topic | None) -> list[Article]:
        return feed_articles(topic)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.body_html if self.feed_type is Rss201rev2Feed else item.dek

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.content_updated_at or item.published_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.authors.all())

    def item_categories(self, item: Article) -> list[str]:
        return [topic.name for topic in item.topics.all()]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {"content_html": item.body_html}


class AtomArticleFeed(ArticleFeed):
    feed_type = FullContentAtomFeed
    url_name = "atom"

    def subtitle(self, topic: Topic | None) -> str:
        return self.description(topic)


rss = public_page(ArticleFeed())
atom = public_page(AtomArticleFeed())


@public_page
def json_feed(request: HttpRequest, slug: str | None = None) -> JsonResponse:
    topic = get_object_or_404(Topic, slug=slug) if slug else None
    home = topic.get_absolute_url() if topic else "/"
    own = reverse("topic-json-feed", args=[slug]) if slug else reverse("json-feed")
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{settings.SITE_NAME}: {topic.name}" if topic else settings.SITE_NAME,
        "home_page_url": absolute(home),
        "feed_url": absolute(own),
        "language": "en",
        "items": [
            {
                "id": absolute(item.get_absolute_url()),
                "url": absolute(item.get_absolute_url()),
                "title": item.title,
                "summary": item.dek,
                "content_html": item.body_html,
                "date_published": item.published_at.isoformat() if item.published_at else None,
                "date_modified": (item.content_updated_at or item.published_at).isoformat()
                if item.published_at
                else None,
                "authors": [
                    {"name": a.name, "url": absolute(a.get_absolute_url())}
                    for a in item.authors.all()
                ],
                "tags": [t.name for t in item.topics.all()],
                **({"image": absolute(item.hero_image.url)} if item.hero_image else {}),
            }
            for item in feed_articles(topic)
        ],
    }
    return JsonResponse(
        document, content_type="application/feed+json", json_dumps_params={"indent": 1}
    )
