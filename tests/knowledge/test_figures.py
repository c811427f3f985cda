from __future__ import annotations

import pytest

from newsdesk.knowledge import figures, nlp
from newsdesk.knowledge.types import Figure


def found(body: str) -> list[Figure]:
    result = figures.extract(nlp.read(body))
    for figure in result:
        assert body[figure.start : figure.end] == figure.text
    return result


def only(body: str) -> Figure:
    result = found(body)
    assert len(result) == 1, result
    return result[0]


def test_it_reads_a_count_with_its_rate() -> None:
    figure = only("Militants carried out 63 attacks a month in the north.")
    assert (figure.text, figure.value, figure.unit, figure.per) == (
        "63 attacks a month",
        63,
        "attacks",
        "month",
    )


@pytest.mark.parametrize(
    ("body", "per"),
    [
        ("The mine shipped 300 tonnes per day.", "day"),
        ("The mine shipped 300 tonnes monthly.", "month"),
        ("The mine shipped 300 tonnes each week.", "week"),
        ("The mine shipped 300 tonnes a year.", "year"),
    ],
)
def test_it_reads_rates_however_written(body: str, per: str) -> None:
    assert only(body).per == per


def test_the_unit_is_the_counted_noun_without_its_adjectives() -> None:
    figure = only("The convoy carried 2,000 Russian soldiers across the river.")
    assert (figure.text, figure.value, figure.unit) == ("2,000 Russian soldiers", 2000, "soldiers")


def test_a_change_from_one_value_to_another_is_one_figure() -> None:
    body = "Output fell from 48 units a quarter in 2023 to 12 in 2024."
    figure = only(body)
    assert figure.text == "from 48 units a quarter in 2023 to 12"
    assert (figure.value, figure.previous, figure.unit, figure.per) == (12, 48, "units", "quarter")
    assert (figure.period, figure.previous_period) == ("2024", "2023")


def test_a_change_stated_newest_first_is_one_figure() -> None:
    figure = only("Exports dropped to 12 million tonnes from 15 million tonnes.")
    assert figure.text == "12 million tonnes from 15 million tonnes"
    assert (figure.value, figure.previous, figure.unit) == (12e6, 15e6, "tonnes")


def test_a_percentage_rise_to_an_amount_joins_the_amount_it_rose_from() -> None:
    figure = only("Revenue rose 12% to $4.1bn, up from $3.6bn last year.")
    assert figure.text == "12% to $4.1bn, up from $3.6bn"
    assert (figure.value, figure.unit, figure.previous) == (4.1e9, "USD", 3.6e9)
    assert figure.previous_period == "last year"


def test_a_percentage_rise_to_an_amount_keeps_the_amount() -> None:
    figure = only("Revenue rose 12% to $4.1bn.")
    assert (figure.text, figure.value, figure.unit, figure.previous) == (
        "12% to $4.1bn",
        4.1e9,
        "USD",
        None,
    )


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("Inflation reached 7.5% in March.", "7.5%", 7.5),
        ("Inflation reached 7.5 percent in March.", "7.5 percent", 7.5),
        ("Inflation reached 7.5 per cent in March.", "7.5 per cent", 7.5),
        ("Half of the workforce left.", "Half", 50),
        ("Three-quarters of voters stayed home.", "Three-quarters", 75),
        ("A third of voters stayed home.", "A third", 33.3),
    ],
)
def test_it_reads_percentages_and_fractions_as_percent(body: str, text: str, value: float) -> None:
    figure = only(body)
    assert (figure.text, figure.value, figure.unit) == (text, value, "%")


