"""PostgreSQL finds phrases through their word pairs, with exactly the results it had without."""

from __future__ import annotations

import pytest
from django.db import connection

from newsdesk.discovery.search.backends.postgres import (
    PostgresBackend,
    pairs_text,
    pairs_tsquery,
    phrase_pairs,
)
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


@postgres_only
@pytest.mark.django_db
def test_a_phrase_of_two_lexemes_within_reach_is_decided_by_its_pair() -> None:
    assert phrase_pairs(parse('"capacity in Osluzen" grid')).decided == {0}
    assert phrase_pairs(parse('grid "fight fight"')).decided == {1}
    assert phrase_pairs(parse('"grid capacity" OR "osluzen waited"')).decided == {0}
    # Three lexemes: their two pairs may sit in different places, so the document decides.
    assert phrase_pairs(parse('"informal lending problem"')).decided == set()
    # An alternative without pairs (a word, or a phrase beyond reach) leaves the group open.
    assert phrase_pairs(parse('"grid capacity" OR "capacity of all the ports"')).decided == set()


@postgres_only
@pytest.mark.django_db
def test_a_decided_phrase_leaves_the_document_test_to_the_rest() -> None:
    backend = PostgresBackend()
    condition, params = backend._condition(parse('"capacity in Osluzen" -grid'))
    assert condition == "pairs @@ %s::tsquery AND NOT document @@ (phraseto_tsquery('english', %s))"
    assert params == ["(('capac 2 osluzen'))", "grid"]
    condition, params = backend._condition(parse('"grid capacity" budget'))
    assert condition.startswith("pairs @@ %s::tsquery AND document @@ (")
    assert params == ["(('grid 1 capac'))", "budget"]


@postgres_only
@pytest.mark.django_db
def test_decided_phrases_find_what_the_phrase_test_alone_finds(publish: MakeArticle) -> None:
    publish(slug="twice", title="Ports", body="A fight fight broke out over quiet fights.")
    publish(slug="quiet", title="Ports", body="The quiet fight over fuel went on.")
    publish(slug="split", title="Ports", body="Quiet. The fight over fuel went on.")
    publish(slug="far", title="Ports", body="Quiet in the fight.")
    for phrase in ("quiet fight", "fight fight", "quiet fights", "quiet in fight", "fight over"):
        assert found(f'"{phrase}"') == phrase_matches(phrase), phrase
    assert found('"quiet fight" -fuel') == {"twice"}
    assert found('"quiet fight" OR "fight fight"') == {"quiet", "twice"}


@postgres_only
@pytest.mark.django_db
def test_a_common_pair_is_left_to_the_phrase_test(publish: MakeArticle) -> None:
    for n in range(24):  # 1 in 25 articles, 4 %, holds the rare pair
        publish(slug=f"quiet-{n}", title="Ports", body=f"The quiet fight over fuel, part {n}.")
    publish(slug="rare", title="Ports", body="A quiet fight over Osluzen grid capacity.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    common = phrase_pairs(parse('"quiet fight"'))
    assert common.condition is None and common.decided == set()
    rare = phrase_pairs(parse('"osluzen grid" "quiet fight"'))
    assert rare.condition == "(('osluzen 1 grid'))" and rare.decided == {0}
    assert len(found('"quiet fight"')) == 10  # a page of the 25
    assert found('"osluzen grid" "quiet fight"') == {"rare"} == phrase_matches("osluzen grid")
