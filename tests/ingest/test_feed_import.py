"""`import feed`: feedparser's own test corpus, and feeds fetched from a loopback server."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from newsdesk.ingest.importers import SourceError
from newsdesk.ingest.items import ArticleItem, AuthorItem
from newsdesk.ingest.models import ImportedItem
from newsdesk.ingest.services import import_source
from newsdesk.ingest.sources import feed
from newsdesk.lib.markdown import render_markdown
from newsdesk.publishing.models import Article
from tests.ingest.conftest import DATASETS, dataset
from tests.ingest.server import Route, Site, serving

CORPUS = DATASETS / "feeds" / "tests"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.exists() else []

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Tide tables</title><link>https://tides.example.org/</link>
<item><title>Neap tides in April</title><link>https://tides.example.org/neap</link>
<guid>tides-1</guid><dc:creator>Ana Ruiz</dc:creator>
<pubDate>Tue, 01 Apr 2025 06:00:00 GMT</pubDate>
<description>&lt;p&gt;The range falls to &lt;b&gt;1.2 m&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Spring tides in May</title><link>https://tides.example.org/spring</link>
<guid>tides-2</guid><description>Higher water.</description></item>
<item><guid>tides-3</guid></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[p.relative_to(CORPUS).as_posix() for p in CORPUS_FILES]
)
def test_every_corpus_file_imports_or_is_refused_clearly(path: Path) -> None:
    parsed = feed.parse(path.read_bytes(), path.name)
    for entry in parsed.entries:
        assert entry.item is not None or entry.error.strip()
        if isinstance(entry.item, ArticleItem):
            assert entry.item.title.strip() and entry.item.slug and entry.item.status == "draft"
            render_markdown(entry.item.body)
        elif isinstance(entry.item, AuthorItem):
            assert entry.item.name and entry.item.slug


def test_the_corpus_is_there() -> None:
    dataset("feeds", "tests")
    assert len(CORPUS_FILES) > 2000


@pytest.fixture
def site() -> Iterator[Site]:
    with (
        serving() as running,
        override_settings(INGEST={"allowed_private": (ipaddress.ip_network("127.0.0.1/32"),)}),
    ):
        yield running


@pytest.mark.django_db
def test_entries_become_drafts_with_their_source_link(site: Site) -> None:
    site.routes["/feed.xml"] = Route(body=RSS, content_type="application/rss+xml")
    report = import_source(kind="feed", target=site.url("/feed.xml"))
    url = site.url("/feed.xml")
    assert report.errors == [f"{url}: entry 3: an entry with neither a title nor content"]
    neap = Article.objects.get(slug="neap-tides-in-april")
    assert (neap.status, neap.published_at) == ("draft", None)
    assert neap.body == "The range falls to **1.2 m**.\n"
    assert [a.name for a in neap.byline_authors()] == ["Ana Ruiz"]
    link = ImportedItem.objects.get(kind="article", object_id=neap.pk)
    # feedparser resolves a relative id against the feed's address: stable for one feed
    assert (link.source, link.external_id, link.source_url) == (
        "feed",
        site.url("/tides-1"),
        "https://tides.example.org/neap",
    )
    note = neap.revisions.get().note
    assert "https://tides.example.org/neap" in note and "2025-04-01" in note
    again = import_source(kind="feed", target=site.url("/feed.xml"))
    assert (again.created, len(again.unchanged)) == ([], 2)


@pytest.mark.django_db
def test_a_feed_url_on_loopback_is_refused_without_the_setting() -> None:
    with serving() as running:
        running.routes["/feed.xml"] = Route(body=RSS)
        with pytest.raises(Exception, match="private or reserved address"):
            import_source(kind="feed", target=running.url("/feed.xml"))
        assert running.hits == []


@pytest.mark.django_db
def test_a_file_that_is_no_feed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words", encoding="utf-8")
    report = import_source(kind="feed", target=str(path))
    assert len(report.errors) == 1
    assert report.errors[0].startswith("notes.txt: not an RSS or Atom feed: ")
    with pytest.raises(SourceError, match="no such file"):
        import_source(kind="feed", target=str(tmp_path / "missing.xml"))


@pytest.mark.django_db
def test_corpus_feeds_go_into_the_database() -> None:
    candidates = sorted(dataset("feeds", "tests", "wellformed").rglob("*.xml"))
    with_entries = [
        p for p in candidates if any(e.item for e in feed.parse(p.read_bytes(), p.name).entries)
    ]
    for path in with_entries[::20]:
        report = import_source(kind="feed", target=str(path))
        assert all(": entry " in e or e.startswith(path.name) for e in report.errors)
    assert Article.objects.filter(status="draft").count() > 10
