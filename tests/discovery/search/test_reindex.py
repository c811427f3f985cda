"""`newsdesk manage reindex` rebuilds the index from the articles, whatever it held."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.discovery.search.models import SearchEntry, SearchWord
from newsdesk.discovery.search.selectors import search
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article
from newsdesk.publishing.services import article_render
from tests.conftest import MakeArticle
from tests.ops.process import newsdesk

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def bulk_articles(count: int) -> None:
    """Rows written without signals, as bench/corpus.py and raw imports do."""
    articles = []
    for n in range(count):
        article = Article(
            title=f"Bulk analysis {n}",
            slug=f"bulk-{n}",
            body=f"Cement tariffs, part {n}.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=1),
        )
        article_render(article=article)
        articles.append(article)
    Article.objects.bulk_create(articles)


def test_it_indexes_what_was_written_behind_its_back(publish: MakeArticle) -> None:
    bulk_articles(3)
    assert search("cement").total == 0
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert search("cement").total == 3
    assert "Indexed 3 published articles" in out.getvalue()
    assert err.getvalue().splitlines()[-1].startswith("reindex: 3/3 articles")
    assert SearchWord.objects.get(word="cement").documents == 3


def test_it_drops_rows_of_articles_no_longer_published(publish: MakeArticle) -> None:
    article = publish(slug="gone", title="Vanishing glaciers")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # no signal
    call_command("reindex", "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    assert not SearchEntry.objects.exists()
    assert search("glaciers").total == 0


def test_on_a_terminal_the_bar_is_redrawn_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.discovery.search import services

    monkeypatch.setattr(services, "REBUILD_BATCH", 2)
    bulk_articles(5)
    err = Terminal()
    call_command("reindex", stdout=io.StringIO(), stderr=err)
    frames = err.getvalue().split("\r")
    assert len(frames) >= 3 and frames[-1].startswith("reindex [######")
    assert "5/5 articles" in frames[-1]


def test_quiet_prints_nothing() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", "--quiet", stdout=out, stderr=err)
    assert out.getvalue() == err.getvalue() == ""


def test_the_cli_runs_it(tmp_path: Path) -> None:
    assert newsdesk(tmp_path, "manage", "migrate", "-v0").returncode == 0
    done = newsdesk(tmp_path, "manage", "reindex")
    assert done.returncode == 0, done.stderr
    assert "Indexed 0 published articles" in done.stdout and "reindex: 0/0" in done.stderr
    bad = newsdesk(tmp_path, "manage", "reindex", "--nope")
    assert bad.returncode != 0 and "unrecognized arguments: --nope" in bad.stderr


def test_the_worker_rebuilds_when_asked() -> None:
    bulk_articles(2)
    tasks.enqueue("search.rebuild")
    while tasks.run_one():
        pass
    assert search("cement").total == 2
