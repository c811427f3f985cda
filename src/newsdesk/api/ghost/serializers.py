"""Our rows in Ghost's shapes: posts (articles), authors, tags (topics) and settings.

Fields Ghost has and Newsdesk does not (code injection, Open Graph overrides, member tiers)
are present and null, so that clients reading them find what they expect.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from newsdesk.api.ghost import ids
from newsdesk.lib.markdown import plain_text
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

EXCERPT_CHARS = 500
_TAG_NULLS = (
    "feature_image", "og_image", "og_title", "og_description", "twitter_image", "twitter_title",
    "twitter_description", "meta_title", "meta_description", "codeinjection_head",
    "codeinjection_foot", "canonical_url", "accent_color",
)  # fmt: skip
_AUTHOR_NULLS = (
    "cover_image", "website", "location", "facebook", "twitter", "meta_title", "meta_description",
)  # fmt: skip
_POST_NULLS = (
    "feature_image_caption", "codeinjection_head", "codeinjection_foot", "custom_template",
    "og_image", "og_title", "og_description", "twitter_image", "twitter_title",
    "twitter_description", "email_subject", "frontmatter",
)  # fmt: skip


def timestamp(value: datetime | None) -> str | None:
    """Ghost's form: UTC, milliseconds, an explicit offset."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}+00:00"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@functools.cache
def _url_parts(name: str) -> tuple[str, str]:
    # Reversing once per URL name, not once per row: a page of 15 posts links ~60 URLs.
    marker = "slug-marker"
    path = reverse(name, args=[marker])
    before, _, after = path.partition(marker)
    return before, after


def public_url(name: str, slug: str) -> str:
    before, after = _url_parts(name)
    return absolute(f"{before}{slug}{after}")


def _media_url(field: Any) -> str | None:
    return absolute(field.url) if field else None


def tag_dict(topic: Topic, *, count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ids.object_id("tag", topic.pk),
        "name": topic.name,
        "slug": topic.slug,
        "description": topic.description or None,
        "visibility": "public",
        "url": public_url("topic", topic.slug),
    }
    data.update(dict.fromkeys(_TAG_NULLS))
    if count is not None:
        data["count"] = {"posts": count}
    return data


def author_dict(author: Author, *, count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ids.object_id("author", author.pk),
        "name": author.name,
        "slug": author.slug,
        "profile_image": _media_url(author.avatar),
        "bio": author.bio or None,
        "url": public_url("author", author.slug),
    }
    data.update(dict.fromkeys(_AUTHOR_NULLS))
    if count is not None:
        data["count"] = {"posts": count}
    return data


