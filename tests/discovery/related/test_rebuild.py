from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsdesk.discovery.related import services
from newsdesk.discovery.related.models import ArticleVector, Corpus, RelatedLink, Term
from newsdesk.discovery.related.progress import ProgressBar
from newsdesk.discovery.related.rebuild import related_rebuild
from newsdesk.ops.models import Task
from newsdesk.publishing.models import Article
from tests.discovery.related.conftest import (
    DRONES,
    GRID,
    GRID_TOO,
    MORTGAGE,
    RANSOMWARE,
    Drain,
    Story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(story: Story) -> list[Article]:
    texts = [GRID, MORTGAGE, RANSOMWARE, DRONES, GRID_TOO]
    articles = [story(f"Piece {n}", text) for n, text in enumerate(texts)]
    Task.objects.all().delete()  # as after a bulk import that told nobody
    return articles


def test_a_rebuild_indexes_and_links_everything_published(corpus: list[Article]) -> None:
    grid, *_, grid_too = corpus
    report = related_rebuild()
    assert report.articles == 5
    assert ArticleVector.objects.count() == 5
    assert RelatedLink.objects.filter(article=grid).first().related_id == grid_too.pk  # type: ignore[union-attr]
    stats = Corpus.objects.get()
    assert (stats.documents, stats.documents_at_rebuild) == (5, 5)
    assert Term.objects.get(text="transform").df == 2


def test_a_rebuild_gives_the_lists_the_worker_keeps(corpus: list[Article], drain: Drain) -> None:
    related_rebuild()
    rebuilt = set(RelatedLink.objects.values_list("article_id", "related_id"))
    for article in corpus:
        services.related_refresh(article_id=article.pk)
    drain()
    assert set(RelatedLink.objects.values_list("article_id", "related_id")) == rebuilt


def test_a_rebuild_drops_what_is_no_longer_published(corpus: list[Article]) -> None:
    related_rebuild()
    grid_too = corpus[-1]
    Article.objects.filter(pk=grid_too.pk).update(status=Article.Status.UNPUBLISHED)
    related_rebuild()
    assert not ArticleVector.objects.filter(pk=grid_too.pk).exists()
    assert not RelatedLink.objects.filter(related_id=grid_too.pk).exists()
    assert Term.objects.get(text="transform").df == 1


def test_articles_changed_during_a_rebuild_are_refreshed_after_it(corpus: list[Article]) -> None:
    Article.objects.filter(pk=corpus[0].pk).update(updated_at=timezone.now() + timedelta(hours=1))
    report = related_rebuild()
    assert report.requeued == 1
    assert Task.objects.filter(name=services.REFRESH, key=str(corpus[0].pk)).exists()


def test_a_rebuild_of_nothing_is_fine(db: None) -> None:
    assert related_rebuild(progress=ProgressBar(io.StringIO())).articles == 0


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("related", *args, stdout=out)
    return out.getvalue()


def test_the_command_rebuilds_with_progress_and_a_summary(corpus: list[Article]) -> None:
    output = run("--rebuild")
    assert "reading: 5/5 (100%" in output
    assert "linking: 5/5 (100%" in output
    assert output.splitlines()[-1].startswith("related: 5 articles, ")


def test_quiet_prints_nothing(corpus: list[Article]) -> None:
    assert run("--rebuild", "--quiet") == ""
    assert RelatedLink.objects.exists()


def test_the_command_shows_one_list_and_the_state(corpus: list[Article]) -> None:
    run("--rebuild", "--quiet")
    shown = run("--article", corpus[0].slug)
    assert shown.splitlines()[0] == f"{corpus[-1].slug}  Piece 4  (Similar wording)"
    assert run().startswith("5 published articles, 5 indexed, ")


def test_an_unknown_slug_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="no article with the slug 'nope'"):
        run("--article", "nope")
