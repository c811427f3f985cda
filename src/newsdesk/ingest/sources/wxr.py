"""WordPress eXtended RSS (WXR 1.0 to 1.2): posts, pages, authors, categories and tags.

Pages become drafts with the topic "Pages": we have no page model, and a page such as "About"
published as an article would land on the home page and in every feed; the editor decides.
Attachments, menus, revisions and comments are not imported; links to other posts of the same
site point at our article URLs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from newsdesk.ingest.htmlmd import html_to_markdown, plain_text
from newsdesk.ingest.items import (
    PAGES_TOPIC,
    ArticleItem,
    AuthorItem,
    Media,
    Parsed,
    TopicItem,
)
from newsdesk.ingest.sources import wpcontent
from newsdesk.lib.text import slugify

XmlElement = Any  # an lxml element; lxml ships no type information
_WP = ("http://wordpress.org/export/", "https://wordpress.org/export/")
_STATUS = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "auto-draft": "draft",
    "private": "unpublished",
    "": "draft",  # WordPress saves a post without a status as a draft
}
_SKIPPED_TYPES = {"attachment", "nav_menu_item", "revision", "wp_block", "wp_navigation"}
_NO_TOPIC = {"uncategorized"}  # WordPress's placeholder for "no category"


def _kind(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""  # a comment or processing instruction
    qname = etree.QName(tag)
    namespace = qname.namespace or ""
    if namespace.startswith(_WP):
        return ("excerpt" if namespace.endswith("/excerpt/") else "wp"), qname.localname
    if namespace.startswith("http://purl.org/rss/1.0/modules/content"):
        return "content", qname.localname
    if namespace.startswith("http://purl.org/dc/elements"):
        return "dc", qname.localname
    return "", qname.localname


@dataclass
class _Node:
    """An element's children by (namespace kind, local name), first occurrence only."""

    element: XmlElement
    fields: dict[tuple[str, str], XmlElement] = field(default_factory=dict)

    @classmethod
    def of(cls, element: XmlElement) -> _Node:
        node = cls(element)
        for child in element:
            if isinstance(child.tag, str):
                node.fields.setdefault(_kind(child.tag), child)
        return node

    def text(self, kind: str, name: str) -> str:
        child = self.fields.get((kind, name))
        return (child.text or "").strip() if child is not None else ""

    def raw(self, kind: str, name: str) -> str:
        child = self.fields.get((kind, name))
        return (child.text or "") if child is not None else ""


def _when(raw: str) -> dt.datetime | None:
    raw = raw.strip()
    if not raw or raw.startswith("0000"):
        return None
    try:
        return dt.datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _normal(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


_BARE_AMPERSAND = re.compile(rb"&(?!#?[A-Za-z0-9]+;)")


def _parser(recover: bool) -> Any:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, recover=recover, strip_cdata=True
    )


