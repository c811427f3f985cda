"""`import url`: real news pages from the extraction benchmark, served on loopback."""

from __future__ import annotations

import gzip
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest
from django.test import override_settings

from newsdesk.ingest.fetch import FetchError
from newsdesk.ingest.importers import SourceError
from newsdesk.ingest.models import ImportedItem
from newsdesk.ingest.services import import_source
from newsdesk.publishing.models import Article
from tests.ingest.conftest import dataset
from tests.ingest.server import Route, Site, serving

pytestmark = pytest.mark.django_db
PAGES = 4


def f1(extracted: str, gold: str) -> float:
    ours = Counter(re.findall(r"\w+", extracted.lower()))
    theirs = Counter(re.findall(r"\w+", gold.lower()))
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ours.values()), overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture
def site() -> Iterator[Site]:
    with (
        serving() as running,
        override_settings(INGEST={"allowed_private": (ipaddress.ip_network("127.0.0.1/32"),)}),
    ):
        yield running


def test_pages_become_drafts_with_their_main_text(site: Site) -> None:
    folder = dataset("html-extraction")
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(gold)[:PAGES]:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        site.routes[f"/{key}"] = Route(body=html)
        report = import_source(kind="url", target=site.url(f"/{key}"))
        assert report.errors == [] and len(report.created) == 1
        article = Article.objects.get(slug=report.created[0])
        assert article.status == "draft" and article.title
        assert f1(article.body, gold[key]["articleBody"]) > 0.6, key
        link = ImportedItem.objects.get(kind="article", object_id=article.pk)
        assert link.source_url == site.url(f"/{key}")


def test_reimporting_a_url_updates_the_same_draft(site: Site) -> None:
    body = (
        b"<html><head><title>Ferry fares rise</title></head><body><article>"
        + (b"<p>Fares on the island ferry rise by a fifth from May, the operator said.</p>" * 8)
        + b"</article></body></html>"
    )
    site.routes["/fares"] = Route(body=body)
    first = import_source(kind="url", target=site.url("/fares"))
    again = import_source(kind="url", target=site.url("/fares"))
    assert len(first.created) == 1 and again.unchanged == first.created
    assert Article.objects.get().title == "Ferry fares rise"


def test_what_is_not_a_page_is_refused(site: Site) -> None:
    site.routes["/data.json"] = Route(body=b"{}", content_type="application/json")
    report = import_source(kind="url", target=site.url("/data.json"))
    assert report.errors == [
        f"{site.url('/data.json')}: not a web page: the server sent application/json"
    ]
    with pytest.raises(SourceError, match="is not an http"):
        import_source(kind="url", target="/etc/passwd")
    with pytest.raises(FetchError, match="answered 404"):
        import_source(kind="url", target=site.url("/missing"))
