"""The WordPress importer's and TryGhost migrate's own fixtures: real-world exports, malformed
ones included. Each imports, or is refused with a message that says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.services import import_source
from newsdesk.publishing.models import Article, Author
from tests.ingest.conftest import DATASETS, dataset

pytestmark = pytest.mark.django_db
IMPORTS = DATASETS / "imports"
XML = sorted(IMPORTS.rglob("*.xml")) if IMPORTS.exists() else []
JSON = sorted(IMPORTS.rglob("*.json")) if IMPORTS.exists() else []


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(IMPORTS).as_posix() for p in paths]


@pytest.mark.parametrize("path", XML, ids=_ids(XML))
def test_every_wordpress_export_imports_or_says_why(path: Path) -> None:
    report = import_source(kind="wxr", target=str(path))
    for error in report.errors:
        assert error.startswith(path.name) and ": " in error
    assert Article.objects.count() == len(report.created) + len(report.updated)


@pytest.mark.parametrize("path", JSON, ids=_ids(JSON))
def test_every_ghost_fixture_imports_or_says_why(path: Path) -> None:
    report = import_source(kind="ghost", target=str(path))
    for error in report.errors:
        assert error.startswith(path.name)


def test_the_theme_unit_test_export_comes_in_whole() -> None:
    path = dataset("imports", "wordpress", "phpunit", "data", "theme-unit-test-data.xml")
    report = import_source(kind="wxr", target=str(path))
    assert report.errors == [] and len(report.created) > 70
    article = Article.objects.get(slug="markup-html-tags-and-formatting")
    assert "## Header two" in article.body and "| Employee | Salary |" in article.body
    again = import_source(kind="wxr", target=str(path))
    assert again.created == [] and again.updated == []


def test_utf8_challenges_survive() -> None:
    path = dataset("imports", "wordpress", "phpunit", "data", "wxr-utf-8-challenges.xml")
    import_source(kind="wxr", target=str(path))
    titles = " ".join(Article.objects.values_list("title", flat=True))
    assert any(ord(ch) > 127 for ch in titles)


def test_a_malformed_export_is_refused_with_its_line() -> None:
    path = dataset("imports", "wordpress", "phpunit", "data", "malformed.xml")
    report = import_source(kind="wxr", target=str(path))
    assert report.errors[0].startswith("malformed.xml:90: not well-formed XML")
    assert Article.objects.count() == 0


def test_co_authors_and_ghost_exports_bring_their_people() -> None:
    import_source(
        kind="ghost",
        target=str(dataset("imports", "tryghost-migrate", "packages", "mg-assetscraper-db",
                           "src", "test", "fixtures", "ghost.json")),
    )  # fmt: skip
    assert Article.objects.count() == 3 and Author.objects.count() == 2


def test_a_podcast_feed_imports_as_drafts() -> None:
    path = dataset("imports", "tryghost-migrate", "packages", "mg-libsyn", "test", "fixtures")
    for name in ("feed.xml", "feed.json"):
        report = import_source(kind="feed", target=str(path / name))
        assert report.created or report.unchanged or report.errors
