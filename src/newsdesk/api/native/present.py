"""Rows as the native API's plain dictionaries (validated against ``schemas`` on the way out)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from newsdesk.api.ghost.serializers import absolute, public_url
from newsdesk.knowledge.models import Entity, Event, Figure, Mention, Quote
from newsdesk.newsletter.models import Subscriber
from newsdesk.publishing.models import Article, ArticleAuthor


def with_bylines(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Two queries for any number of articles: their bylines (ordered) and their topics."""
    bylines = ArticleAuthor.objects.select_related("author").order_by("position", "id")
    return queryset.prefetch_related(Prefetch("articleauthor_set", queryset=bylines), "topics")


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "dek": article.dek,
        "url": public_url("article", article.slug),
        "published_at": article.published_at,
        "featured": article.featured,
        "reading_minutes": article.reading_minutes,
        "authors": [
            {
                "slug": byline.author.slug,
                "name": byline.author.name,
                "url": public_url("author", byline.author.slug),
            }
            for byline in article.articleauthor_set.all()
        ],
        "topics": [
            {"slug": topic.slug, "name": topic.name, "url": public_url("topic", topic.slug)}
            for topic in article.topics.all()
        ],
    }


def article_full(article: Article) -> dict[str, Any]:
    return {
        **article_summary(article),
        "status": article.status,
        "updated_at": article.updated_at,
        "content_updated_at": article.content_updated_at,
        "word_count": article.word_count,
        "body": article.body,
        "body_html": article.body_html,
        "toc": article.toc,
        "hero_image": absolute(article.hero_image.url) if article.hero_image else None,
        "hero_alt": article.hero_alt,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "canonical_url": article.canonical_url,
        **article_knowledge(article),
    }


def article_knowledge(article: Article) -> dict[str, list[dict[str, Any]]]:
    """What extraction stored for one article, in four queries."""
    mentions = (
        Mention.objects.filter(article=article)
        .select_related("entity")
        .prefetch_related("entity__names")
        .order_by("first_start", "pk")
    )
    quotes = Quote.objects.filter(article=article).select_related("entity")
    return {
        "entities": [entity_ref(m.entity, mentions=m.count, name=m.name) for m in mentions],
        "quotes": [quote(q) for q in quotes.order_by("position", "start")],
        "figures": [figure(f) for f in Figure.objects.filter(article=article)],
        "events": [event(e) for e in Event.objects.filter(article=article)],
    }


def entity_ref(entity: Entity, *, mentions: int, name: str = "") -> dict[str, Any]:
    """An entity as named in one article (``mentions``: times there) or site-wide."""
    name = name or entity.name
    return {
        "slug": entity.slug,
        "name": name,
        "kind": entity.kind,
        "aliases": sorted({n.name for n in entity.names.all()} - {name}, key=str.casefold),
        "mentions": mentions,
        "url": public_url("entity", entity.slug),
    }


def quote(item: Quote) -> dict[str, Any]:
    return {
        "text": item.text,
        "kind": item.kind,
        "speaker": item.speaker,
        "role": item.role,
        "organization": item.organization,
        "start": item.start,
        "end": item.end,
        "entity": item.entity.slug if item.entity else None,
    }


def figure(item: Figure) -> dict[str, Any]:
    return {
        "text": item.text,
        "value": item.value,
        "unit": item.unit,
        "per": item.per,
        "period": item.period,
        "previous": item.previous,
        "previous_period": item.previous_period,
        "start": item.start,
        "end": item.end,
    }


def event(item: Event) -> dict[str, Any]:
    return {
        "date": item.iso,
        "precision": item.precision,
        "text": item.text,
        "start": item.start,
        "end": item.end,
    }


def subscriber(item: Subscriber) -> dict[str, Any]:
    return {
        "id": item.pk,
        "email": item.email,
        "name": item.name,
        "status": item.status,
        "newsletters": [n.slug for n in item.newsletters.all()],
        "topics": [t.slug for t in item.topics.all()],
        "created_at": item.created_at,
        "confirmed_at": item.confirmed_at,
        "unsubscribed_at": item.unsubscribed_at,
    }


def pagination(page: int, per_page: int, total: int) -> dict[str, int]:
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, -(-total // per_page)),
    }
