"""`newsdesk analyze` (no database) and `newsdesk manage extract` (resumable backlog)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsdesk.knowledge import models
from tests.conftest import MakeArticle
from tests.ops.process import newsdesk

# Nothing listens here: a command that tried the database would fail to connect.
NO_DATABASE = "postgres://nobody:secret@127.0.0.1:9/nowhere"
ARTICLE = """---
title: Coal keeps its grip
dek: Demand in Asia is still rising.
date: 2024-05-02
---
The International Energy Agency (IEA) said on Tuesday that demand for coal rose.
"""


def test_analyze_prints_the_json_document_without_a_database(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    done = newsdesk(tmp_path, "analyze", str(path), "--json", NEWSDESK_DATABASE_URL=NO_DATABASE)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) >= {"article", "entities", "quotes", "figures", "events", "findings"}
    assert document["article"]["title"] == "Coal keeps its grip"
    body = ARTICLE.split("---\n", 2)[2]
    for entity in document["entities"]:
        assert entity["kind"] in {"PERSON", "ORG", "PLACE", "GROUP"}
    for item in document["quotes"] + document["events"] + document["findings"]:
        if item.get("field", "body") == "body" and "text" in item:
            assert body[item["start"] : item["end"]] == item["text"]


def test_analyze_without_json_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    call_command("analyze", str(path), stdout=out)
    assert out.getvalue().startswith("Coal keeps its grip:") and "Findings (" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"---\ntitle: [unclosed\n---\nBody.", "bad front matter"),
    ],
)
def test_analyze_rejects_bad_files_in_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "bad.md"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("analyze", str(path))


def test_analyze_reads_a_file_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("Just a paragraph of text.", encoding="utf-8")
    out = io.StringIO()
    call_command("analyze", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["article"]["words"] == 5


@pytest.mark.django_db
def test_extract_resumes_without_redoing_finished_articles(make_article: MakeArticle) -> None:
    articles = [make_article(body=f"Paragraph {n} about the IEA in Paris.") for n in range(3)]
    out = io.StringIO()
    call_command("extract", "--limit", "2", "--quiet", stdout=out)
    assert "extracted 2 articles (0 failed)" in out.getvalue()
    done = dict(models.ArticleKnowledge.objects.values_list("article_id", "analyzed_at"))
    assert set(done) == {articles[0].pk, articles[1].pk}
    call_command("extract", "--quiet", stdout=io.StringIO())
    after = dict(models.ArticleKnowledge.objects.values_list("article_id", "analyzed_at"))
    assert set(after) == {a.pk for a in articles}
    assert all(after[pk] == done[pk] for pk in done)
    out = io.StringIO()
    call_command("extract", "--quiet", stdout=out)
    assert "extracted 0 articles" in out.getvalue()
    call_command("extract", "--force", "--limit", "1", "--quiet", stdout=io.StringIO())
    assert (
        models.ArticleKnowledge.objects.get(article=articles[0]).analyzed_at != done[articles[0].pk]
    )


@pytest.mark.django_db
def test_extract_redoes_articles_of_an_older_digest(make_article: MakeArticle) -> None:
    article = make_article(body="The IEA met in Paris.")
    call_command("extract", "--quiet", stdout=io.StringIO())
    models.ArticleKnowledge.objects.filter(article=article).update(digest="older")
    out = io.StringIO()
    call_command("extract", "--quiet", stdout=out)
    assert "extracted 1 articles" in out.getvalue()


@pytest.mark.django_db
def test_extract_shows_progress(make_article: MakeArticle) -> None:
    make_article(body="The IEA met in Paris.")
    out = io.StringIO()
    call_command("extract", stdout=out)
    assert "extract: 1/1 (100%" in out.getvalue()


def test_extract_refuses_a_bad_limit() -> None:
    with pytest.raises(CommandError, match="--limit"):
        call_command("extract", "--limit", "0")
