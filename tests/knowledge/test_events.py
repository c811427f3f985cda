from __future__ import annotations

from datetime import date

import pytest

from newsdesk.knowledge import events, nlp
from newsdesk.knowledge.types import Event

PUBLISHED = date(2024, 12, 11)  # a Wednesday


def found(body: str, published: date = PUBLISHED) -> list[Event]:
    result = events.extract(nlp.read(body), published)
    for event in result:
        assert body[event.start : event.end] == event.text
    return result


def dated(body: str, published: date = PUBLISHED) -> list[tuple[str, str, str]]:
    return [(e.date, e.precision, e.date_text) for e in found(body, published)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The truce collapsed on 8 December 2024.", ("2024-12-08", "day", "on 8 December 2024")),
        ("The truce collapsed on December 8, 2024.", ("2024-12-08", "day", "on December 8, 2024")),
        ("The truce collapsed on Dec. 8 at dawn.", ("2024-12-08", "day", "on Dec. 8")),
        (
            "The truce collapsed on the 8th of December.",
            ("2024-12-08", "day", "on the 8th of December"),
        ),
        ("The truce collapsed on 2024-12-08.", ("2024-12-08", "day", "on 2024-12-08")),
        ("The truce collapsed in March 2023.", ("2023-03", "month", "in March 2023")),
        ("The truce collapsed in November.", ("2024-11", "month", "in November")),
        ("The truce collapsed in early November.", ("2024-11", "month", "in early November")),
        ("The truce collapsed in 2019.", ("2019", "year", "in 2019")),
    ],
)
def test_it_reads_absolute_dates_at_their_precision(
    body: str, expected: tuple[str, str, str]
) -> None:
    assert dated(body) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The army withdrew last month.", ("2024-11", "month", "last month")),
        ("The army withdrew last year.", ("2023", "year", "last year")),
        ("The army will withdraw next year.", ("2025", "year", "next year")),
        ("The army withdrew yesterday.", ("2024-12-10", "day", "yesterday")),
        ("The army withdrew two years ago.", ("2022", "year", "two years ago")),
        ("The army withdrew three months ago.", ("2024-09", "month", "three months ago")),
        ("The army withdrew five days ago.", ("2024-12-06", "day", "five days ago")),
        ("The army withdrew last week.", ("2024-12", "month", "last week")),
    ],
)
def test_it_resolves_relative_dates_against_publication(
    body: str, expected: tuple[str, str, str]
) -> None:
    assert dated(body) == [expected]


def test_a_day_of_the_month_is_in_the_publication_month() -> None:
    assert dated("Voting took place on the 3rd.") == [("2024-12-03", "day", "on the 3rd")]


def test_a_past_day_still_to_come_this_month_is_last_month() -> None:
    assert dated("Voting took place on the 13th.") == [("2024-11-13", "day", "on the 13th")]


def test_a_future_day_already_past_this_month_is_next_month() -> None:
    assert dated("Voting will take place on the 3rd.") == [("2025-01-03", "day", "on the 3rd")]


def test_an_ordinal_before_a_noun_is_not_a_day() -> None:
    assert dated("The fire reached the 13th floor.") == []


def test_a_weekday_in_the_past_is_the_latest_one_up_to_publication() -> None:
    assert dated("The minister resigned on Tuesday.") == [("2024-12-10", "day", "on Tuesday")]
    assert dated("The minister resigned on Wednesday.") == [("2024-12-11", "day", "on Wednesday")]
    assert dated("The minister resigned last Wednesday.") == [
        ("2024-12-04", "day", "last Wednesday")
    ]


def test_a_weekday_in_the_future_is_the_next_one() -> None:
    assert dated("The minister will resign on Tuesday.") == [("2024-12-17", "day", "on Tuesday")]
    assert dated("The vote is set for next Friday.") == [("2024-12-13", "day", "next Friday")]


def test_a_past_month_later_in_the_year_than_publication_is_last_year() -> None:
    assert dated("Talks stalled in November.", date(2024, 5, 1)) == [
        ("2023-11", "month", "in November")
    ]
    assert dated("Talks stalled on 8 December.", date(2024, 5, 1)) == [
        ("2023-12-08", "day", "on 8 December")
    ]


def test_a_future_month_earlier_in_the_year_than_publication_is_next_year() -> None:
    assert dated("The summit is due in March.") == [("2025-03", "month", "in March")]


def test_it_keeps_one_event_per_sentence_and_date() -> None:
    body = "Troops left in 2019, and in 2019 they returned in March 2023."
    result = found(body)
    assert [(e.date, e.text) for e in result] == [("2019", body), ("2023-03", body)]


def test_the_event_text_is_the_sentence() -> None:
    body = "The outlook was dim.\n\nThe *ceasefire* collapsed on **8 December**. Talks resumed."
    [event] = found(body)
    assert event.text == "The *ceasefire* collapsed on **8 December**."
    assert event.date_text == "on **8 December"


@pytest.mark.parametrize(
    "body",
    [
        "Prices rose recently.",
        "In recent years the port grew.",
        "The feud has lasted for decades.",
        "The siege lasted for two years.",
        "The 1990s were calm.",
        "The 2019-21 plan failed.",
        "Today the city is calm.",
        "A total of 2000 soldiers died.",
        "The Vision 2030 plan was revised.",
        "Theresa May spoke over the last year.",
        "The fire reached the 13th floor, aged 45, at 10:30.",
    ],
)
def test_it_leaves_out_vague_dates_durations_and_ranges(body: str) -> None:
    assert dated(body) == []


def test_spans_count_at_their_ends() -> None:
    assert dated("Fighting has raged since 2014.") == [("2014", "year", "since 2014")]
    assert dated("Output fell from 2019 to 2021.") == [
        ("2019", "year", "from 2019"),
        ("2021", "year", "2021"),
    ]


def test_tense_is_read_in_the_clause_of_the_date() -> None:
    body = "The ministry announced on Monday that it would open a port in January."
    assert dated(body) == [
        ("2024-12-09", "day", "on Monday"),
        ("2025-01", "month", "in January"),
    ]
    body = "Voters will elect a mayor on 17 May, after the death of the incumbent in March."
    assert dated(body, date(2025, 4, 1)) == [
        ("2025-05-17", "day", "on 17 May"),
        ("2025-03", "month", "in March"),
    ]
    assert dated("Economists expect the first cut in June.", date(2024, 9, 1)) == [
        ("2025-06", "month", "in June")
    ]


def test_a_year_that_qualifies_a_noun_is_a_date() -> None:
    assert dated("Fraud marred the 2024 elections.") == [("2024", "year", "2024")]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "on the 31st",
        "on 31 February 2024 and on the 45th and on February 30",
        "9999 years ago, 0 days ago, a million years ago",
        "on Tuesday, Dec. 99, 2024-13-45",
        "In May may May May 2024 2024 2024-",
    ],
)
def test_it_never_raises(body: str) -> None:
    found(body, date(2024, 2, 29))
    found(body, date(1, 1, 1))
    found(body, date(9999, 12, 31))
