from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from pytest_django import DjangoAssertNumQueries

from newsdesk.discovery.related.selectors import stored_related
from newsdesk.publishing.models import Article, Topic
from newsdesk.publishing.selectors import related_articles
from tests.discovery.related.conftest import GRID, GRID_TOO, MORTGAGE, Drain, Story

pytestmark = pytest.mark.django_db


def related_block(client: Client, article: Article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return html[html.index('id="related-title"') :]


def test_the_page_shows_the_stored_list_and_why(client: Client, story: Story, drain: Drain) -> None:
    energy = Topic.objects.create(name="Energy", slug="energy-2")
    grid = story("The transformer queue", GRID, topics=[energy])
    story("Wind farms wait for transformers", GRID_TOO, topics=[energy])
    story("Renewal shock", MORTGAGE, topics=[energy])
    drain()
    block = related_block(client, grid)
    assert "Wind farms wait for transformers" in block
    assert '<p class="why">Also about: Energy</p>' in block
    assert "Renewal shock" not in block  # shares a topic, but nothing else


def test_wording_is_the_reason_when_nothing_more_specific_applies(
    client: Client, story: Story, drain: Drain
) -> None:
    grid = story("The transformer queue", GRID)
    story("Wind farms wait for transformers", GRID_TOO)
    drain()
    assert '<p class="why">Similar wording</p>' in related_block(client, grid)


def test_the_stored_list_is_read_with_one_query(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    story("Wind farms wait for transformers", GRID_TOO)
    drain()
    article = Article.objects.prefetch_related("topics").get(pk=grid.pk)
    with CaptureQueriesContext(connection) as queries:
        found = related_articles(article)
    assert [r.article.title for r in found] == ["Wind farms wait for transformers"]
    assert len(queries) == 1


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_page_stays_within_its_query_budget_with_stored_lists(
    client: Client,
    story: Story,
    drain: Drain,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    grid = story("The transformer queue", GRID)
    for n in range(6):
        story(f"Transformers, part {n}", f"{GRID_TOO} Part {n}.")
    drain()
    with django_assert_max_num_queries(8):
        response = client.get(grid.get_absolute_url())
    assert response.content.decode().count('<p class="why">') == 4


def test_until_the_worker_runs_the_page_falls_back_to_shared_topics(
    client: Client, story: Story
) -> None:
    energy = Topic.objects.create(name="Energy", slug="energy-2")
    grid = story("The transformer queue", GRID, topics=[energy])
    story("Renewal shock", MORTGAGE, topics=[energy])
    block = related_block(client, grid)
    assert "Renewal shock" in block
    assert 'class="why"' not in block


def test_an_unpublished_article_is_never_shown_even_before_the_worker_runs(
    story: Story, drain: Drain
) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    Article.objects.filter(pk=newer.pk).update(status=Article.Status.UNPUBLISHED)
    assert stored_related(grid, limit=4) == []


def test_a_cached_page_shows_the_list_the_worker_computed_later(
    client: Client,
    story: Story,
    drain: Drain,
    django_capture_on_commit_callbacks: Callable[
        ..., AbstractContextManager[list[Callable[[], None]]]
    ],
) -> None:
    grid = story("The transformer queue", GRID)
    drain()
    assert "Wind farms" not in client.get(grid.get_absolute_url()).content.decode()  # cached
    story("Wind farms wait for transformers", GRID_TOO)
    client.get(grid.get_absolute_url())  # cached again, before the worker runs
    with django_capture_on_commit_callbacks(execute=True):
        drain()
    assert "Wind farms wait for transformers" in related_block(client, grid)
