"""/search/ answers every query string with a page, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.publishing.models import Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "",
    " ",
    "x" * 10_240,
    "energy " * 2000,
    '"unbalanced quote',
    'grid" queue"',
    "AND OR NOT",
    "NEAR(grid queue, 2)",
    "grid*",
    "title:grid",
    "{title body}: grid",
    "^grid",
    "-grid",
    "(((",
    "'; DROP TABLE publishing_article; --",
    "1 OR 1=1",
    "%",
    "\\",
    "Москва",
    "東京 電力",
    "القاهرة",
    "🙂 grid",
    "a\x00b",
    "\u202e\u200b",
]


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_any_query_gets_a_results_page(client: Client, publish: MakeArticle, q: str) -> None:
    publish(slug="grid", title="Grid queues", body="Москва and 東京 电力.")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert b"<h1>Search</h1>" in response.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "99999999999999999999", "1.5", ""])
def test_a_page_that_does_not_exist_is_a_404(
    client: Client, publish: MakeArticle, page: str
) -> None:
    publish(slug="grid", title="Grid queues")
    assert client.get("/search/", {"q": "grid", "page": page}).status_code == 404


@pytest.mark.parametrize(
    ("name", "value"),
    [("from", "2024-13-45"), ("to", "yesterday"), ("from", "0000-01-01"), ("to", "9999-12-31")],
)
def test_a_bad_date_is_reported_and_ignored(
    client: Client, publish: MakeArticle, name: str, value: str
) -> None:
    publish(slug="grid", title="Grid queues")
    response = client.get("/search/", {"q": "grid", name: value})
    assert response.status_code == 200
    assert b'href="/articles/grid/"' in response.content


def test_an_unknown_topic_or_author_is_reported_and_ignored(
    client: Client, publish: MakeArticle
) -> None:
    publish(slug="grid", title="Grid queues")
    response = client.get("/search/", {"q": "grid", "topic": "nope", "author": "<x>"})
    assert response.status_code == 200
    assert b"There is no such topic" in response.content
    assert b'href="/articles/grid/"' in response.content


def test_filters_in_the_url_narrow_the_results(client: Client, publish: MakeArticle) -> None:
    trade = Topic.objects.create(name="Trade", slug="trade")
    publish(slug="energy", title="Grid tariffs")
    publish(slug="trade", title="Grid tariffs", topics=[trade])
    response = client.get("/search/", {"q": "tariffs", "topic": "trade", "from": "2000-01-01"})
    assert b'href="/articles/trade/"' in response.content
    assert b'href="/articles/energy/"' not in response.content
    assert b'<option value="trade" selected>' in response.content


def test_results_are_escaped_except_for_the_marks(client: Client, publish: MakeArticle) -> None:
    publish(
        slug="x", title="<script>alert(1)</script> grid", body="<img src=x onerror=alert(1)> grid"
    )
    content = client.get("/search/", {"q": "grid"}).content.decode()
    assert "<script>alert(1)" not in content and "onerror=alert(1)>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>grid</mark>" in content


def test_the_count_pages_and_did_you_mean_are_shown(client: Client, publish: MakeArticle) -> None:
    for n in range(12):
        publish(slug=f"p{n}", title="Pension reform")
    content = client.get("/search/", {"q": "pension", "topic": "energy"}).content.decode()
    assert "12 results for <strong>pension</strong>, page 1 of 2" in content
    assert 'href="?q=pension&amp;topic=energy&amp;page=2"' in content
    empty = client.get("/search/", {"q": "pensoin reform"}).content.decode()
    assert "Did you mean" in empty and "pension reform" in empty


def test_search_pages_are_not_cached_and_not_indexed(
    client: Client, publish: MakeArticle, settings: object
) -> None:
    publish(slug="a", title="Fertiliser prices")
    first = client.get("/search/", {"q": "fertiliser"})
    assert "X-Cache" not in first and first["X-Robots-Tag"] == "noindex"
    publish(slug="b", title="Fertiliser stocks")
    assert b'href="/articles/b/"' in client.get("/search/", {"q": "fertiliser"}).content


def test_every_page_has_a_labelled_search_box(client: Client, publish: MakeArticle) -> None:
    publish(slug="a", title="Anything")
    content = client.get("/").content.decode()
    assert '<form class="site-search" action="/search/" method="get" role="search"' in content
    assert '<label class="visually-hidden" for="site-search-q">Search articles</label>' in content
    assert 'id="site-search-q" type="search" name="q"' in content