def test_percentage_points_are_their_own_unit() -> None:
    assert only("Support rose by 3 percentage points.").unit == "percentage points"


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("The fund lost $4.1bn.", "$4.1bn", 4.1e9, "USD"),
        ("The fund lost €300 million.", "€300 million", 3e8, "EUR"),
        ("The fund lost 1.2 trillion dollars.", "1.2 trillion dollars", 1.2e12, "USD"),
        ("The fund lost £25,000.", "£25,000", 25_000, "GBP"),
        ("The fund lost US$15m.", "US$15m", 15e6, "USD"),
        ("The fund lost 40 billion yuan.", "40 billion yuan", 4e10, "CNY"),
    ],
)
def test_money_is_in_iso_currency_codes(body: str, text: str, value: float, unit: str) -> None:
    figure = only(body)
    assert (figure.text, figure.value, figure.unit) == (text, value, unit)


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("Two soldiers died at the checkpoint.", "Two soldiers", 2, "soldiers"),
        ("Tens of thousands of people fled.", "Tens of thousands of people", 10_000, "people"),
        ("Police arrested a dozen protesters.", "a dozen protesters", 12, "protesters"),
        ("Twenty-five rebels surrendered.", "Twenty-five rebels", 25, "rebels"),
        ("Half a million people marched.", "Half a million people", 500_000, "people"),
        ("The city has 2.3 million residents.", "2.3 million residents", 2.3e6, "residents"),
    ],
)
def test_it_reads_counts_written_in_words(body: str, text: str, value: float, unit: str) -> None:
    figure = only(body)
    assert (figure.text, figure.value, figure.unit) == (text, value, unit)


def test_a_scale_alone_is_a_figure() -> None:
    figure = only("The population is now 2.3 million.")
    assert (figure.text, figure.value, figure.unit) == ("2.3 million", 2.3e6, None)


def test_the_period_is_read_as_written() -> None:
    assert only("Sales reached 300 cars in the third quarter.").period == "the third quarter"
    assert only("Sales reached 300 cars last year.").period == "last year"
    assert only("In 2024, sales reached 300 cars.").period == "2024"


@pytest.mark.parametrize(
    "body",
    [
        "The talks began in 2024.",
        "The talks began on 13 May.",
        "The talks began at 3pm and ended at 10:30.",
        "The third round of talks failed.",
        "COVID-19 grounded the F-35 fleet.",
        "Leaders of the Group of 20 met.",
        "Article 5 of the treaty applies.",
        "Call 202-555-0100 for details.",
        "She is 45 years old.",
        "A 45-year-old man was held.",
        "The war went on for two years.",
        "One of the ministers resigned.",
        "The 911 caller waited.",
    ],
)
def test_it_leaves_out_what_is_not_a_figure(body: str) -> None:
    assert found(body) == []


def test_spans_point_into_markdown() -> None:
    body = "## Costs\n\nThe program cost **$4.1bn** and [63 attacks](https://x.test/) a month."
    result = found(body)
    assert [f.text for f in result] == ["$4.1bn", "63 attacks](https://x.test/) a month"]
    assert result[1].per == "month"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "from to from to 12 to",
        "rose 12% to",
        "$ € £ % 1,2,3,4 .5 5. 1e9 ½ ¾ ١٢٣ 12 12 12",
        "tens of of of thousands of",
        "Up from $3bn, up from $2bn, up from 1, to 2, to 3%, from 4%.",
        "999999999999999999999999999999999999 people",
    ],
)
def test_it_never_raises(body: str) -> None:
    found(body)


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("Between 200 and 300 people came.", "Between 200 and 300 people", 200, "people"),
        ("Police held 200 to 300 people.", "200 to 300 people", 200, "people"),
        ("Between 2 and 3 million people fled.", "Between 2 and 3 million people", 2e6, "people"),
    ],
)
def test_a_range_is_one_figure_at_its_lower_bound(
    body: str, text: str, value: float, unit: str
) -> None:
    figure = only(body)
    assert (figure.text, figure.value, figure.unit, figure.previous) == (text, value, unit, None)


