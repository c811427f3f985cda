"""What every importer produces: a stream of items, each with the place it came from.

An importer only parses; it never touches the database. ``newsdesk.ingest.apply`` persists
the items, so all sources share one way of matching, updating and reporting. Items refer to
each other by the source's own keys (a WordPress login, a Ghost id, a tag slug): the persister
maps those keys to rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("draft", "scheduled", "published", "unpublished")
PAGES_TOPIC = ("pages", "Pages")  # what a WordPress or Ghost page becomes: a topic on a draft


class ItemError(ValueError):
    """An item that cannot go in; the message says why, the caller adds where."""


@dataclass(frozen=True)
class Media:
    """A file to bring along: found beside the import file, or only known by its URL."""

    url: str
    path: Path | None = None  # a readable local file, when the export carries it
    name: str = ""  # the name to keep in our media storage (the export's relative path)


@dataclass
class AuthorItem:
    key: str
    name: str
    slug: str
    bio: str = ""
    avatar: Media | None = None


@dataclass
class TopicItem:
    key: str
    name: str
    slug: str
    description: str = ""


@dataclass
class ArticleItem:
    key: str
    title: str
    slug: str
    body: str  # our Markdown
    dek: str = ""
    author_keys: list[str] = field(default_factory=list)
    topic_keys: list[str] = field(default_factory=list)
    status: str = "draft"
    published_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    content_updated_at: dt.datetime | None = None
    featured: bool = False
    email_on_publish: bool = False
    seo_title: str = ""
    seo_description: str = ""
    canonical_url: str = ""
    source_url: str = ""  # where it came from, kept as provenance
    hero: Media | None = None
    hero_alt: str = ""
    media: list[Media] = field(default_factory=list)  # files the body refers to
    note: str = ""  # added to the revision note, e.g. the original publication date


@dataclass
class NewsletterItem:
    key: str
    name: str
    slug: str
    description: str = ""
    active: bool = True
    default: bool = False
    position: int = 0
    new_articles: bool = False


@dataclass
class MemberItem:
    key: str
    email: str
    name: str = ""
    status: str = "active"
    newsletter_keys: list[str] = field(default_factory=list)
    topic_keys: list[str] = field(default_factory=list)
    created_at: dt.datetime | None = None
    confirmed_at: dt.datetime | None = None
    unsubscribed_at: dt.datetime | None = None


Item = AuthorItem | TopicItem | ArticleItem | NewsletterItem | MemberItem


@dataclass
class Entry:
    """One item, or the reason one could not be read, with where it is in the source."""

    where: str  # "export.xml:120", "entry 4", "https://example.org/a"
    item: Item | None = None
    error: str = ""


@dataclass
class Parsed:
    """Everything an importer read from one source."""

    source: str  # the provenance namespace: "wxr", "ghost", "feed", "url"
    label: str  # the file name or URL, for revision notes and reports
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the source had that we leave out

    def add(self, where: str, item: Item) -> None:
        self.entries.append(Entry(where, item))

    def fail(self, where: str, error: str) -> None:
        self.entries.append(Entry(where, error=error))
