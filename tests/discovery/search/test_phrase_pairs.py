"""PostgreSQL finds phrases through their word pairs, with exactly the results it had without."""

from __future__ import annotations

import pytest
from django.db import connection

from newsdesk.discovery.search.backends.postgres import pairs_text, pairs_tsquery
from newsdesk.discovery.search.query import parse
from newsdesk.discovery.search.selectors import search
from tests.conftest import MakeArticle

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="word pairs are PostgreSQL's"
)


def test_each_group_of_phrases_becomes_one_clause() -> None:
    text = pairs_text([[["a 1 b", "b 1 c"]], [["x 2 y"], ["p 1 q"]]])
    assert text == "(('a 1 b' & 'b 1 c')) & (('x 2 y') | ('p 1 q'))"


def test_a_group_with_an_alternative_without_pairs_adds_nothing() -> None:
    assert pairs_text([[["x 1 y"], []]]) is None
    assert pairs_text([[["x 1 y"], []], [["a 1 b"]]]) == "(('a 1 b'))"


def test_quotes_and_backslashes_stay_inside_the_lexeme() -> None:
    assert pairs_text([[["it's 1 a\\b"]]]) == "(('it''s 1 a\\\\b'))"


def phrase_matches(phrase: str) -> set[str]:
    """What the phrase test alone finds, without the pairs: the behaviour to keep."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.slug FROM search_searchentry e JOIN publishing_article a "
            "ON a.id = e.article_id WHERE e.document @@ phraseto_tsquery('english', %s)",
            [phrase],
        )
        return {row[0] for row in cursor.fetchall()}


def found(q: str) -> set[str]:
    return {result.article.slug for result in search(q).results}


@postgres_only
@pytest.mark.django_db
def test_phrases_find_what_the_phrase_test_alone_finds(publish: MakeArticle) -> None:
    publish(slug="adjacent", title="Ports", body="Grid capacity in Osluzen doubled.")
    publish(slug="other-stop", title="Ports", body="Grid capacity at Osluzen doubled.")
    publish(slug="apart", title="Ports", body="Capacity grew fast. Then Osluzen waited.")
    publish(slug="reversed", title="Ports", body="Osluzen in capacity terms.")
    publish(slug="hyphen", title="Ports", body="A counter-terrorism budget for Osluzen.")
    publish(slug="title", title="Capacity in Osluzen", body="Nothing else.")
    for q, expected in (
        ('"capacity in Osluzen"', {"adjacent", "other-stop", "title"}),
        ('"grid capacity"', {"adjacent", "other-stop"}),
        ('"counter terrorism budget"', {"hyphen"}),
        ('"osluzen waited" OR "grid capacity"', {"apart", "adjacent", "other-stop"}),
        ('"capacity in Osluzen" -grid', {"title"}),
    ):
        assert found(q) == expected, q
    assert found('"capacity in Osluzen"') == phrase_matches("capacity in osluzen")


@postgres_only
@pytest.mark.django_db
def test_pairs_of_the_phrase_are_looked_up(publish: MakeArticle) -> None:
    assert pairs_tsquery(parse('"capacity in Osluzen" grid')) == "(('capac 2 osluzen'))"
    assert pairs_tsquery(parse("capacity Osluzen")) is None
    # Three stop words apart: beyond the pairs' reach, so the phrase test alone decides.
    assert pairs_tsquery(parse('"capacity of all the ports"')) is None
    publish(slug="far", title="Ports", body="Capacity of all the ports rose.")
    assert found('"capacity of all the ports"') == {"far"}
