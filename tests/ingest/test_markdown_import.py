from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.frontmatter import FileImportError, parse_markdown_file
from newsdesk.ingest.services import import_markdown_paths
from newsdesk.publishing.models import Article, Author, Topic

pytestmark = pytest.mark.django_db

GOOD = """---
title: "Ports after the strike"
dek: "Backlogs clear slowly."
author: Helen Park
date: 2026-03-02T08:00:00Z
topics: [trade, Shipping Lanes]
---
## What changed

Throughput fell from 48 ships a week to 12.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_imports_a_file_and_reimporting_updates_it(tmp_path: Path, author: Author) -> None:
    path = write(tmp_path, "ports.md", GOOD)
    first = import_markdown_paths([path])
    assert (first.created, first.updated, first.errors) == (["ports-after-the-strike"], [], [])
    article = Article.objects.get()
    assert article.is_live
    assert article.published_at is not None and article.published_at.isoformat().startswith(
        "2026-03-02T08:00"
    )
    assert sorted(t.slug for t in article.topics.all()) == ["shipping-lanes", "trade"]
    assert '<h2 id="what-changed">' in article.body_html
    write(tmp_path, "ports.md", GOOD.replace("Backlogs clear slowly.", "Backlogs clear."))
    second = import_markdown_paths([path])
    assert (second.created, second.updated) == ([], ["ports-after-the-strike"])
    assert Article.objects.get().dek == "Backlogs clear."
    assert Topic.objects.count() == 2


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "date: 2026-03-02T08:00:00Z",
            "date: next tuesday",
            r"ports\.md: date: 'next tuesday' is not an ISO 8601 date",
        ),
        (
            "author: Helen Park",
            "author: Nobody Known",
            r"ports\.md: author: no author named 'Nobody Known'",
        ),
        ('title: "Ports after the strike"', "title: ''", r"ports\.md: title: missing or empty"),
        (
            "topics: [trade, Shipping Lanes]",
            "status: live",
            r"ports\.md: status: 'live' is not one of",
        ),
        (
            "topics: [trade, Shipping Lanes]",
            "slug: Not A Slug",
            r"ports\.md: slug: 'Not A Slug' is not a slug",
        ),
        ("---\ntitle", "---\n: : bad [yaml\ntitle", r"ports\.md: bad front matter"),
    ],
)
def test_bad_front_matter_names_the_file_and_field(
    tmp_path: Path, author: Author, replace: str, by: str, expected: str
) -> None:
    path = write(tmp_path, "ports.md", GOOD.replace(replace, by, 1))
    report = import_markdown_paths([path])
    assert len(report.errors) == 1
    assert report.errors[0].startswith(str(tmp_path))
    import re

    assert re.search(expected, report.errors[0]), report.errors[0]
    assert not Article.objects.exists()


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, author: Author) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", "no front matter at all")
    write(tmp_path, "c.md", GOOD.replace("Ports after the strike", "Second piece"))
    (tmp_path / "d.md").write_bytes(b"\xff\xfe\x00bad")
    report = import_markdown_paths([tmp_path, tmp_path / "missing.md"])
    assert sorted(report.created) == ["ports-after-the-strike", "second-piece"]
    assert len(report.errors) == 3
    assert any("b.md: no YAML front matter" in e for e in report.errors)
    assert any("d.md: not UTF-8 text" in e for e in report.errors)
    assert any("missing.md" in e for e in report.errors)


def test_a_future_date_schedules_and_drafts_stay_drafts(tmp_path: Path, author: Author) -> None:
    write(tmp_path, "later.md", GOOD.replace("2026-03-02", "2999-01-01"))
    write(
        tmp_path,
        "draft.md",
        GOOD.replace("Ports after", "Draft about ports").replace(
            "topics:", "status: draft\ntopics:"
        ),
    )
    import_markdown_paths([tmp_path])
    statuses = dict(Article.objects.values_list("slug", "status"))
    assert statuses == {
        "ports-after-the-strike": "scheduled",
        "draft-about-ports-the-strike": "draft",
    }


def test_the_parser_keeps_the_body_exactly(tmp_path: Path) -> None:
    document = parse_markdown_file(write(tmp_path, "x.md", GOOD))
    assert document.body == GOOD.split("---\n", 2)[2]
    with pytest.raises(FileImportError, match="never closed"):
        parse_markdown_file(write(tmp_path, "y.md", "---\ntitle: x\nno end"))
