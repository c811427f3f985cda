"""Extraction in the worker, with the real pipeline, after every change to an article."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.knowledge import figures, models, nlp, pipeline, services
from newsdesk.knowledge.types import Analysis, Figure
from newsdesk.ops import tasks
from newsdesk.ops.models import Task
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

BODY = (
    "The International Energy Agency (IEA) published its outlook on Tuesday. "
    "Demand for coal in Asia kept rising, the IEA said, while Europe's fell.\n\n"
    "## Outlook\n\nPrices may ease next year."
)


@pytest.fixture(scope="module", autouse=True)
def _warm_model() -> None:
    nlp.model()


def drain() -> int:
    ran = 0
    while tasks.run_one():
        ran += 1
    return ran


def test_saving_an_article_extracts_it_in_the_worker(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    assert Task.objects.filter(name="knowledge.extract", key=str(article.pk)).exists()
    drain()
    knowledge = models.ArticleKnowledge.objects.get(article=article)
    assert knowledge.state == "done" and knowledge.digest == services.article_digest(article)
    assert knowledge.words > 20
    agency = models.EntityName.objects.get(kind="ORG", key="international energy agency").entity
    mention = models.Mention.objects.get(article=article, entity=agency)
    assert BODY[mention.first_start : mention.first_end].startswith("International Energy")
    assert agency.article_count == 1


def test_an_unchanged_article_is_not_extracted_again(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    drain()
    first = models.ArticleKnowledge.objects.get(article=article).analyzed_at
    publishing.article_unpublish(article=article, user=None)  # the text did not change
    drain()
    knowledge = models.ArticleKnowledge.objects.get(article=article)
    assert knowledge.analyzed_at == first
    # ... but the counts of published articles did.
    assert not models.Entity.objects.filter(article_count__gt=0).exists()
    forced = services.article_extract(article_id=article.pk, force=True)
    assert forced is not None and forced.analyzed_at != first


def test_drafts_are_extracted_too(make_article: MakeArticle) -> None:
    draft = make_article(body=BODY, status=Article.Status.DRAFT, published_at=None)
    drain()
    assert models.ArticleKnowledge.objects.get(article=draft).state == "done"
    # Mentioned, but not in a published article.
    assert models.Mention.objects.filter(article=draft).exists()
    assert not models.Entity.objects.filter(article_count__gt=0).exists()


def test_an_edit_replaces_what_was_found(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    drain()
    previous = Article.objects.get(pk=article.pk)
    article.body = "Nothing to see here: the text has no names at all."
    publishing.article_save(article=article, user=None, previous=previous)
    drain()
    assert not models.Mention.objects.filter(article=article).exists()
    assert models.ArticleKnowledge.objects.get(article=article).digest == (
        services.article_digest(article)
    )


def test_a_deleted_article_leaves_the_task_nothing_to_do(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    pk = article.pk
    article.delete()
    drain()
    assert services.article_extract(article_id=pk) is None
    assert not Task.objects.exclude(state=Task.State.QUEUED).exists()


POISON = "This sentence trips the planted fault."


def test_an_extractor_bug_is_recorded_on_its_article_and_the_worker_goes_on(
    make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = figures.extract

    def buggy(text: nlp.Text) -> list[Figure]:
        if POISON in text.body:
            raise ZeroDivisionError("planted")
        return real(text)

    monkeypatch.setattr(figures, "extract", buggy)
    bad = make_article(body=f"{BODY}\n\n{POISON}")
    good = make_article(body=BODY)
    drain()
    bad_row = models.ArticleKnowledge.objects.get(article=bad)
    assert bad_row.state == "done"
    assert bad_row.failures == ["figures: ZeroDivisionError: planted"]
    assert models.Mention.objects.filter(article=bad).exists()  # the other extractors' work
    assert models.ArticleKnowledge.objects.get(article=good).failures == []


def test_a_failing_run_marks_its_article_failed_and_the_worker_goes_on(
    make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.analyze

    def crashing(body: str, **kwargs: Any) -> Analysis:
        if POISON in body:
            raise MemoryError("planted")
        return real(body, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", crashing)
    bad = make_article(body=f"{BODY}\n\n{POISON}")
    good = make_article(body=BODY)
    drain()
    bad_row = models.ArticleKnowledge.objects.get(article=bad)
    assert bad_row.state == "failed"
    assert bad_row.error == "MemoryError: planted"
    assert models.ArticleKnowledge.objects.get(article=good).state == "done"
    assert not Task.objects.filter(state=Task.State.FAILED).exists()
