"""`import wxr` with an export written for these tests, which uses every field we read."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.models import ImportedItem
from newsdesk.ingest.services import import_source
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, Author, Topic
from tests.ingest.conftest import FIXTURES

pytestmark = pytest.mark.django_db
WXR = str(FIXTURES / "newsroom.wxr.xml")


def test_it_imports_posts_pages_authors_and_topics() -> None:
    report = import_source(kind="wxr", target=WXR)
    assert report.errors == ["newsroom.wxr.xml:137: a post with neither a title nor content"]
    assert sorted(report.created) == [
        "a-quay-too-short",
        "about",
        "notes-on-tariffs-draft",
        "the-spring-tide-forecast",
        "why-the-dredgers-stopped",
    ]
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Mira Okafor", "Tomas Jansen"]
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["pages", "ports", "water"]
    ports = Topic.objects.get(slug="ports")
    assert (ports.name, ports.description) == ("Ports & Shipping", "Where cargo waits.")


def test_statuses_dates_and_fields_are_kept() -> None:
    import_source(kind="wxr", target=WXR)
    dredgers = Article.objects.get(slug="why-the-dredgers-stopped")
    assert dredgers.is_live and dredgers.featured
    assert dredgers.published_at is not None
    assert dredgers.published_at.isoformat() == "2025-03-04T09:15:00+00:00"
    assert dredgers.updated_at.isoformat() == "2025-03-05T08:00:00+00:00"
    assert dredgers.dek == "Sand returns faster than the budget allows."
    assert (dredgers.seo_title, dredgers.seo_description) == (
        "Dredging stopped: the numbers",
        "Eleven weeks of silt, in soundings.",
    )
    assert [a.name for a in dredgers.byline_authors()] == ["Mira Okafor"]
    assert Article.objects.get(slug="notes-on-tariffs-draft").status == "draft"
    scheduled = Article.objects.get(slug="the-spring-tide-forecast")
    assert scheduled.status == "scheduled" and not scheduled.is_live
    about = Article.objects.get(slug="about")
    assert about.status == "draft"
    assert [t.slug for t in about.topics.all()] == ["pages"]


def test_html_becomes_markdown_with_internal_links_rewritten() -> None:
    import_source(kind="wxr", target=WXR)
    body = Article.objects.get(slug="why-the-dredgers-stopped").body
    assert "<!-- wp:" not in body
    assert "## What the soundings show" in body
    assert "- Depth at the outer buoy: 9.1 m" in body
    assert "> We dredge the same sand twice a year now." in body
    assert "| 2024 | 655,000 |" in body
    assert "[our piece on the quay](/articles/a-quay-too-short/)" in body
    assert "[its costs](/articles/a-quay-too-short/#costs)" in body
    quay = Article.objects.get(slug="a-quay-too-short")
    assert "400 metres long.\\\nThe quay is 350." in quay.body  # a classic-editor line break
    assert "*The quay, seen from the pilot boat.*" in quay.body  # [caption]
    assert "[gallery" not in quay.body.replace("\\[gallery\\]", "")
    assert '<h3 id="costs">' in quay.body_html


def test_reimporting_updates_and_never_duplicates() -> None:
    import_source(kind="wxr", target=WXR)
    again = import_source(kind="wxr", target=WXR)
    assert (again.created, again.updated, len(again.unchanged)) == ([], [], 5)
    assert Article.objects.count() == 5
    assert ImportedItem.objects.filter(kind="article").count() == 5


def test_a_changed_source_updates_the_article(tmp_path: Path) -> None:
    import_source(kind="wxr", target=WXR)
    changed = tmp_path / "changed.xml"
    text = Path(WXR).read_text(encoding="utf-8")
    changed.write_text(text.replace("Half-written.", "Now finished."), encoding="utf-8")
    report = import_source(kind="wxr", target=str(changed))
    assert report.updated == ["notes-on-tariffs-draft"]
    assert Article.objects.get(slug="notes-on-tariffs-draft").body == "Now finished.\n"


def test_an_article_edited_here_is_kept() -> None:
    import_source(kind="wxr", target=WXR)
    article = Article.objects.get(slug="a-quay-too-short")
    previous = Article.objects.get(pk=article.pk)
    article.body = "Rewritten by our desk."
    publishing.article_save(article=article, user=None, previous=previous)
    report = import_source(kind="wxr", target=WXR)
    assert report.kept == ["a-quay-too-short"]
    assert Article.objects.get(pk=article.pk).body == "Rewritten by our desk."


def test_a_taken_slug_gets_a_suffix(make_article: object) -> None:
    make_article(slug="about", title="Our own about")  # type: ignore[operator]
    report = import_source(kind="wxr", target=WXR)
    assert "about-2" in report.created
    assert Article.objects.get(slug="about").title == "Our own about"


def test_a_dry_run_saves_nothing() -> None:
    report = import_source(kind="wxr", target=WXR, dry_run=True)
    assert len(report.created) == 5 and report.dry_run
    assert (Article.objects.count(), Author.objects.count(), Topic.objects.count()) == (0, 0, 0)
    assert not ImportedItem.objects.exists()


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    import_source(kind="wxr", target=WXR, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] > 0


def test_the_command_prints_a_summary_and_fails_on_skipped_items() -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 item\\(s\\) could not be imported"):
        call_command("import_content", "wxr", WXR, "--dry-run", stdout=out, stderr=err)
    assert out.getvalue().startswith("dry run, nothing saved: 5 created, 0 updated, 1 failed")
    assert "newsroom.wxr.xml:137: a post with neither a title nor content" in err.getvalue()
    assert not Article.objects.exists()


def test_an_article_unpublished_here_stays_unpublished() -> None:
    import_source(kind="wxr", target=WXR)
    article = Article.objects.get(slug="why-the-dredgers-stopped")
    publishing.article_unpublish(article=article, user=None)
    report = import_source(kind="wxr", target=WXR)
    assert report.kept == ["why-the-dredgers-stopped"]
    assert Article.objects.get(pk=article.pk).status == "unpublished"