def _load(path: Path, parsed: Parsed) -> XmlElement | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        parsed.fail(path.name, f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        return etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError as exc:
        first_error = exc
    # Exports written by plugins often leave "&" in URLs unescaped; that much we can mend.
    try:
        root = etree.fromstring(_BARE_AMPERSAND.sub(b"&amp;", data), _parser(False))
        parsed.notes.append("unescaped & characters in the file were read as text")
        return root
    except etree.XMLSyntaxError:
        pass
    line = first_error.lineno or 0
    parsed.fail(f"{path.name}:{line}", f"not well-formed XML: {first_error.msg}; read on past it")
    try:
        return etree.fromstring(data, _parser(True))
    except etree.XMLSyntaxError:
        return None


class _Reader:
    def __init__(self, path: Path, channel: XmlElement, parsed: Parsed) -> None:
        self.path, self.channel, self.parsed = path, channel, parsed
        head = _Node.of(channel)
        self.base = head.text("wp", "base_blog_url") or head.text("", "link")
        self.links: dict[str, str] = {}
        self.attachments: dict[str, str] = {}
        self.authors: dict[str, AuthorItem] = {}
        self.topics: set[str] = set()
        self.keys: set[str] = set()

    def where(self, element: XmlElement) -> str:
        return f"{self.path.name}:{element.sourceline or 0}"

    def read(self) -> None:
        items = [_Node.of(e) for e in self.channel if _kind(e.tag) == ("", "item")]
        for element in self.channel:
            if not isinstance(element.tag, str):
                continue
            kind = _kind(element.tag)
            if kind == ("wp", "author"):
                self.author(_Node.of(element))
            elif kind in {("wp", "category"), ("wp", "tag")}:
                self.term(_Node.of(element), category=kind[1] == "category")
        self.index(items)
        skipped: dict[str, int] = {}
        for item in items:
            post_type = item.text("wp", "post_type") or "post"
            if post_type in {"post", "page"}:
                self.post(item, page=post_type == "page")
            else:
                skipped[post_type] = skipped.get(post_type, 0) + 1
        for post_type, count in sorted(skipped.items()):
            self.parsed.notes.append(f"{count} item(s) of type {post_type!r} not imported")

    def author(self, node: _Node) -> None:
        login = node.text("wp", "author_login")
        if not login:
            self.parsed.fail(self.where(node.element), "an author without a login")
            return
        full = f"{node.text('wp', 'author_first_name')} {node.text('wp', 'author_last_name')}"
        name = node.text("wp", "author_display_name") or full.strip() or login
        item = AuthorItem(key=login, name=name, slug=slugify(name))
        self.authors[login] = item
        self.parsed.add(self.where(node.element), item)

    def term(self, node: _Node, *, category: bool) -> None:
        slug = unquote(node.text("wp", "category_nicename" if category else "tag_slug"))
        name = node.text("wp", "cat_name" if category else "tag_name") or slug
        if not slug or slugify(slug) in _NO_TOPIC:
            return
        description = node.text("wp", "category_description" if category else "tag_description")
        item = TopicItem(key=slugify(slug), name=name, slug=slugify(slug), description=description)
        if item.key not in self.topics:
            self.topics.add(item.key)
            self.parsed.add(self.where(node.element), item)

    def index(self, items: list[_Node]) -> None:
        """Old URLs of every post and page, and attachment URLs by id, before converting."""
        for item in items:
            post_id = item.text("wp", "post_id")
            if item.text("wp", "post_type") == "attachment":
                self.attachments[post_id] = item.text("wp", "attachment_url")
                continue
            slug = self.slug(item)
            candidates = [item.text("", "link"), item.text("", "guid")]
            if post_id and self.base:
                candidates += [urljoin(self.base, f"?p={post_id}")]
                candidates += [urljoin(self.base, f"?page_id={post_id}")]
            for url in candidates:
                if url and "://" in url:
                    self.links.setdefault(_normal(url), slug)

    def rewrite(self, url: str) -> str:
        absolute = urljoin(self.base, url) if self.base and url.startswith("/") else url
        fragment = f"#{urlsplit(absolute).fragment}" if "#" in absolute else ""
        slug = self.links.get(_normal(absolute.split("#")[0]))
        return f"/articles/{slug}/{fragment}" if slug else url

    def slug(self, item: _Node) -> str:
        raw = unquote(item.text("wp", "post_name"))
        title = plain_text(item.text("", "title"))
        return slugify(raw or title or f"post-{item.text('wp', 'post_id')}", max_length=200)

    def post(self, item: _Node, *, page: bool) -> None:
        where = self.where(item.element)
        status = _STATUS.get(item.text("wp", "status"))
        if status is None:
            self.parsed.notes.append(f"{where}: status {item.text('wp', 'status')!r} skipped")
            return
        title = plain_text(item.text("", "title"))
        content = item.raw("content", "encoded")
        if not title and not content.strip():
            self.parsed.fail(where, "a post with neither a title nor content")
            return
        body = html_to_markdown(wpcontent.to_html(content), rewrite_url=self.rewrite)
        self.parsed.add(where, self.article(item, title, body, status, page))

    def article(self, item: _Node, title: str, body: str, status: str, page: bool) -> ArticleItem:
        creator = item.text("dc", "creator")
        if creator and creator not in self.authors:
            self.authors[creator] = AuthorItem(key=creator, name=creator, slug=slugify(creator))
            self.parsed.add(self.where(item.element), self.authors[creator])
        topics = [
            slugify(unquote(c.get("nicename") or c.text or ""))
            for c in item.element
            if _kind(c.tag) == ("", "category")
        ]
        topics = [t for t in dict.fromkeys(topics) if t not in _NO_TOPIC]
        self.declare_topics(item)
        if page:
            status, topics = "draft", [PAGES_TOPIC[0], *topics]
        meta = self.postmeta(item)
        published = _when(item.text("wp", "post_date_gmt")) or _when(item.text("wp", "post_date"))
        thumbnail = self.attachments.get(meta.get("_thumbnail_id", ""), "")
        key = item.text("", "guid")
        if not key or key in self.keys:  # copied sites can repeat a guid
            key = f"{self.base}?p={item.text('wp', 'post_id')}"
        if key in self.keys:  # and some exporters leave both out: the place in the file
            key = f"{key}#item-{len(self.keys)}"
        self.keys.add(key)
        return ArticleItem(
            key=key,
            title=title or "(untitled)",
            slug=self.slug(item),
            body=body,
            dek=plain_text(item.raw("excerpt", "encoded"))[:400],
            author_keys=[creator] if creator else [],
            topic_keys=topics,
            status=status,
            published_at=published or _when(item.text("", "pubDate")),
            created_at=published,
            updated_at=_when(item.text("wp", "post_modified_gmt")),
            featured=item.text("wp", "is_sticky") == "1",
            seo_title=meta.get("_yoast_wpseo_title", "")[:300],
            seo_description=meta.get("_yoast_wpseo_metadesc", "")[:500],
            source_url=item.text("", "link"),
            hero=Media(url=thumbnail) if thumbnail else None,
        )

    def declare_topics(self, item: _Node) -> None:
        """WXR 1.0 files and partial exports name terms only on the posts that use them."""
        for element in item.element:
            if _kind(element.tag) != ("", "category"):
                continue
            slug = slugify(unquote(element.get("nicename") or element.text or ""))
            if slug and slug not in _NO_TOPIC and slug not in self.topics:
                self.topics.add(slug)
                name = (element.text or slug).strip()
                self.parsed.add(self.where(element), TopicItem(key=slug, name=name, slug=slug))

    def postmeta(self, item: _Node) -> dict[str, str]:
        meta: dict[str, str] = {}
        for element in item.element:
            if _kind(element.tag) == ("wp", "postmeta"):
                node = _Node.of(element)
                meta.setdefault(node.text("wp", "meta_key"), node.text("wp", "meta_value"))
        return meta


def parse(path: Path) -> Parsed:
    parsed = Parsed(source="wxr", label=path.name)
    root = _load(path, parsed)
    channel = root.find("channel") if root is not None else None
    if channel is None:
        parsed.fail(path.name, "not a WordPress export (no <rss><channel>)")
        return parsed
    _Reader(path, channel, parsed).read()
    if not any(e.item for e in parsed.entries) and not parsed.notes:
        parsed.notes.append("the export holds no posts or pages")
    return parsed
