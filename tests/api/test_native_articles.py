"""/api/v1/articles: public reads, and writes with editor tokens through the publishing services."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.publishing.models import Article, Author, Revision, Topic
from tests.api.conftest import bearer
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def send(client: Client, method: str, path: str, token: str, data: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1/{path}",
        json.dumps(data or {}),
        content_type="application/json",
        headers=bearer(token),
    )


def test_it_lists_published_articles_with_bylines(
    client: Client, make_article: MakeArticle, author: Author
) -> None:
    make_article(title="Out")
    make_article(title="Draft", status=Article.Status.DRAFT, published_at=None)
    data = body(client.get("/api/v1/articles"))
    assert data["total"] == 1 and data["pages"] == 1 and data["page"] == 1
    item = data["items"][0]
    assert item["title"] == "Out"
    assert item["authors"] == [
        {
            "slug": "helen-park",
            "name": "Helen Park",
            "url": "http://127.0.0.1:8000/authors/helen-park/",
        }
    ]
    assert item["topics"][0]["slug"] == "energy"


def test_listing_filters_and_pages(client: Client, make_article: MakeArticle) -> None:
    other = Topic.objects.create(name="Trade", slug="trade")
    for n in range(3):
        make_article(title=f"Energy {n}", featured=n == 0)
    make_article(title="Tariffs", topics=[other])
    assert [i["title"] for i in body(client.get("/api/v1/articles?topic=trade"))["items"]] == [
        "Tariffs"
    ]
    assert body(client.get("/api/v1/articles?featured=true"))["items"][0]["title"] == "Energy 0"
    page = body(client.get("/api/v1/articles?per_page=2&page=2"))
    assert [i["title"] for i in page["items"]] == ["Energy 2", "Tariffs"]
    assert page["pages"] == 2 and page["total"] == 4
    assert client.get("/api/v1/articles?per_page=1000").status_code == 422


def test_an_article_comes_with_its_knowledge_lists(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article(body="## Why\n\nBecause.")
    data = body(client.get(f"/api/v1/articles/{article.slug}"))
    assert data["body"] == "## Why\n\nBecause."
    assert data["body_html"] == article.body_html
    assert data["toc"] == [{"level": 2, "anchor": "why", "text": "Why"}]
    assert data["status"] == "published"
    assert (data["entities"], data["quotes"], data["figures"], data["events"]) == ([], [], [], [])


def test_drafts_are_not_public(client: Client, make_article: MakeArticle) -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = client.get(f"/api/v1/articles/{draft.slug}")
    assert response.status_code == 404
    assert body(response) == {"detail": "Not Found"}


def test_related_articles(client: Client, make_article: MakeArticle) -> None:
    first = make_article(title="First")
    make_article(title="Second")
    related = body(client.get(f"/api/v1/articles/{first.slug}/related"))
    assert [r["article"]["title"] for r in related] == ["Second"]
    assert related[0]["article"]["authors"][0]["slug"] == "helen-park"


def test_writes_need_a_valid_token(client: Client, editor: User) -> None:
    assert client.post("/api/v1/articles", "{}", content_type="application/json").status_code == 401
    token, secret = services.editor_token_create(name="Gone", user=editor)
    services.editor_token_revoke(token=token)
    response = send(client, "post", "articles", secret, {"title": "x"})
    assert response.status_code == 401
    assert send(client, "post", "articles", "nd_not-a-token", {"title": "x"}).status_code == 401


def test_an_editor_creates_a_draft_then_publishes_it(
    client: Client, editor_token: str, author: Author, topic: Topic
) -> None:
    created = send(
        client,
        "post",
        "articles",
        editor_token,
        {
            "title": "Grid queues",
            "dek": "Waiting.",
            "body": "## One\n\nText.",
            "authors": [author.slug],
            "topics": [topic.slug],
        },
    )
    assert created.status_code == 201, created.content
    data = body(created)
    assert data["status"] == "draft" and data["slug"] == "grid-queues"
    assert data["body_html"].startswith('<h2 id="one">')
    assert client.get("/api/v1/articles/grid-queues").status_code == 404
    article = Article.objects.get(slug="grid-queues")
    assert list(article.authors.all()) == [author]
    assert Revision.objects.filter(article=article).count() == 1

    published = send(client, "post", "articles/grid-queues/publish", editor_token)
    assert published.status_code == 200
    assert body(published)["status"] == "published"
    assert client.get("/api/v1/articles/grid-queues").status_code == 200

    unpublished = send(client, "post", "articles/grid-queues/unpublish", editor_token)
    assert body(unpublished)["status"] == "unpublished"
    assert client.get("/api/v1/articles/grid-queues").status_code == 404


def test_publishing_with_a_future_time_schedules(
    client: Client, editor_token: str, make_article: MakeArticle
) -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = body(
        send(client, "post", f"articles/{draft.slug}/publish", editor_token, {"at": at.isoformat()})
    )
    assert data["status"] == "scheduled"
    draft.refresh_from_db()
    assert draft.published_at == at


def test_updates_change_only_what_is_given_and_keep_old_slugs_working(
    client: Client, editor_token: str, make_article: MakeArticle
) -> None:
    article = make_article(title="Old title", dek="Old dek")
    response = send(
        client,
        "patch",
        f"articles/{article.slug}",
        editor_token,
        {"title": "New title", "slug": "new-slug"},
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.title, article.dek, article.slug) == ("New title", "Old dek", "new-slug")
    assert client.get("/articles/analysis-1/").status_code == 301
    null = send(client, "patch", "articles/new-slug", editor_token, {"dek": None})
    assert null.status_code == 400


def test_contributors_write_drafts_but_cannot_publish(
    client: Client, contributor_token: str, make_article: MakeArticle, author: Author
) -> None:
    created = send(
        client, "post", "articles", contributor_token, {"title": "Mine", "authors": [author.slug]}
    )
    assert created.status_code == 201
    assert (
        send(client, "patch", "articles/mine", contributor_token, {"dek": "Better"}).status_code
        == 200
    )
    refused = send(client, "post", "articles/mine/publish", contributor_token)
    assert refused.status_code == 403
    assert "editor" in body(refused)["detail"].lower()
    live = make_article()
    assert (
        send(client, "patch", f"articles/{live.slug}", contributor_token, {"dek": "x"}).status_code
        == 403
    )
    assert Article.objects.get(slug="mine").status == Article.Status.DRAFT


def test_clear_errors_for_what_a_client_gets_wrong(
    client: Client, editor_token: str, make_article: MakeArticle, author: Author
) -> None:
    taken = make_article()
    cases = [
        ({"title": "A", "authors": ["nobody"]}, 400, "nobody"),
        ({"title": "A", "authors": [author.slug], "topics": ["nothing"]}, 400, "nothing"),
        ({"title": "A", "authors": [author.slug], "slug": taken.slug}, 409, "belongs"),
        ({"title": "A", "authors": [author.slug], "canonical_url": "ftp://x"}, 400, "canonical"),
        ({"title": "A"}, 400, "author profile"),
        ({"title": "", "authors": [author.slug]}, 422, "title"),
        ({"title": "A\x00", "authors": [author.slug]}, 422, "NUL"),
        ({"title": "A", "slug": "Not A Slug", "authors": [author.slug]}, 422, "slug"),
    ]
    for payload, status, says in cases:
        response = send(client, "post", "articles", editor_token, payload)
        assert response.status_code == status, (payload, response.content)
        assert says in response.content.decode(), payload
    broken = client.post(
        "/api/v1/articles",
        "{not json",
        content_type="application/json",
        headers=bearer(editor_token),
    )
    assert broken.status_code in {400, 422}


def test_a_title_slug_already_taken_gets_a_number(
    client: Client, editor_token: str, make_article: MakeArticle, author: Author
) -> None:
    make_article(slug="same-title")
    data = body(
        send(
            client,
            "post",
            "articles",
            editor_token,
            {"title": "Same title", "authors": [author.slug]},
        )
    )
    assert data["slug"] == "same-title-2"


def test_the_schema_is_published(client: Client) -> None:
    schema = body(client.get("/api/v1/openapi.json"))
    assert schema["info"]["title"] == "Newsdesk API"
    assert "/api/v1/articles/{slug}/publish" in schema["paths"]
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