def test_a_change_without_a_unit_counts_the_plural_before_it() -> None:
    figure = only("Recorded attacks fell from 91 in 2021 to 249 in 2024.")
    assert (figure.value, figure.previous, figure.unit) == (249, 91, "attacks")
    assert (figure.period, figure.previous_period) == ("2024", "2021")


def test_a_change_reads_past_a_place_to_its_period() -> None:
    figure = only("Steel cost €640 a tonne in Rotterdam in January, up from €560 a tonne in 2024.")
    assert (figure.value, figure.previous, figure.unit, figure.per) == (640, 560, "EUR", "tonne")
    assert (figure.period, figure.previous_period) == ("January", "2024")


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("Nearly four in ten votes came by post.", "four in ten", 40),
        ("About 1 in 10 people stayed.", "1 in 10", 10),
        ("Inflows fell by a fifth by 2050.", "a fifth", 20),
    ],
)
def test_it_reads_ratios_and_bare_fractions_as_percent(body: str, text: str, value: float) -> None:
    figure = only(body)
    assert (figure.text, figure.value, figure.unit) == (text, value, "%")


def test_an_ordinal_fraction_word_before_a_noun_is_not_a_share() -> None:
    assert found("She won a third term.") == []


def test_a_hyphenated_measure_is_a_figure_but_an_age_is_not() -> None:
    figure = only("They laid a 300-kilometre cable.")
    assert (figure.text, figure.value, figure.unit) == ("300-kilometre", 300, "kilometre")
    assert found("They held a 45-year-old man.") == []


@pytest.mark.parametrize(
    ("body", "text", "unit"),
    [
        ("The review took seven months.", "seven months", "months"),
        ("The vans were deployed 86 times.", "86 times", "times"),
        ("The fleet earns most in about 50 hours a year.", "50 hours a year", "hours"),
        ("The grid lost 1.4 terawatt-hours.", "1.4 terawatt-hours", "terawatt-hours"),
        (
            "The consulates hired 350 additional consular staff.",
            "350 additional consular staff",
            "consular staff",
        ),
    ],
)
def test_counted_times_and_collective_nouns_are_figures(body: str, text: str, unit: str) -> None:
    figure = only(body)
    assert (figure.text, figure.unit) == (text, unit)


@pytest.mark.parametrize(
    "body",
    [
        "The plan covers the next six months.",
        "He was jailed two years ago.",
        "Talks went on for about three weeks.",
    ],
)
def test_durations_are_not_figures(body: str) -> None:
    assert found(body) == []


def test_the_unit_keeps_its_describing_words_but_not_quantifiers_or_rates() -> None:
    figure = only("The city ordered 500 more electric buses.")
    assert (figure.text, figure.unit) == ("500 more electric buses", "electric buses")
    figure = only("The canal handled 32 daily crossings.")
    assert (figure.unit, figure.per) == ("crossings", "day")


def test_a_period_later_in_the_clause_is_the_figures_period() -> None:
    figure = only("About 4,200 nursing posts were vacant in November, the union said.")
    assert (figure.unit, figure.period) == ("nursing posts", "November")
    assert only("Capacity will pass 15 gigawatts by the end of next year.").period == (
        "the end of next year"
    )


def test_currencies_beyond_the_dollar_have_their_codes() -> None:
    body = "It spent ₦200 billion, KSh 500 million, CZK 40 billion and 4.5 billion CFA francs."
    assert [(f.value, f.unit) for f in found(body)] == [
        (2e11, "NGN"),
        (5e8, "KES"),
        (4e10, "CZK"),
        (4.5e9, "XOF"),
    ]


@pytest.mark.parametrize(
    ("body", "period"),
    [
        ("Stocks fell, and the end-of-June level of 41% alarmed traders.", "the end of June"),
        ("Analysts expected the March figure of 4.1% to hold.", "March"),
    ],
)
def test_a_period_in_the_noun_phrase_before_the_figure(body: str, period: str) -> None:
    assert only(body).period == period
