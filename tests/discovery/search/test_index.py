"""The index follows every article change, and holds only what readers may see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.discovery.search.models import SearchEntry
from newsdesk.discovery.search.selectors import search
from newsdesk.ops import tasks
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return [result.article.slug for result in search(q).results]


def test_a_published_article_is_found_by_its_title_and_body(publish: MakeArticle) -> None:
    publish(slug="grid", title="Grid queues", body="Transformers are **scarce** everywhere.")
    assert found("grid") == ["grid"]
    assert found("scarce transformers") == ["grid"]


def test_drafts_and_scheduled_articles_never_appear(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    publish(slug="draft", title="Pipeline draft", status=Article.Status.DRAFT, published_at=None)
    article = publish(slug="later", title="Pipeline later", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, user=None, at=timezone.now() + timedelta(days=1))
    assert article.status == Article.Status.SCHEDULED
    assert found("pipeline") == []
    assert not SearchEntry.objects.exists()


def test_a_published_article_dated_in_the_future_appears_only_from_its_date(
    publish: MakeArticle,
) -> None:
    when = timezone.now() + timedelta(hours=2)
    publish(slug="soon", title="Embargoed tariffs", published_at=when)
    assert found("tariffs") == []
    with time_machine.travel(when + timedelta(seconds=1)):
        assert found("tariffs") == ["soon"]


def test_unpublishing_removes_and_republishing_restores(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    article = publish(slug="wind", title="Offshore wind")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=article, user=None)
    assert found("offshore") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, user=None)
    assert found("offshore") == ["wind"]


def test_an_edit_replaces_the_old_text(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    article = publish(slug="heat", title="Heat pumps stall")
    previous = Article.objects.get(pk=article.pk)
    article.title = "Heat pumps recover"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=None, previous=previous)
    assert found("stall") == []
    assert found("recover") == ["heat"]


def test_a_deleted_article_leaves_the_index(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    article = publish(slug="gone", title="Fertilizer prices")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert found("fertilizer") == []
    assert not SearchEntry.objects.exists()


def test_a_rolled_back_change_is_not_indexed(
    make_article: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                make_article(slug="oops", title="Shipping premiums")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert found("shipping") == []


def test_many_changes_in_one_transaction_index_once(
    make_article: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = make_article(slug="chips", title="Export controls")
        for _ in range(3):
            services.article_save(article=article, user=None, previous=article)
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    inserts = [q for q in queries.captured_queries if "INSERT INTO search_searchentry" in q["sql"]]
    inserts += [
        q for q in queries.captured_queries if 'INSERT INTO "search_searchentry"' in q["sql"]
    ]
    assert len(inserts) == 1
    assert found("export controls") == ["chips"]


def test_topics_and_authors_saved_after_the_article_are_indexed(
    publish: MakeArticle,
) -> None:
    # make_article sets bylines and topics after article_save, as the desk does.
    other = Topic.objects.create(name="Maritime security", slug="maritime")
    publish(slug="ships", title="Insurers retreat", topics=[other])
    assert found("maritime") == ["ships"]
    assert found("helen park") == ["ships"]


def test_renaming_a_topic_or_author_reindexes_its_articles(
    publish: MakeArticle, topic: Topic, author: Author
) -> None:
    publish(slug="grid", title="Grid queues")
    topic.name = "Electricity"
    topic.save()
    author.name = "Helen Ostrova"
    author.save()
    while tasks.run_one():
        pass
    assert found("electricity") == ["grid"]
    assert found("ostrova") == ["grid"]


def test_a_row_left_behind_in_the_index_is_never_shown(publish: MakeArticle) -> None:
    article = publish(slug="stale", title="Lingering tariffs")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # no signal
    assert SearchEntry.objects.filter(article=article).exists()
    assert found("tariffs") == []