class PostSerializer:
    """A page of posts, with their authors and tags read in one query each.

    The relations are read as plain values rather than prefetched model instances: on a page
    of 15 posts that is most of the time a request takes. An author or tag on several posts
    is converted once.
    """

    def __init__(self, *, include: Iterable[str], formats: Iterable[str]) -> None:
        self.include = frozenset(include)
        self.formats = frozenset(formats)

    def __call__(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        ids_ = [article.pk for article in articles]
        authors = _authors_by_post(ids_) if "authors" in self.include else {}
        tags = _tags_by_post(ids_) if "tags" in self.include else {}
        return [self.one(article, authors, tags) for article in articles]

    def one(
        self,
        article: Article,
        authors: Mapping[int, list[dict[str, Any]]],
        tags: Mapping[int, list[dict[str, Any]]],
    ) -> dict[str, Any]:
        plaintext: str | None = None
        if "plaintext" in self.formats or not article.dek:
            plaintext = plain_text(article.body_html)
        post_id = ids.object_id("post", article.pk)
        data: dict[str, Any] = {
            "id": post_id,
            "uuid": ids.post_uuid(article.pk),
            "title": article.title,
            "slug": article.slug,
            "comment_id": post_id,
            "feature_image": _media_url(article.hero_image),
            "feature_image_alt": article.hero_alt or None,
            "featured": article.featured,
            "visibility": "public",
            "created_at": timestamp(article.created_at),
            "updated_at": timestamp(article.updated_at),
            "published_at": timestamp(article.published_at),
            "custom_excerpt": article.dek or None,
            "canonical_url": article.canonical_url or None,
            "url": public_url("article", article.slug),
            "excerpt": article.dek or (plaintext or "")[:EXCERPT_CHARS],
            "reading_time": article.reading_minutes,
            "access": True,
            "comments": False,
            "meta_title": article.seo_title or None,
            "meta_description": article.seo_description or None,
        }
        data.update(dict.fromkeys(_POST_NULLS))
        if "html" in self.formats:
            data["html"] = article.body_html
        if "plaintext" in self.formats:
            data["plaintext"] = plaintext
        if "authors" in self.include:
            data["authors"] = authors.get(article.pk, [])
            data["primary_author"] = data["authors"][0] if data["authors"] else None
        if "tags" in self.include:
            data["tags"] = tags.get(article.pk, [])
            data["primary_tag"] = data["tags"][0] if data["tags"] else None
        return data


def _authors_by_post(post_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        ArticleAuthor.objects.filter(article_id__in=post_ids)
        .order_by("position", "id")
        .values_list(
            "article_id", "author_id", "author__name", "author__slug", "author__bio",
            "author__avatar",
        )
    )  # fmt: skip
    converted: dict[int, dict[str, Any]] = {}
    by_post: dict[int, list[dict[str, Any]]] = {}
    for post, pk, name, slug, bio, avatar in rows:
        if pk not in converted:
            author = Author(pk=pk, name=name, slug=slug, bio=bio, avatar=avatar)
            converted[pk] = author_dict(author)
        by_post.setdefault(post, []).append(converted[pk])
    return by_post


def _tags_by_post(post_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        Article.topics.through.objects.filter(article_id__in=post_ids)
        .order_by("topic__name", "topic_id")
        .values_list("article_id", "topic_id", "topic__name", "topic__slug", "topic__description")
    )
    converted: dict[int, dict[str, Any]] = {}
    by_post: dict[int, list[dict[str, Any]]] = {}
    for post, pk, name, slug, description in rows:
        if pk not in converted:
            converted[pk] = tag_dict(Topic(pk=pk, name=name, slug=slug, description=description))
        by_post.setdefault(post, []).append(converted[pk])
    return by_post


RELATIONS = frozenset({"authors", "primary_author", "tags", "primary_tag"})


def pick(
    data: dict[str, Any], fields: Iterable[str] | None, *, keep: Iterable[str]
) -> dict[str, Any]:
    """Only the asked-for fields, plus ``keep`` (a post's id and the relations it included)."""
    if fields is None:
        return data
    wanted = set(fields) | set(keep)
    return {name: value for name, value in data.items() if name in wanted}


def settings_dict() -> dict[str, Any]:
    home = reverse("home")
    return {
        "title": settings.SITE_NAME,
        "description": None,
        "logo": None,
        "icon": None,
        "accent_color": None,
        "cover_image": None,
        "facebook": None,
        "twitter": None,
        "lang": settings.LANGUAGE_CODE.split("-")[0],
        "locale": settings.LANGUAGE_CODE,
        "timezone": settings.TIME_ZONE,
        "codeinjection_head": None,
        "codeinjection_foot": None,
        "navigation": [
            {"label": "Home", "url": home},
            {"label": "Archive", "url": reverse("archive")},
            {"label": "Newsletter", "url": reverse("newsletter")},
        ],
        "secondary_navigation": [{"label": "Search", "url": reverse("search")}],
        "meta_title": None,
        "meta_description": None,
        "og_image": None,
        "og_title": None,
        "og_description": None,
        "twitter_image": None,
        "twitter_title": None,
        "twitter_description": None,
        "members_support_address": None,
        "members_enabled": False,
        "members_invite_only": False,
        "paid_members_enabled": False,
        "comments_enabled": "off",
        "recommendations_enabled": False,
        "url": absolute(home),
    }
