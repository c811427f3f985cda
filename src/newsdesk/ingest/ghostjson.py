"""Our content as a Ghost JSON export (the ``{"db": [{"meta", "data"}]}`` document).

Posts carry their Markdown in a mobiledoc Markdown card (which Ghost imports as it is and we
read back exactly) besides the rendered ``html``. Ids are those a Ghost import gave the rows,
or stable ones made from our primary keys, so the same content always exports the same way.
What Ghost has no column for goes into ``newsdesk_*`` tables, which Ghost's importer ignores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from newsdesk.ingest.models import ImportedItem
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

GHOST_VERSION = "5.0.0"
IMAGES = "__GHOST_URL__/content/images/"
Row = dict[str, Any]
_CODES = {"article": 1, "author": 2, "topic": 3, "newsletter": 4, "member": 5}
_STATUS = {"published": "published", "scheduled": "scheduled", "draft": "draft"}


def ghost_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def exact_time(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def mobiledoc(markdown: str) -> str:
    document = {
        "version": "0.3.1",
        "atoms": [],
        "cards": [["markdown", {"markdown": markdown}]],
        "markups": [],
        "sections": [[10, 0]],
    }
    return json.dumps(document, ensure_ascii=False)


def _pair_id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:24]


class Ids:
    """Ghost ids: the one a Ghost import brought, else one derived from our key."""

    def __init__(self) -> None:
        rows = ImportedItem.objects.filter(source="ghost").values_list(
            "kind", "object_id", "external_id"
        )
        self.known = {(kind, object_id): external for kind, object_id, external in rows}

    def __call__(self, kind: str, pk: int) -> str:
        return self.known.get((kind, pk)) or f"{_CODES[kind]:02x}{pk:022x}"


def _uuid(ghost_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsdesk:{ghost_id}"))


def _image(name: str) -> str | None:
    return IMAGES + name if name else None


def _post(article: Article, ids: Ids) -> Row:
    post_id = ids("article", article.pk)
    draft = article.status in {Article.Status.DRAFT, Article.Status.UNPUBLISHED}
    return {
        "id": post_id,
        "uuid": _uuid(post_id),
        "title": article.title,
        "slug": article.slug,
        "mobiledoc": mobiledoc(article.body),
        "lexical": None,
        "html": article.body_html,
        "comment_id": post_id,
        "feature_image": _image(article.hero_image.name),
        "featured": article.featured,
        "type": "post",
        "status": _STATUS.get(article.status, "draft"),
        "visibility": "public",
        "created_at": ghost_time(article.created_at),
        "updated_at": ghost_time(article.updated_at),
        "published_at": None if draft else ghost_time(article.published_at),
        "custom_excerpt": article.dek or None,
        "codeinjection_head": None,
        "codeinjection_foot": None,
        "custom_template": None,
        "canonical_url": article.canonical_url or None,
    }


def _extra_post(article: Article, ids: Ids) -> Row:
    return {
        "post_id": ids("article", article.pk),
        "status": article.status,
        "published_at": exact_time(article.published_at),
        "created_at": exact_time(article.created_at),
        "updated_at": exact_time(article.updated_at),
        "content_updated_at": exact_time(article.content_updated_at),
        "email_on_publish": article.email_on_publish,
    }


def _posts(data: dict[str, list[Row]], ids: Ids) -> None:
    articles = Article.objects.order_by("pk").prefetch_related("topics")
    bylines = ArticleAuthor.objects.order_by("article_id", "position", "id")
    by_article: dict[int, list[int]] = {}
    for article_id, author_id in bylines.values_list("article_id", "author_id"):
        by_article.setdefault(article_id, []).append(author_id)
    for article in articles.iterator(chunk_size=500):
        post_id = ids("article", article.pk)
        data["posts"].append(_post(article, ids))
        data["newsdesk_posts"].append(_extra_post(article, ids))
        meta = (article.seo_title, article.seo_description, article.hero_alt)
        if any(meta):
            data["posts_meta"].append(
                {
                    "id": _pair_id(post_id, "meta"),
                    "post_id": post_id,
                    "meta_title": article.seo_title or None,
                    "meta_description": article.seo_description or None,
                    "feature_image_alt": article.hero_alt or None,
                }
            )
        for order, author_id in enumerate(by_article.get(article.pk, [])):
            author = ids("author", author_id)
            row = {"id": _pair_id(post_id, author), "post_id": post_id, "author_id": author}
            data["posts_authors"].append({**row, "sort_order": order})
        for order, topic in enumerate(article.topics.all()):
            tag = ids("topic", topic.pk)
            row = {"id": _pair_id(post_id, tag), "post_id": post_id, "tag_id": tag}
            data["posts_tags"].append({**row, "sort_order": order})


def _people(data: dict[str, list[Row]], ids: Ids) -> None:
    role = {"id": "1" + "0" * 23, "name": "Author", "description": "Authors"}
    data["roles"].append(role)
    for author in Author.objects.order_by("pk"):
        user_id = ids("author", author.pk)
        data["users"].append(
            {
                "id": user_id,
                "name": author.name,
                "slug": author.slug,
                # Ghost wants an address; a desk account's own stays private.
                "email": f"{author.slug}@authors.invalid",
                "profile_image": _image(author.avatar.name),
                "bio": author.bio or None,
                "status": "active",
            }
        )
        data["roles_users"].append(
            {"id": _pair_id(user_id, "role"), "role_id": role["id"], "user_id": user_id}
        )
    for topic in Topic.objects.order_by("pk"):
        data["tags"].append(
            {
                "id": ids("topic", topic.pk),
                "name": topic.name,
                "slug": topic.slug,
                "description": topic.description or None,
                "visibility": "public",
            }
        )


def _newsletters(data: dict[str, list[Row]], ids: Ids) -> None:
    for newsletter in Newsletter.objects.order_by("pk"):
        newsletter_id = ids("newsletter", newsletter.pk)
        data["newsletters"].append(
            {
                "id": newsletter_id,
                "uuid": _uuid(newsletter_id),
                "name": newsletter.name,
                "slug": newsletter.slug,
                "description": newsletter.description or None,
                "status": "active" if newsletter.active else "archived",
                "subscribe_on_signup": newsletter.default,
                "sort_order": newsletter.position,
                "visibility": "members",
                "sender_reply_to": "newsletter",
            }
        )
        data["newsdesk_newsletters"].append(
            {"newsletter_id": newsletter_id, "new_articles": newsletter.new_articles}
        )


def _members(data: dict[str, list[Row]], ids: Ids) -> None:
    subscribers = Subscriber.objects.order_by("pk").prefetch_related("newsletters", "topics")
    disabled = {Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}
    for subscriber in subscribers.iterator(chunk_size=1000):
        member_id = ids("member", subscriber.pk)
        data["members"].append(
            {
                "id": member_id,
                "uuid": _uuid(member_id),
                "email": subscriber.email,
                "name": subscriber.name or None,
                "note": None,
                "status": "free",
                "email_disabled": subscriber.status in disabled,
                "created_at": ghost_time(subscriber.created_at),
                "updated_at": ghost_time(subscriber.created_at),
            }
        )
        if subscriber.status == Subscriber.Status.ACTIVE:
            for newsletter in subscriber.newsletters.all():
                newsletter_id = ids("newsletter", newsletter.pk)
                data["members_newsletters"].append(
                    {
                        "id": _pair_id(member_id, newsletter_id),
                        "member_id": member_id,
                        "newsletter_id": newsletter_id,
                    }
                )
        data["newsdesk_members"].append(
            {
                "member_id": member_id,
                "status": subscriber.status,
                "newsletters": [ids("newsletter", n.pk) for n in subscriber.newsletters.all()],
                "topics": [ids("topic", t.pk) for t in subscriber.topics.all()],
                "created_at": exact_time(subscriber.created_at),
                "confirmed_at": exact_time(subscriber.confirmed_at),
                "unsubscribed_at": exact_time(subscriber.unsubscribed_at),
            }
        )


TABLES = (
    "posts", "posts_meta", "posts_authors", "posts_tags", "users", "roles", "roles_users", "tags",
    "newsletters", "members", "members_newsletters", "newsdesk_posts", "newsdesk_newsletters",
    "newsdesk_members",
)  # fmt: skip


def build() -> dict[str, Any]:
    ids = Ids()
    data: dict[str, list[Row]] = {name: [] for name in TABLES}
    _people(data, ids)
    _posts(data, ids)
    _newsletters(data, ids)
    _members(data, ids)
    latest = max(
        (a.updated_at for a in Article.objects.only("updated_at")),
        default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
    )
    meta = {"exported_on": int(latest.timestamp() * 1000), "version": GHOST_VERSION}
    return {"db": [{"meta": meta, "data": data}]}
