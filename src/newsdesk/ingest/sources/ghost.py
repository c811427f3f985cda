"""Ghost JSON exports: posts, pages, users, tags, newsletters and members.

Reads the export Ghost's admin writes (``{"db": [{"meta", "data"}]}``), its flat form
(``{"meta", "data"}``) and Content API output (``{"posts": [...]}`` with embedded authors and
tags). A post's body comes from a mobiledoc that is a single Markdown card when there is one
(lossless: old Ghost posts and our own exports), otherwise from its ``html``. Files under
``content/images/`` beside the JSON file (Ghost's export layout, and ours) come along.

Newsdesk's own exports add ``newsdesk_*`` tables, which Ghost's importer ignores, holding what
Ghost has no column for (an unpublished status, a subscriber's exact state); when present they
win, which is what makes an export → import → export round trip exact.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from newsdesk.ingest.htmlmd import html_to_markdown
from newsdesk.ingest.items import (
    PAGES_TOPIC,
    ArticleItem,
    AuthorItem,
    Media,
    MemberItem,
    NewsletterItem,
    Parsed,
    TopicItem,
)
from newsdesk.lib.text import slugify

GHOST_URL = "__GHOST_URL__"
IMAGES = "/content/images/"
Row = dict[str, Any]


def when(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true")


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    return str(value).strip() if value not in (None, "") else ""


def _tables(document: Any) -> dict[str, list[Row]] | None:
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        data = document["data"]
        return {k: v for k, v in data.items() if isinstance(v, list)}
    if isinstance(document, dict) and isinstance(document.get("posts"), list):
        posts = document["posts"]
        if all(isinstance(p, dict) and "data" not in p for p in posts):
            return _from_content_api(posts)
    return None


def _from_content_api(posts: list[Row]) -> dict[str, list[Row]]:
    """Content API posts embed their authors and tags; lay them out as export tables."""
    users: dict[str, Row] = {}
    tags: dict[str, Row] = {}
    posts_authors: list[Row] = []
    posts_tags: list[Row] = []
    for post in posts:
        for order, author in enumerate(post.get("authors") or []):
            users.setdefault(author.get("id", author.get("slug")), author)
            posts_authors.append(
                {"post_id": post.get("id"), "author_id": author.get("id"), "sort_order": order}
            )
        for order, tag in enumerate(post.get("tags") or []):
            tags.setdefault(tag.get("id", tag.get("slug")), tag)
            row = {"post_id": post.get("id"), "tag_id": tag.get("id"), "sort_order": order}
            posts_tags.append(row)
    return {
        "posts": posts,
        "users": list(users.values()),
        "tags": list(tags.values()),
        "posts_authors": posts_authors,
        "posts_tags": posts_tags,
    }


def markdown_card(mobiledoc: Any) -> str | None:
    """The Markdown of a mobiledoc made of one Markdown card, else None."""
    if isinstance(mobiledoc, str):
        try:
            mobiledoc = json.loads(mobiledoc)
        except ValueError:
            return None
    if not isinstance(mobiledoc, dict):
        return None
    cards = mobiledoc.get("cards") or []
    sections = mobiledoc.get("sections") or []
    if len(cards) != 1 or sections != [[10, 0]] or not isinstance(cards[0], list):
        return None
    name, payload = (cards[0] + [None, None])[:2]
    if name in {"markdown", "card-markdown"} and isinstance(payload, dict):
        value = payload.get("markdown")
        return value if isinstance(value, str) else None
    return None


def _by(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in sorted(rows, key=lambda r: r.get("sort_order") or 0):
        grouped.setdefault(str(row.get(key)), []).append(row)
    return grouped


class _Reader:
    def __init__(self, path: Path, tables: dict[str, list[Row]], parsed: Parsed) -> None:
        self.path, self.tables, self.parsed = path, tables, parsed
        self.images = path.parent / "content" / "images"
        self.slugs = {str(p.get("id")): _text(p, "slug") for p in tables.get("posts", [])}
        self.extra = {
            name: {str(r.get(key)): r for r in tables.get(name, [])}
            for name, key in [
                ("newsdesk_posts", "post_id"),
                ("newsdesk_members", "member_id"),
                ("newsdesk_newsletters", "newsletter_id"),
                ("posts_meta", "post_id"),
            ]
        }
        self.post_tags = _by(tables.get("posts_tags", []), "post_id")
        self.post_authors = _by(tables.get("posts_authors", []), "post_id")
        self.member_newsletters = _by(tables.get("members_newsletters", []), "member_id")
        self.internal_tags: set[str] = set()
        self.found_media: list[Media] = []  # files the body being converted refers to

    def where(self, table: str, index: int) -> str:
        return f"{self.path.name}: {table}[{index}]"

    def rows(self, table: str) -> list[tuple[str, Row]]:
        rows = self.tables.get(table, [])
        found = []
        for index, row in enumerate(rows):
            if isinstance(row, dict):
                found.append((self.where(table, index), row))
            else:
                self.parsed.fail(self.where(table, index), "not an object")
        return found

    def media(self, url: str) -> Media | None:
        if not url:
            return None
        if url.startswith(GHOST_URL + IMAGES):
            name = url[len(GHOST_URL + IMAGES) :]
            local = self.images / name
            inside = local.resolve().is_relative_to(self.images.resolve())
            if inside and local.is_file():
                return Media(url=url, path=local, name=name)
        return Media(url=url)

    def rewrite(self, url: str) -> str:
        if not url.startswith(GHOST_URL):
            return url
        path = url[len(GHOST_URL) :]
        if path.startswith(IMAGES):
            media = self.media(url)
            if media is None or media.path is None:
                return url
            self.found_media.append(media)
            return f"{settings.MEDIA_URL}{media.name}"
        parts = [p for p in path.split("#")[0].split("/") if p]
        if len(parts) == 2 and parts[0] in {"tag", "author"}:
            return f"/{'topics' if parts[0] == 'tag' else 'authors'}/{parts[1]}/"
        if len(parts) == 1 and parts[0] in self.slugs.values():
            return f"/articles/{parts[0]}/"
        return path or "/"

    def read(self) -> None:
        for where, row in self.rows("tags"):
            self.tag(where, row)
        for where, row in self.rows("users"):
            self.user(where, row)
        for where, row in self.rows("newsletters"):
            self.newsletter(where, row)
        for where, row in self.rows("posts"):
            self.post(where, row)
        for where, row in self.rows("members"):
            self.member(where, row)

    def tag(self, where: str, row: Row) -> None:
        name, key = _text(row, "name"), _text(row, "id") or _text(row, "slug")
        if row.get("visibility") == "internal" or name.startswith("#"):
            self.internal_tags.add(key)  # Ghost's internal tags drive themes, not readers
            return
        slug = slugify(_text(row, "slug") or name)
        if not name and not _text(row, "slug"):
            self.parsed.fail(where, "a tag without a name or slug")
            return
        description = _text(row, "description")
        item = TopicItem(key=key, name=name or slug, slug=slug, description=description)
        self.parsed.add(where, item)

    def user(self, where: str, row: Row) -> None:
        name = _text(row, "name")
        if not name:
            self.parsed.fail(where, "a user without a name")
            return
        key = _text(row, "id") or _text(row, "slug")
        slug = slugify(_text(row, "slug") or name, max_length=200)
        avatar = self.media(_text(row, "profile_image"))
        item = AuthorItem(key=key, name=name, slug=slug, bio=_text(row, "bio"), avatar=avatar)
        self.parsed.add(where, item)

    def newsletter(self, where: str, row: Row) -> None:
        key, name = _text(row, "id"), _text(row, "name")
        if not key or not name:
            self.parsed.fail(where, "a newsletter needs an id and a name")
            return
        extra = self.extra["newsdesk_newsletters"].get(key, {})
        item = NewsletterItem(
            key=key,
            name=name,
            slug=slugify(_text(row, "slug") or name),
            description=_text(row, "description")[:300],
            active=row.get("status", "active") == "active",
            default=_truthy(row.get("subscribe_on_signup")),
            position=int(row.get("sort_order") or 0),
            new_articles=_truthy(extra.get("new_articles")),
        )
        self.parsed.add(where, item)

    def body(self, row: Row) -> str:
        exact = markdown_card(row.get("mobiledoc"))
        if exact is not None:
            return exact
        return html_to_markdown(_text(row, "html"), rewrite_url=self.rewrite)

    def status(self, row: Row, extra: Row) -> tuple[str, dt.datetime | None]:
        published = when(row.get("published_at"))
        if extra.get("status"):
            return str(extra["status"]), when(extra.get("published_at"))
        status = row.get("status") or "draft"
        if status == "sent":  # sent by email only, never on the web
            return "unpublished", published
        if status not in {"published", "scheduled", "draft"}:
            raise ValueError(f"status {status!r} is not published, scheduled, draft or sent")
        return str(status), published

    def post(self, where: str, row: Row) -> None:
        key, title = _text(row, "id"), _text(row, "title")
        if not key:
            self.parsed.fail(where, "a post without an id")
            return
        extra = self.extra["newsdesk_posts"].get(key, {})
        meta = {**row, **self.extra["posts_meta"].get(key, {})}
        try:
            status, published = self.status(row, extra)
        except ValueError as exc:
            self.parsed.fail(where, str(exc))
            return
        topics = [str(t.get("tag_id")) for t in self.post_tags.get(key, [])]
        topics = [t for t in topics if t not in self.internal_tags]
        authors = [str(a.get("author_id")) for a in self.post_authors.get(key, [])]
        if not authors and row.get("author_id"):
            authors = [str(row["author_id"])]
        if row.get("type") == "page" or _truthy(row.get("page")):
            status, topics = "draft", [PAGES_TOPIC[0], *topics]
        self.found_media = []
        body = self.body(row)
        item = ArticleItem(
            key=key,
            title=title or "(untitled)",
            slug=slugify(_text(row, "slug") or title, max_length=200),
            body=body,
            dek=_text(row, "custom_excerpt")[:400],
            author_keys=authors,
            topic_keys=topics,
            status=status,
            published_at=published,
            created_at=when(extra.get("created_at") or row.get("created_at")),
            updated_at=when(extra.get("updated_at") or row.get("updated_at")),
            content_updated_at=when(extra.get("content_updated_at")),
            featured=_truthy(row.get("featured")),
            email_on_publish=_truthy(extra.get("email_on_publish")),
            seo_title=_text(meta, "meta_title")[:300],
            seo_description=_text(meta, "meta_description")[:500],
            canonical_url=_text(row, "canonical_url"),
            hero=self.media(_text(row, "feature_image")),
            hero_alt=_text(meta, "feature_image_alt")[:300],
            media=self.found_media,
        )
        if PAGES_TOPIC[0] in topics:
            self.parsed.add(where, TopicItem(key=PAGES_TOPIC[0], name=PAGES_TOPIC[1], slug="pages"))
        self.parsed.add(where, item)

    def member(self, where: str, row: Row) -> None:
        key, email = _text(row, "id"), _text(row, "email")
        if not key or not email:
            self.parsed.fail(where, "a member needs an id and an email address")
            return
        extra = self.extra["newsdesk_members"].get(key, {})
        newsletters = [str(n.get("newsletter_id")) for n in self.member_newsletters.get(key, [])]
        if isinstance(extra.get("newsletters"), list):  # kept even while unsubscribed
            newsletters = [str(n) for n in extra["newsletters"]]
        if extra.get("status"):
            status = str(extra["status"])
        elif _truthy(row.get("email_disabled")):
            status = "bounced"
        elif newsletters or (_truthy(row.get("subscribed")) and "newsletters" not in self.tables):
            status = "active"
        else:
            status = "unsubscribed"
        item = MemberItem(
            key=key,
            email=email,
            name=_text(row, "name"),
            status=status,
            newsletter_keys=newsletters,
            topic_keys=[str(t) for t in extra.get("topics") or []],
            created_at=when(extra.get("created_at") or row.get("created_at")),
            confirmed_at=when(extra.get("confirmed_at")),
            unsubscribed_at=when(extra.get("unsubscribed_at")),
        )
        self.parsed.add(where, item)


def parse(path: Path) -> Parsed:
    parsed = Parsed(source="ghost", label=path.name)
    try:
        document = json.loads(path.read_bytes())
    except OSError as exc:
        parsed.fail(path.name, f"cannot be read: {exc.strerror or exc}")
        return parsed
    except ValueError as exc:
        line = getattr(exc, "lineno", 0)
        parsed.fail(f"{path.name}:{line}", f"not JSON: {str(exc).split(':')[0]}")
        return parsed
    tables = _tables(document)
    if tables is None:
        parsed.fail(path.name, 'not a Ghost export: expected {"db": [{"data": ...}]}, '
                    '{"data": ...} or {"posts": [...]}')  # fmt: skip
        return parsed
    unknown = sorted(set(tables) - _KNOWN)
    if unknown:
        parsed.notes.append(f"tables not imported: {', '.join(unknown)}")
    _Reader(path, tables, parsed).read()
    return parsed


_KNOWN = {
    "posts", "users", "tags", "posts_tags", "posts_authors", "posts_meta", "newsletters",
    "members", "members_newsletters", "newsdesk_posts", "newsdesk_members",
    "newsdesk_newsletters", "roles", "roles_users", "settings",
}  # fmt: skip
