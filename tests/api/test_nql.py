"""The NQL tokenizer and parser, without a database."""

from __future__ import annotations

import pytest

from newsdesk.api.ghost.nql import And, Condition, NQLError, Or, RelativeDate, parse


def test_it_parses_a_comparison_per_operator() -> None:
    assert parse("tag:energy") == Condition("tag", "eq", "energy")
    assert parse("id:-5e0f") == Condition("id", "ne", "5e0f")
    assert parse("reading_time:>=5") == Condition("reading_time", "gte", 5)
    assert parse("featured:true") == Condition("featured", "eq", True)
    assert parse("custom_excerpt:null") == Condition("custom_excerpt", "eq", None)
    assert parse("slug:[a, b]") == Condition("slug", "in", ("a", "b"))
    assert parse("slug:-[a,b]") == Condition("slug", "nin", ("a", "b"))
    assert parse("title:~grid") == Condition("title", "contains", "grid")
    assert parse("title:-~^'The grid'") == Condition("title", "not_startswith", "The grid")


def test_and_binds_tighter_than_or_and_parentheses_override() -> None:
    a, b, c = (Condition("tag", "eq", x) for x in "abc")
    assert parse("tag:a,tag:b+tag:c") == Or((a, And((b, c))))
    assert parse("(tag:a,tag:b)+tag:c") == And((Or((a, b)), c))


def test_quoted_strings_carry_dates_and_escapes() -> None:
    assert parse("published_at:>'2024-05-01 09:30:00'") == Condition(
        "published_at", "gt", "2024-05-01 09:30:00"
    )
    assert parse(r"title:'it\'s'") == Condition("title", "eq", "it's")
    assert parse(r"tag:a\,b") == Condition("tag", "eq", "a,b")


def test_literals_may_hold_dashes_and_digits() -> None:
    assert parse("published_at:>2024-05-01") == Condition("published_at", "gt", "2024-05-01")
    assert parse("id:5ddc9141c35e7700383b2937") == Condition("id", "eq", "5ddc9141c35e7700383b2937")
    assert parse("tag:true-crime") == Condition("tag", "eq", "true-crime")


def test_relative_dates() -> None:
    assert parse("published_at:>now-30d") == Condition(
        "published_at", "gt", RelativeDate(-1, 30, "d")
    )


def test_properties_are_case_insensitive() -> None:
    assert parse("Tag:energy") == Condition("tag", "eq", "energy")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("tag:a+", "ends"),
        ("(tag:a", "')'"),
        ("tag:[a,b", "']'"),
        ("tag:=a", "character 5"),
        ("tag:a b", "character 7"),
        ("featured", "property"),
        ("tag:a)", "character 6"),
        ("", "empty"),
        ("tag:" + "(" * 3, "value"),
    ],
)
def test_errors_say_what_and_where(text: str, where: str) -> None:
    with pytest.raises(NQLError, match=where.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_it_refuses_filters_too_deep_or_too_long() -> None:
    with pytest.raises(NQLError, match="nested"):
        parse("(" * 40 + "tag:a" + ")" * 40)
    with pytest.raises(NQLError, match="longer"):
        parse("tag:" + "a" * 5000)
    with pytest.raises(NQLError, match="conditions"):
        parse(",".join(["tag:a"] * 101))
