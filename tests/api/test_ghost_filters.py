"""Filters as real clients write them, run against the database."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from newsdesk.api.ghost import ids
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_article: MakeArticle, author: Author, topic: Topic) -> dict[str, Article]:
    sam = Author.objects.create(name="Sam Lee", slug="sam-lee")
    climate = Topic.objects.create(name="Climate", slug="climate")
    return {
        "grid": make_article(slug="grid", title="The grid", topics=[topic], featured=True),
        "heat": make_article(slug="heat", title="Heat", topics=[topic, climate], authors=[sam]),
        "ice": make_article(slug="ice", title="Ice", topics=[climate], authors=[author, sam]),
        "old": make_article(
            slug="old", title="Old", topics=[], published_at=timezone.now() - timedelta(days=400)
        ),
    }


def slugs(ghost: Any, nql: str) -> list[str]:
    response = ghost("posts/", filter=nql, fields="slug", limit="all")
    assert response.status_code == 200, response.content
    return sorted(post["slug"] for post in json.loads(response.content)["posts"])


@pytest.mark.parametrize(
    ("nql", "expected"),
    [
        ("tag:energy", ["grid", "heat"]),
        ("tags:climate", ["heat", "ice"]),
        ("tag:energy+tag:climate", ["heat"]),
        ("tag:-energy", ["ice", "old"]),
        ("tag:[energy,climate]", ["grid", "heat", "ice"]),
        ("tag:-[energy,climate]", ["old"]),
        ("author:sam-lee", ["heat", "ice"]),
        ("authors.slug:helen-park+tag:climate", ["ice"]),
        ("featured:true", ["grid"]),
        ("featured:false+tag:energy", ["heat"]),
        ("slug:[grid,ice]", ["grid", "ice"]),
        ("slug:-grid", ["heat", "ice", "old"]),
        ("title:~'he gr'", ["grid"]),
        ("title:~^h", ["heat"]),
        ("(tag:energy,author:sam-lee)+featured:false", ["heat", "ice"]),
        ("tag:climate,featured:true+tag:energy", ["grid", "heat", "ice"]),
        ("published_at:<now-200d", ["old"]),
        ("visibility:public+tag:climate", ["heat", "ice"]),
        ("visibility:-public", []),
        ("tags.name:Climate", ["heat", "ice"]),
    ],
)
def test_filters(ghost: Any, corpus: dict[str, Article], nql: str, expected: list[str]) -> None:
    assert slugs(ghost, nql) == expected


def test_ids_and_dates(ghost: Any, corpus: dict[str, Article]) -> None:
    grid_id = ids.object_id("post", corpus["grid"].pk)
    assert slugs(ghost, f"id:-{grid_id}") == ["heat", "ice", "old"]
    assert slugs(ghost, f"id:[{grid_id},5ddc9141c35e7700383b2937]") == ["grid"]
    cutoff = (timezone.now() - timedelta(days=100)).strftime("%Y-%m-%d %H:%M:%S")
    assert slugs(ghost, f"published_at:<'{cutoff}'") == ["old"]
    assert slugs(ghost, f"published_at:>'{cutoff[:10]}'") == ["grid", "heat", "ice"]


@pytest.mark.parametrize(
    ("nql", "says"),
    [
        ("featured:maybe", "true or false"),
        ("published_at:>'yesterday'", "not a date"),
        ("published_at:>'2024-02-30'", "not a date"),
        ("tag:>a", "can only be matched"),
        ("reading_time:>" + "9" * 30, "number"),
        ("published_at:>now-99999999y", "too far"),
        ("author.slug:x", "cannot be filtered on"),
    ],
)
def test_filter_errors_are_400s(
    ghost: Any, corpus: dict[str, Article], nql: str, says: str
) -> None:
    response = ghost("posts/", filter=nql)
    assert response.status_code == 400
    assert says in json.loads(response.content)["errors"][0]["context"]
