from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings

from newsdesk.publishing import pagecache, services
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_served_from_the_cache(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article()
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    hit = client.get(article.get_absolute_url())
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Type"] == "text/html; charset=utf-8"
    assert article.title in hit.content.decode()
    assert client.head(article.get_absolute_url())["X-Cache"] == "hit"


def test_a_change_drops_every_cached_page(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    client.get("/")
    client.get(article.get_absolute_url())
    pagecache.invalidate()
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_the_worker_publishing_a_scheduled_article_reaches_the_home_page(
    client: Client, make_article: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import timezone

    make_article(title="Already out")
    client.get("/")
    make_article(
        title="Goes out at nine", status=Article.Status.SCHEDULED, published_at=timezone.now()
    )
    assert "Goes out at nine" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_one_due()
    assert "Goes out at nine" in client.get("/").content.decode()


def test_signed_in_editors_never_see_or_fill_the_cache(
    editor_client: Client, client: Client, make_article: MakeArticle
) -> None:
    article = make_article()
    assert "X-Cache" not in editor_client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_posts_errors_and_admin_pages_are_not_cached(client: Client, db: None) -> None:
    client.get("/nope/")
    assert "X-Cache" not in client.get("/nope/")
    assert "X-Cache" not in client.post("/newsletter/", {"email": "a@example.org"})
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/healthz")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_zero_lifetime_turns_the_cache_off(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    client.get(article.get_absolute_url())
    assert "X-Cache" not in client.get(article.get_absolute_url())


def test_the_generation_stamp_changes_on_every_bump() -> None:
    seen = {pagecache.current_generation()}
    for _ in range(20):
        pagecache.invalidate()
        seen.add(pagecache.current_generation())
    assert len(seen) == 21
