"""Persisting what an importer parsed: one service for every source.

Each item is matched to what an earlier run of the same source created (``ImportedItem``),
then to a natural key (a topic's or author's slug, a subscriber's address), and is created or
updated. Each item is written in a savepoint, so a bad one is reported with its place in the
source and leaves nothing behind while the rest goes in. Articles go through the publishing
services, like every other change. A dry run does all of it in a transaction that is rolled
back, and copies no files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from newsdesk.ingest import members
from newsdesk.ingest.articles import apply_article
from newsdesk.ingest.items import (
    PAGES_TOPIC,
    ArticleItem,
    AuthorItem,
    Entry,
    Item,
    ItemError,
    MemberItem,
    NewsletterItem,
    Parsed,
    TopicItem,
)
from newsdesk.ingest.media import MediaStore
from newsdesk.ingest.models import ImportedItem, digest
from newsdesk.ingest.report import ImportReport
from newsdesk.publishing.models import Article, Author, Topic

Progress = Callable[[int, int], None]
CHUNK = 100  # items per transaction: fewer commits, and a crash loses at most one chunk
Kind = ImportedItem.Kind


class Links:
    """The provenance rows of one source, loaded once per kind."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._rows: dict[str, dict[str, ImportedItem]] = {}

    def get(self, kind: str, key: str) -> ImportedItem | None:
        if kind not in self._rows:
            rows = ImportedItem.objects.filter(source=self.source, kind=kind)
            self._rows[kind] = {row.digest: row for row in rows}
        return self._rows[kind].get(digest(key))

    def remember(
        self, kind: str, key: str, object_id: int, *, source_url: str = "", written: str = ""
    ) -> None:
        row = self.get(kind, key) or ImportedItem(source=self.source, kind=kind, external_id=key)
        fresh = (row.object_id, row.source_url, row.written)
        if row.pk and fresh == (object_id, source_url[:2000], written):
            return
        row.object_id, row.source_url, row.written = object_id, source_url[:2000], written
        row.save()
        self._rows[kind][row.digest] = row


class Applier:
    def __init__(self, parsed: Parsed, *, dry_run: bool = False) -> None:
        self.parsed = parsed
        self.report = ImportReport(dry_run=dry_run, notes=list(parsed.notes))
        self.links = Links(parsed.source)
        self.media = MediaStore(dry_run=dry_run)
        self.authors: dict[str, Author] = {}
        self.topics: dict[str, Topic] = {}
        self.newsletters: dict[str, int] = {}
        self._slugs: set[str] | None = None

    def slugs(self) -> set[str]:
        """Every article slug in use, loaded once and kept up to date by the import."""
        if self._slugs is None:
            self._slugs = set(Article.objects.values_list("slug", flat=True))
        return self._slugs

    def run(self, progress: Progress | None = None) -> ImportReport:
        entries = self.parsed.entries
        with self._outer():
            for start in range(0, len(entries), CHUNK):
                with transaction.atomic():
                    for entry in entries[start : start + CHUNK]:
                        self.one(entry)
                if progress:
                    progress(min(start + CHUNK, len(entries)), len(entries))
        self.report.notes.extend(self.media.notes())
        return self.report

    @contextmanager
    def _outer(self) -> Iterator[None]:
        if not self.report.dry_run:
            yield
            return
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def one(self, entry: Entry) -> None:
        if entry.item is None:
            self.report.errors.append(f"{entry.where}: {entry.error}")
            return
        try:
            with transaction.atomic():
                self.apply(entry.item)
        except ItemError as exc:
            self.report.errors.append(f"{entry.where}: {exc}")
        except (DatabaseError, ValidationError, OSError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            self.report.errors.append(f"{entry.where}: {exc.__class__.__name__}: {first}")

    def apply(self, item: Item) -> None:
        if isinstance(item, ArticleItem):
            apply_article(self, item)
        elif isinstance(item, AuthorItem):
            self.author(item)
        elif isinstance(item, TopicItem):
            self.topic(item)
        elif isinstance(item, NewsletterItem):
            self.newsletters[item.key] = members.apply_newsletter(self, item)
        elif isinstance(item, MemberItem):
            members.apply_member(self, item)

    def outcome(self, kind: str, created: bool, changed: bool) -> None:
        self.report.count(kind, "created" if created else "updated" if changed else "unchanged")

    def author(self, item: AuthorItem) -> None:
        if item.key in self.authors:
            return
        link = self.links.get(Kind.AUTHOR, item.key)
        author = Author.objects.filter(pk=link.object_id).first() if link else None
        author = author or Author.objects.filter(slug=item.slug).first()
        created = author is None
        author = author or Author(slug=item.slug, name=item.name)
        changed = _assign(author, name=item.name, bio=item.bio or author.bio)
        if item.avatar is not None:
            stored = self.media.store(item.avatar, "avatars")
            if stored:
                changed |= _assign(author, avatar=stored)
        if created or changed:
            author.full_clean(exclude=["user", "avatar"], validate_unique=False)
            author.save()
        self.outcome("author", created, changed)
        self.links.remember(Kind.AUTHOR, item.key, author.pk)
        self.authors[item.key] = author

    def topic(self, item: TopicItem) -> None:
        if item.key in self.topics:
            return
        link = self.links.get(Kind.TOPIC, item.key)
        topic = Topic.objects.filter(pk=link.object_id).first() if link else None
        topic = topic or Topic.objects.filter(slug=item.slug).first()
        created = topic is None
        topic = topic or Topic(slug=item.slug, name=item.name)
        changed = _assign(
            topic, name=item.name or topic.name, description=item.description or topic.description
        )
        if created or changed:
            topic.full_clean(validate_unique=False)
            topic.save()
        self.outcome("topic", created, changed)
        self.links.remember(Kind.TOPIC, item.key, topic.pk)
        self.topics[item.key] = topic

    def pages_topic(self) -> Topic:
        if PAGES_TOPIC[0] not in self.topics:
            slug, name = PAGES_TOPIC
            self.topic(TopicItem(key=slug, name=name, slug=slug))
        return self.topics[PAGES_TOPIC[0]]


def _assign(obj: Any, **values: Any) -> bool:
    """Set the fields that differ; True when any did."""
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if hasattr(current, "name") and not isinstance(current, str):  # a file field
            current = current.name or ""
        if current != value:
            setattr(obj, name, value)
            changed = True
    return changed


def apply_parsed(
    parsed: Parsed, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    return Applier(parsed, dry_run=dry_run).run(progress)
