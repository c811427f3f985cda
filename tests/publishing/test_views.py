from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from newsdesk.publishing.models import Article, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def test_it_shows_the_article_page_anatomy(client: Client, make_article: MakeArticle) -> None:
    article = make_article(title="Grid queues", dek="Wires, not watts.", featured=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title">Grid queues</h1>' in html
    assert '<p class="dek">Wires, not watts.</p>' in html
    assert 'href="/authors/helen-park/" rel="author">Helen Park</a>' in html
    assert "min read" in html
    assert 'href="#first-section"' in html  # table of contents
    assert 'href="/topics/energy/"' in html
    assert "Stay in the loop" in html
    assert "Get the latest insights delivered to your inbox." in html
    assert 'action="/newsletter/"' in html


def test_it_marks_up_the_article_for_crawlers(client: Client, make_article: MakeArticle) -> None:
    article = make_article(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "NewsArticle"' in html
    assert "\\u003C/script\\u003E" in html  # the title cannot close the JSON-LD script
    assert html.count("<script") == 1
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in html
    )


def test_it_shows_updated_after_an_edit_even_when_the_page_was_cached(
    client: Client, make_article: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    from newsdesk.publishing import services

    article = make_article()
    first = client.get(article.get_absolute_url())
    assert "Updated" not in first.content.decode()
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    previous = Article.objects.get(pk=article.pk)
    article.body += "\n\nA correction."
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=None, previous=previous)
    again = client.get(article.get_absolute_url())
    assert "Updated" in again.content.decode()
    assert "A correction." in again.content.decode()


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.SCHEDULED, Article.Status.UNPUBLISHED]
)
def test_it_hides_articles_that_are_not_published(
    client: Client, make_article: MakeArticle, status: str
) -> None:
    article = make_article(status=status, published_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()
    assert article.title not in client.get("/feeds/rss.xml").content.decode()


def test_it_hides_a_published_article_dated_in_the_future(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_it_redirects_an_old_slug_permanently(client: Client, make_article: MakeArticle) -> None:
    from newsdesk.publishing import services

    article = make_article(slug="first-name")
    previous = Article.objects.get(pk=article.pk)
    article.slug = "better-name"
    services.article_save(article=article, user=None, previous=previous)
    response = client.get("/articles/first-name/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/better-name/"


def test_it_lists_related_articles_sharing_topics(
    client: Client, make_article: MakeArticle, topic: Topic
) -> None:
    other = Topic.objects.create(name="Trade", slug="trade")
    article = make_article(topics=[topic, other])
    both = make_article(title="Shares both topics", topics=[topic, other])
    one = make_article(title="Shares one topic", topics=[topic])
    make_article(title="Shares nothing", topics=[])
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index("Related articles") :]
    assert related.index(both.title) < related.index(one.title)
    assert "Shares nothing" not in related


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_article_page_needs_at_most_eight_queries(
    client: Client, make_article: MakeArticle, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    article = make_article()
    for n in range(6):
        make_article(title=f"Neighbour {n}")
    # The first read after a change renders the stored parts (publishing.pagestore) ...
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url()).status_code == 200
    # ... and every read after it until the next change reads them back with the article.
    with django_assert_max_num_queries(8) as read_back:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(read_back) <= 3  # article and parts, related list, its fallback


def test_home_shows_featured_and_paginates(client: Client, make_article: MakeArticle) -> None:
    make_article(title="The featured piece", featured=True)
    for n in range(14):
        make_article(title=f"Latest {n}")
    first = client.get("/").content.decode()
    assert "The featured piece" in first
    assert 'rel="next" href="?page=2"' in first
    assert client.get("/?page=2").status_code == 200
    assert client.get("/?page=99").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_topic_author_and_archive_pages_list_articles(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(title="Listed everywhere")
    assert article.published_at is not None
    assert "Listed everywhere" in client.get("/topics/energy/").content.decode()
    assert "Listed everywhere" in client.get("/authors/helen-park/").content.decode()
    month = f"/archive/{article.published_at:%Y}/{article.published_at.month}/"
    assert month in client.get("/archive/").content.decode()
    assert "Listed everywhere" in client.get(month).content.decode()
    assert client.get("/archive/2026/13/").status_code == 404
    assert client.get("/topics/nope/").status_code == 404


def test_the_404_page_matches_the_site(client: Client, db: None) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_healthz_answers_ok(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_robots_points_at_the_sitemap(client: Client, db: None) -> None:
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


def test_the_sitemap_lists_published_articles_only(
    client: Client, make_article: MakeArticle
) -> None:
    live = make_article(slug="live-one")
    make_article(slug="draft-one", status=Article.Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-articles.xml" in index
    section = client.get("/sitemap-articles.xml").content.decode()
    assert live.get_absolute_url() in section
    assert "draft-one" not in section


def test_the_signup_box_posts_to_a_friendly_page(client: Client, db: None) -> None:
    response = client.post("/newsletter/", {"email": "reader@example.com"})
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
