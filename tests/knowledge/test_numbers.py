from __future__ import annotations

import pytest

from newsdesk.knowledge import numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("7.5", 7.5),
        ("2.3 million", 2_300_000),
        ("4bn", 4_000_000_000),
        ("4.1bn", 4_100_000_000),
        ("300m", 300_000_000),
        ("twelve", 12),
        ("twenty-five", 25),
        ("three hundred and twelve", 312),
        ("two million", 2_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
    ],
)
def test_it_reads_numbers_in_digits_and_words(text: str, value: float) -> None:
    assert numbers.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "many", "4 zillion", "twelve apples", "1,2,3"])
def test_it_refuses_what_is_not_a_number(text: str) -> None:
    assert numbers.parse_number(text) is None


def test_vague_counts_take_their_lower_bound() -> None:
    assert numbers.parse_vague("tens of thousands") == 10_000
    assert numbers.parse_vague("hundreds") == 100
    assert numbers.parse_vague("dozens") == 12
    assert numbers.parse_vague("many") is None


def test_it_reads_fractions() -> None:
    assert numbers.parse_fraction("three-quarters") == 0.75
    assert numbers.parse_fraction("a third") == pytest.approx(1 / 3)
    assert numbers.parse_fraction("half") == 0.5
    assert numbers.parse_fraction("the third") is None
