"""How a parsed query becomes each backend's syntax: quoted words only, never raw input."""

from __future__ import annotations

from newsdesk.discovery.search.backends.base import Filters, similarity, trigrams
from newsdesk.discovery.search.backends.postgres import index_text, positive_tsquery
from newsdesk.discovery.search.backends.sqlite import exclusion_expression, match_expression
from newsdesk.discovery.search.query import Query, Term, parse


def test_fts5_gets_every_word_quoted_and_filters_as_facets() -> None:
    query = parse('grid OR power "data centre" -boom')
    expression = match_expression(query, Filters(topic_id=3, author_id=9), columns="title body")
    assert expression == (
        '{title body} : (("grid" OR "power") AND "data centre")'
        ' AND {facets} : "t3" AND {facets} : "a9"'
    )
    assert exclusion_expression(query) == '"boom"'


def test_a_quote_inside_a_word_cannot_end_the_fts5_string() -> None:
    query = Query(groups=((Term(('a"b',)),),))
    assert match_expression(query, Filters(), columns="title") == '{title} : ("a""b")'


def test_postgres_gets_parameters_not_text() -> None:
    sql, params = positive_tsquery(parse("grid OR power 'x'); DROP"))
    assert "DROP" not in sql and "grid" not in sql
    assert params == ["grid", "power", "x", "drop"]


def test_typographic_punctuation_is_spaced_out_for_postgres() -> None:
    assert index_text("“Nobody planned” — it’s 5.2% of GDP") == (
        " nobody planned    it s 5.2% of gdp"
    )


def test_trigram_similarity_is_pg_trgm_s() -> None:
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    assert similarity("ransomware", "ransomware") == 1.0
    assert 0.3 < similarity("ransomwere", "ransomware") < 1.0
    assert similarity("grid", "") == 0.0


def test_stop_words_inside_an_fts5_phrase_become_a_distance() -> None:
    query = parse('"capacity in the north" "state of emergency"')
    assert match_expression(query, Filters(), columns="body") == (
        '{body} : (NEAR("capacity" "north", 2) AND NEAR("state" "emergency", 1))'
    )
