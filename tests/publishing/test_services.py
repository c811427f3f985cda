from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, Revision, SlugRedirect
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def test_it_renders_body_html_toc_and_reading_time_on_save(make_article: MakeArticle) -> None:
    article = make_article(body="## One\n\n" + "word " * 461 + "\n\n## Two\n\nend")
    assert article.toc == [
        {"level": 2, "anchor": "one", "text": "One"},
        {"level": 2, "anchor": "two", "text": "Two"},
    ]
    assert article.word_count == 464
    assert article.reading_minutes == 3
    assert article.body_html.startswith('<h2 id="one">')


def test_an_editor_publishes_now_and_keeps_the_first_publication_date(
    make_article: MakeArticle, editor: User
) -> None:
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    services.article_publish(article=article, user=editor)
    assert article.is_live
    first = article.published_at
    services.article_unpublish(article=article, user=editor)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    services.article_publish(article=article, user=editor)
    assert article.published_at == first


def test_a_contributor_cannot_publish_or_unpublish(
    make_article: MakeArticle, contributor: User
) -> None:
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=contributor)
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=article, user=contributor)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_future_time_schedules_and_the_worker_publishes_at_that_time(
    make_article: MakeArticle, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    at = timezone.now() + timedelta(hours=2)
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    services.article_publish(article=article, user=editor, at=at)
    assert article.status == Article.Status.SCHEDULED
    assert services.publish_one_due() is None
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            published = services.publish_one_due()
        assert published is not None and published.pk == article.pk
        assert published.is_live
        assert callbacks, "publishing must invalidate the page cache on commit"
        assert services.publish_one_due() is None


def test_a_scheduled_article_is_claimed_by_one_worker_only(make_article: MakeArticle) -> None:
    article = make_article(status=Article.Status.SCHEDULED, published_at=timezone.now())
    first_claim = Article.objects.filter(pk=article.pk, status=Article.Status.SCHEDULED).update(
        status=Article.Status.PUBLISHED
    )
    # A second worker that read the same row before the first one's update sees nothing to do.
    assert first_claim == 1
    assert services.publish_one_due() is None


def test_every_save_keeps_a_revision_and_restore_brings_it_back(
    make_article: MakeArticle, editor: User
) -> None:
    article = make_article(title="First title", body="First body.")
    previous = Article.objects.get(pk=article.pk)
    article.title, article.body = "Second title", "Second body."
    services.article_save(article=article, user=editor, previous=previous)
    revisions = list(article.revisions.all())
    assert [r.title for r in revisions] == ["Second title", "First title"]
    services.revision_restore(revision=revisions[1], user=editor)
    article.refresh_from_db()
    assert (article.title, article.body) == ("First title", "First body.")
    assert "<p>First body.</p>" in article.body_html
    assert article.revisions.first().note.startswith("Restored the revision")  # type: ignore[union-attr]


def test_saving_without_a_change_adds_no_revision(make_article: MakeArticle) -> None:
    article = make_article()
    count = Revision.objects.filter(article=article).count()
    services.article_save(article=article, user=None, previous=Article.objects.get(pk=article.pk))
    assert Revision.objects.filter(article=article).count() == count


def test_a_slug_given_back_to_its_article_drops_the_redirect(make_article: MakeArticle) -> None:
    article = make_article(slug="one")
    for slug in ("two", "one"):
        previous = Article.objects.get(pk=article.pk)
        article.slug = slug
        services.article_save(article=article, user=None, previous=previous)
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["two"]
