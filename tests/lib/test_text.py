from __future__ import annotations

from newsdesk.lib.text import count_words, reading_minutes, slugify


def test_it_slugifies_to_ascii() -> None:
    assert slugify("Élan & Énergie: the 2026 outlook!") == "elan-energie-the-2026-outlook"
    assert slugify("日本") == "section"


def test_it_counts_words_with_apostrophes_and_hyphens() -> None:
    assert count_words("The grid's data-centre boom — isn't slowing.") == 6


def test_it_rounds_reading_time_up_with_a_minimum_of_one() -> None:
    assert reading_minutes(0) == 1
    assert reading_minutes(231) == 2
