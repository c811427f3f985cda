"""The knowledge layer in the native API: an article's rows, /api/v1/entities[/{slug}]."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from newsdesk.knowledge.models import Entity
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle
from tests.knowledge import rows

pytestmark = pytest.mark.django_db

BODY = "\u201cWe are late,\u201d said Jane Doe. In 2024 the queue held 63 projects."


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


@pytest.fixture
def analysed(make_article: MakeArticle) -> tuple[Article, Entity]:
    article = make_article(slug="queue", body=BODY)
    doe = rows.entity("Jane Doe", "PERSON", "Doe")
    rows.mention(article, doe, role="analyst")
    rows.quote(article, doe, "\u201cWe are late,\u201d", role="analyst")
    rows.figure(article, "63 projects", 63, "projects", period="2024", previous=40)
    rows.event(article, "2024", "In 2024 the queue held 63 projects.", doe)
    return article, doe


def test_an_article_carries_its_entities_quotes_figures_and_events(
    client: Client, analysed: tuple[Article, Entity]
) -> None:
    data = get(client, "/api/v1/articles/queue")
    assert data["entities"] == [
        {
            "slug": "jane-doe",
            "name": "Jane Doe",
            "kind": "PERSON",
            "aliases": ["Doe"],
            "mentions": 1,
            "url": "http://127.0.0.1:8000/entities/jane-doe/",
        }
    ]
    [quote] = data["quotes"]
    assert BODY[quote["start"] : quote["end"]] == quote["text"] == "\u201cWe are late,\u201d"
    assert (quote["kind"], quote["speaker"], quote["role"], quote["entity"]) == (
        "direct",
        "Jane Doe",
        "analyst",
        "jane-doe",
    )
    [figure] = data["figures"]
    assert (figure["value"], figure["unit"], figure["period"], figure["previous"]) == (
        63,
        "projects",
        "2024",
        40,
    )
    assert data["events"] == [
        {
            "date": "2024",
            "precision": "year",
            "text": "In 2024 the queue held 63 projects.",
            "start": BODY.index("In 2024"),
            "end": len(BODY),
        }
    ]


def test_the_article_list_reads_no_knowledge_rows(
    client: Client,
    analysed: tuple[Article, Entity],
    make_article: MakeArticle,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(5):
        make_article()
    with django_assert_max_num_queries(4):
        get(client, "/api/v1/articles")


def test_entities_list_filters_by_kind_and_name(
    client: Client, analysed: tuple[Article, Entity], make_article: MakeArticle
) -> None:
    article, _ = analysed
    rows.mention(article, rows.entity("Grid Watch", "ORG", "GW"))
    rows.mention(make_article(status=Article.Status.DRAFT), rows.entity("Hidden Org", "ORG"))
    everyone = get(client, "/api/v1/entities")
    assert [e["slug"] for e in everyone["items"]] == ["grid-watch", "jane-doe"]
    assert everyone["total"] == 2 and everyone["pages"] == 1
    orgs = get(client, "/api/v1/entities", kind="ORG")["items"]
    assert [(e["name"], e["aliases"], e["mentions"]) for e in orgs] == [("Grid Watch", ["GW"], 1)]
    assert get(client, "/api/v1/entities", q="gw")["total"] == 1
    assert client.get("/api/v1/entities", {"kind": "THING"}).status_code == 422


def test_entities_list_needs_no_query_per_entity(
    client: Client, make_article: MakeArticle, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    article = make_article()
    for n in range(10):
        rows.mention(article, rows.entity(f"Person {n}", "PERSON", f"P{n}"))
    with django_assert_max_num_queries(3):
        assert len(get(client, "/api/v1/entities")["items"]) == 10


def test_an_entity_has_its_quotes_and_articles(
    client: Client, analysed: tuple[Article, Entity]
) -> None:
    data = get(client, "/api/v1/entities/jane-doe")
    assert (data["name"], data["kind"], data["aliases"]) == ("Jane Doe", "PERSON", ["Doe"])
    [quote] = data["quotes"]
    assert quote["article"] == "queue"
    assert quote["url"].startswith("http://127.0.0.1:8000/articles/queue/#:~:text=We%20are%20late")
    assert [a["slug"] for a in data["articles"]] == ["queue"]
    assert data["articles"][0]["authors"][0]["slug"] == "helen-park"


def test_a_merged_slug_answers_with_the_survivor_and_unknown_is_404(
    client: Client, analysed: tuple[Article, Entity], make_article: MakeArticle
) -> None:
    _, doe = analysed
    rows.entity("J. Doe", "PERSON", slug="j-doe", merged_into=doe)
    assert get(client, "/api/v1/entities/j-doe")["slug"] == "jane-doe"
    assert client.get("/api/v1/entities/nobody").status_code == 404
    drafted = rows.entity("Drafted", "ORG")
    rows.mention(make_article(status=Article.Status.DRAFT), drafted)
    assert client.get("/api/v1/entities/drafted").status_code == 404
