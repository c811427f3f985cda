"""/api/v1/search and /api/v1/entities."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(make_article: MakeArticle, django_capture_on_commit_callbacks: Any) -> MakeArticle:
    """make_article, indexed for search as it is once the transaction commits."""

    def make(**fields: Any) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(**fields)

    return make


def body(response: Any) -> Any:
    return json.loads(response.content)


def test_search_finds_published_articles_with_highlights(
    client: Client, publish: MakeArticle
) -> None:
    publish(title="Transformers are the bottleneck", body="Grid transformers wait years.")
    publish(title="Something else", body="Unrelated words.")
    data = body(client.get("/api/v1/search", {"q": "transformers"}))
    assert data["total"] == 1
    result = data["results"][0]
    assert result["article"]["title"] == "Transformers are the bottleneck"
    assert "<mark>" in result["title_html"]
    assert result["article"]["authors"][0]["slug"] == "helen-park"


def test_search_filters_and_errors(client: Client, publish: MakeArticle) -> None:
    publish(title="Transformers")
    assert (
        body(client.get("/api/v1/search", {"q": "transformers", "topic": "energy"}))["total"] == 1
    )
    unknown = client.get("/api/v1/search", {"q": "transformers", "topic": "nothing"})
    assert unknown.status_code == 400
    assert client.get("/api/v1/search", {"q": "transformers", "page": "5"}).status_code == 404
    assert client.get("/api/v1/search", {"q": "x", "from": "yesterday"}).status_code == 422
    assert body(client.get("/api/v1/search", {"q": ""}))["results"] == []


def test_entities_are_an_empty_documented_list_until_extraction_exists(client: Client) -> None:
    assert body(client.get("/api/v1/entities"))["items"] == []
    assert client.get("/api/v1/entities/someone").status_code == 404
