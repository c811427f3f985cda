from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import PASSWORD, MakeArticle

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/publishing/article/add/"


def article_form(author: Author, topic: Topic, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "A new analysis",
        "slug": "a-new-analysis",
        "dek": "What it means.",
        "body": "## Start\n\nThe body.",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "topics": [topic.pk],
        "hero_alt": "",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
        "articleauthor_set-TOTAL_FORMS": "1",
        "articleauthor_set-INITIAL_FORMS": "0",
        "articleauthor_set-MIN_NUM_FORMS": "1",
        "articleauthor_set-MAX_NUM_FORMS": "1000",
        "articleauthor_set-0-author": str(author.pk),
        "articleauthor_set-0-position": "0",
    }
    data.update(fields)
    return data


def test_an_editor_signs_in_with_email_and_argon2_password(client: Client, editor: User) -> None:
    from newsdesk import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": editor.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_writes_and_publishes_an_article(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    data = article_form(author, topic, status=Article.Status.PUBLISHED)
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="a-new-analysis")
    assert article.is_live
    assert list(article.authors.all()) == [author]
    assert article.revisions.count() == 1
    assert "The body." in editor_client.get(article.get_absolute_url()).content.decode()


def test_a_duplicate_slug_is_a_form_error_not_a_crash(
    editor_client: Client, make_article: MakeArticle, author: Author, topic: Topic
) -> None:
    make_article(slug="taken")
    response = editor_client.post(ADD_URL, article_form(author, topic, slug="taken"))
    assert response.status_code == 200
    assert "Article with this Slug already exists." in response.content.decode()


def test_scheduling_needs_a_future_time(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    past = article_form(author, topic, status=Article.Status.SCHEDULED)
    past.update({"published_at_0": "2020-01-01", "published_at_1": "09:00"})
    response = editor_client.post(ADD_URL, past)
    assert "needs a publication time in the future" in response.content.decode()
    later = timezone.now() + timedelta(days=2)
    future = article_form(author, topic, status=Article.Status.SCHEDULED)
    future.update({"published_at_0": f"{later:%Y-%m-%d}", "published_at_1": f"{later:%H:%M:%S}"})
    assert editor_client.post(ADD_URL, future).status_code == 302
    assert Article.objects.get().status == Article.Status.SCHEDULED


def test_a_contributor_saves_drafts_but_cannot_publish(
    contributor_client: Client, author: Author, topic: Topic
) -> None:
    response = contributor_client.post(
        ADD_URL, article_form(author, topic, status=Article.Status.PUBLISHED)
    )
    assert "an editor publishes them" in response.content.decode()
    assert not Article.objects.exists()
    assert contributor_client.post(ADD_URL, article_form(author, topic)).status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_contributor_cannot_change_a_published_article(
    contributor_client: Client, make_article: MakeArticle
) -> None:
    article = make_article()
    url = f"/admin/publishing/article/{article.pk}/change/"
    page = contributor_client.get(url).content.decode()
    assert 'name="title"' not in page  # read-only view
    assert contributor_client.get("/admin/accounts/user/").status_code == 403


def test_the_reader_preview_renders_a_draft_with_the_public_template(
    editor_client: Client, make_article: MakeArticle
) -> None:
    article = make_article(title="Not yet public", status=Article.Status.DRAFT)
    html = editor_client.get(f"/admin/publishing/article/{article.pk}/preview/").content.decode()
    assert '<h1 id="article-title">Not yet public</h1>' in html
    assert "Readers cannot see this page yet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert Client().get(f"/admin/publishing/article/{article.pk}/preview/").status_code == 302


def test_the_live_preview_endpoint_sanitizes(editor_client: Client) -> None:
    response = editor_client.post(
        "/admin/publishing/article/render-markdown/", {"body": "**hi** <script>x()</script>"}
    )
    assert response.json() == {"html": "<p><strong>hi</strong> </p>\n"}
    assert Client().post("/admin/publishing/article/render-markdown/").status_code == 302


def test_revisions_are_listed_and_restorable_from_the_desk(
    editor_client: Client, make_article: MakeArticle, author: Author, topic: Topic
) -> None:
    article = make_article(title="Original", slug="a-new-analysis")
    change = f"/admin/publishing/article/{article.pk}/change/"
    edit = article_form(author, topic, title="Edited", status=Article.Status.PUBLISHED)
    edit.update({"articleauthor_set-INITIAL_FORMS": "1", "articleauthor_set-0-id": ""})
    edit["articleauthor_set-0-id"] = str(article.articleauthor_set.get().pk)
    edit["articleauthor_set-0-article"] = str(article.pk)
    edit["published_at_0"] = f"{article.published_at:%Y-%m-%d}"
    edit["published_at_1"] = f"{article.published_at:%H:%M:%S}"
    assert editor_client.post(change, edit).status_code == 302
    page = editor_client.get(f"/admin/publishing/article/{article.pk}/revisions/").content.decode()
    assert "Original" in page and "Edited" in page
    original = article.revisions.get(title="Original")
    restore = f"/admin/publishing/article/{article.pk}/revisions/{original.pk}/restore/"
    assert editor_client.get(restore).status_code == 405
    assert editor_client.post(restore).status_code == 302
    article.refresh_from_db()
    assert article.title == "Original"


def test_a_five_megabyte_body_saves_and_renders(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    body = "\n\n".join(
        f"## Part {n}\n\n" + "A long sentence about trade flows. " * 30 for n in range(4_800)
    )
    assert len(body) > 5_000_000
    # Every section repeats itself, which the publish gate's checks call an error.
    form = article_form(author, topic, body=body, status="published", override_reason="A test.")
    response = editor_client.post(ADD_URL, form)
    assert response.status_code == 302
    page = Client().get("/articles/a-new-analysis/")
    assert page.status_code == 200
    assert page.content.count(b"<h2 id=") == 4_800 + 2  # sections, related and signup headings


def test_a_hero_image_gets_renditions_and_a_srcset(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (10, 90, 160)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")
    data = article_form(author, topic, status="published", hero_image=upload, hero_alt="A harbour")
    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert [r["width"] for r in article.hero_renditions] == [480, 960, 1600]
    html = Client().get(article.get_absolute_url()).content.decode()
    assert 'alt="A harbour"' in html
    assert f"{article.hero_renditions[0]['url']} 480w" in html
    assert Client().get(article.hero_renditions[0]["url"]).status_code == 200
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_file_that_is_not_an_image_is_a_form_error(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = editor_client.post(ADD_URL, article_form(author, topic, hero_image=upload))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
