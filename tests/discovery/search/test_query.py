from __future__ import annotations

import pytest

from newsdesk.discovery.search.query import MAX_QUERY_CHARS, MAX_TERMS, Query, Term, parse


def words(query: Query) -> list[list[tuple[str, ...]]]:
    return [[term.words for term in group] for group in query.groups]


def test_it_splits_words_and_drops_stop_words() -> None:
    assert words(parse("The grid and the Queue")) == [[("grid",)], [("queue",)]]


def test_it_keeps_a_quoted_phrase_whole_with_its_stop_words() -> None:
    query = parse('"state of emergency" powers')
    assert words(query) == [[("state", "of", "emergency")], [("powers",)]]
    assert query.groups[0][0].is_phrase


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert words(parse('grid "connection queue')) == [[("grid",)], [("connection", "queue")]]


def test_typographic_quotes_are_quotes() -> None:
    assert words(parse("“water utilities”")) == [[("water", "utilities")]]


def test_a_minus_excludes_a_word_or_a_phrase() -> None:
    query = parse('ransomware -water -"small towns"')
    assert words(query) == [[("ransomware",)]]
    assert query.excluded == (Term(("water",)), Term(("small", "towns")))


def test_or_joins_alternatives_into_one_group() -> None:
    query = parse("heat OR wind pumps")
    assert words(query) == [[("heat",), ("wind",)], [("pumps",)]]
    assert query.text() == "heat OR wind pumps"


def test_a_lowercase_or_is_a_stop_word_and_a_stray_or_is_ignored() -> None:
    assert words(parse("OR heat or wind OR")) == [[("heat",)], [("wind",)]]


def test_a_hyphenated_word_is_a_phrase_of_its_parts() -> None:
    assert words(parse("counter-terrorism")) == [[("counter", "terrorism")]]


@pytest.mark.parametrize(
    "raw",
    ['"', '""', "-", "--", "***", "AND OR NOT", "(*)", ":", "^", "''", "-the", "   ", "OR"],
)
def test_syntax_alone_is_an_empty_query(raw: str) -> None:
    assert not parse(raw)


def test_operators_and_sql_become_plain_words() -> None:
    query = parse("grid* NEAR(x) col:value'; DROP TABLE articles; --")
    assert words(query) == [
        [("grid",)],
        [("near", "x")],
        [("col", "value")],
        [("drop",)],
        [("table",)],
        [("articles",)],
    ]


def test_non_latin_words_are_words() -> None:
    assert words(parse("Москва 東京 القاهرة")) == [[("москва",)], [("東京",)], [("القاهرة",)]]


def test_a_long_query_is_cut_short() -> None:
    query = parse("energy " * 3000)
    assert query.truncated
    assert len(query.groups) == 1  # repeats collapse
    many = parse(" ".join(f"word{i}" for i in range(100)))
    assert len(many.groups) == MAX_TERMS and many.truncated
    assert not parse("x" * (MAX_QUERY_CHARS * 40)).groups[0][0].words[0].startswith("xx" * 40)


def test_the_text_is_what_was_understood() -> None:
    assert parse('Grid   "Data Centre" -boom OR').text() == 'grid "data centre" -boom'


def test_stop_words_at_the_ends_of_a_phrase_are_dropped() -> None:
    assert words(parse('"the state of the art" "of the"')) == [[("state", "of", "the", "art")]]
