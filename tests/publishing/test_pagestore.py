"""The article page's stored parts: read back while current, rendered again after each change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from newsdesk.knowledge.signals import extracted
from newsdesk.publishing import pagestore, selectors, services
from newsdesk.publishing.models import Article, ArticleAuthor, ArticlePage, Author, Topic
from tests.conftest import MakeArticle
from tests.knowledge import rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache() -> Iterator[None]:
    # The full-page cache would hide what the stored parts hold; these tests read past it.
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def page(client: Client, article: Article) -> str:
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def article_part(client: Client, article: Article) -> str:
    """The page without the site header, whose topic list follows the (whole-page) cache."""
    html = page(client, article)
    return html[html.index("<main") :]


def stored(article: Article) -> ArticlePage:
    return ArticlePage.objects.get(article=article)


def is_current(article: Article) -> bool:
    item = selectors.live_article_with_page(article.slug)
    assert item is not None
    return pagestore.stored_parts(item) is not None


def test_it_stores_the_parts_on_the_first_read_and_serves_them_after(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(title="Grid queues")
    first = page(client, article)
    assert is_current(article)
    # Proof that later reads come from the row, not from a new rendering.
    ArticlePage.objects.filter(article=article).update(main="<p>from the stored row</p>")
    second = page(client, article)
    assert "from the stored row" in second
    assert first.replace(stored(article).main, "") != second


def test_a_stored_page_is_identical_to_a_fresh_rendering(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(title="Grid queues")
    rendered = page(client, article)
    assert page(client, article) == rendered  # read back from the stored parts


def test_an_edit_renders_the_page_again(client: Client, make_article: MakeArticle) -> None:
    article = make_article(title="Grid queues")
    page(client, article)
    previous = Article.objects.get(pk=article.pk)
    article.title = "Grid queues, revisited"
    services.article_save(article=article, user=None, previous=previous)
    assert not is_current(article)
    assert '<h1 id="article-title">Grid queues, revisited</h1>' in page(client, article)


def test_a_slug_change_moves_the_canonical_url(client: Client, make_article: MakeArticle) -> None:
    article = make_article(slug="old-name")
    page(client, article)
    previous = Article.objects.get(pk=article.pk)
    article.slug = "new-name"
    services.article_save(article=article, user=None, previous=previous)
    html = page(client, article)
    assert 'rel="canonical" href="http://127.0.0.1:8000/articles/new-name/"' in html
    assert "old-name" not in html
    assert client.get("/articles/old-name/").status_code == 301


def test_an_author_rename_renders_their_articles_again(
    client: Client, make_article: MakeArticle, author: Author
) -> None:
    article = make_article()
    page(client, article)
    author.name, author.slug = "Helen Park-Lee", "helen-park-lee"
    author.save()
    html = page(client, article)
    assert 'href="/authors/helen-park-lee/" rel="author">Helen Park-Lee</a>' in html
    assert '"name": "Helen Park-Lee"' in html  # JSON-LD


def test_a_byline_change_renders_the_page_again(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    page(client, article)
    second = Author.objects.create(name="Omar Reyes", slug="omar-reyes")
    ArticleAuthor.objects.create(article=article, author=second, position=1)
    assert 'Helen Park</a> and <a href="/authors/omar-reyes/"' in page(client, article)
    ArticleAuthor.objects.filter(author=second).delete()
    assert "Omar Reyes" not in page(client, article)


def test_a_topic_rename_renders_its_articles_again(
    client: Client, make_article: MakeArticle, topic: Topic
) -> None:
    article = make_article()
    page(client, article)
    topic.name = "Power"
    topic.save()
    html = page(client, article)
    assert '<p class="kicker"><a href="/topics/energy/">Power</a></p>' in html
    assert '<meta property="article:tag" content="Power">' in html


def test_topics_added_or_removed_from_either_side_render_the_page_again(
    client: Client, make_article: MakeArticle, topic: Topic
) -> None:
    article = make_article()
    trade = Topic.objects.create(name="Trade", slug="trade")
    page(client, article)
    trade.articles.add(article)
    assert 'href="/topics/trade/">Trade</a>' in article_part(client, article)
    article.topics.remove(trade)
    assert "/topics/trade/" not in article_part(client, article)
    topic.articles.clear()
    assert "/topics/energy/" not in article_part(client, article)


def test_a_deleted_topic_leaves_its_articles(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    gone = Topic.objects.create(name="Shipping", slug="shipping")
    article.topics.add(gone)
    assert "/topics/shipping/" in article_part(client, article)
    gone.delete()
    assert "/topics/shipping/" not in article_part(client, article)


def test_a_stored_extraction_renders_the_knowledge_sections(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(body="## One\n\nOutput fell to 12 units in 2024, she said.")
    assert "Key figures" not in page(client, article)
    with transaction.atomic():
        rows.figure(article, "12 units in 2024", 12, "units", period="2024")
        extracted.send(sender=None, article_id=article.pk)
    assert "Key figures" in page(client, article)


def test_an_entity_rename_renders_the_pages_that_quote_it(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(body="## One\n\n\u201cQueues are long,\u201d said Jane Doe.")
    doe = rows.entity("Jane Doe")
    rows.quote(article, doe, "\u201cQueues are long,\u201d")
    extracted.send(sender=None, article_id=article.pk)
    assert ">Jane Doe</a>" in page(client, article)
    doe.name, doe.slug = "Jane A. Doe", "jane-a-doe"
    doe.save()
    assert 'href="/entities/jane-a-doe/">Jane A. Doe</a>' in page(client, article)
    doe.delete()
    assert "Jane A. Doe" not in page(client, article)


def test_unpublishing_hides_the_stored_page(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    page(client, article)
    services.article_unpublish(article=article, user=None)
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_a_change_of_settings_renders_the_page_again(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article()
    page(client, article)
    with override_settings(SITE_URL="https://analysis.example.org"):
        assert not is_current(article)
        html = page(client, article)
    assert 'href="https://analysis.example.org/articles/' in html


def test_parts_rendered_before_a_change_are_not_stored_after_it(
    make_article: MakeArticle,
) -> None:
    article = make_article(title="First title")
    read = selectors.live_article_with_page(article.slug)  # a reader reads the row...
    assert read is not None
    previous = Article.objects.get(pk=article.pk)
    article.title = "Second title"
    services.article_save(article=article, user=None, previous=previous)  # ... a change ...
    stale = pagestore.refresh(read)  # ... and the reader renders from what it had read
    assert "First title" in stale.main
    assert not is_current(article)
    fresh = selectors.live_article_with_page(article.slug)
    assert fresh is not None
    assert "Second title" in pagestore.refresh(fresh).main
    assert is_current(article)


def test_a_deleted_article_leaves_no_stored_page(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    page(client, article)
    article.delete()
    assert not ArticlePage.objects.exists()


def test_the_desk_preview_renders_afresh_and_stores_nothing(
    editor_client: Client, make_article: MakeArticle
) -> None:
    article = make_article(status=Article.Status.DRAFT, title="Not yet out")
    html = editor_client.get(f"/admin/publishing/article/{article.pk}/preview/").content.decode()
    assert "Not yet out" in html
    assert '<meta name="robots" content="noindex">' in html
    assert not ArticlePage.objects.filter(article=article, rendered_version__gt=0).exists()
