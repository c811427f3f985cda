"""Reads of stored extractions (knowledge.selectors) and how they read (knowledge.display)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.knowledge import display, selectors
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle
from tests.knowledge import rows


@dataclass
class Fig:
    value: float
    unit: str = ""
    previous: float | None = None
    previous_period: str = ""
    period: str = ""


def test_numbers_read_without_needless_decimals() -> None:
    assert display.number(1250) == "1,250"
    assert display.number(4.5) == "4.5"
    assert display.number(0.25) == "0.25"
    assert display.amount(12, "%") == "12%"
    assert display.amount(63, "attacks") == "63 attacks"
    assert display.amount(7, "") == "7"


def test_a_change_says_from_what_to_what() -> None:
    assert display.change(Fig(12, previous=48, previous_period="2023", period="2024")) == (
        "from 48 in 2023 to 12 in 2024"
    )
    assert display.change(Fig(12, previous=48)) == "from 48 to 12"
    assert display.change(Fig(12)) == ""


def test_dates_read_at_their_precision() -> None:
    assert display.when(dt.date(2024, 12, 8), "day") == "8 December 2024"
    assert display.when(dt.date(2024, 11, 1), "month") == "November 2024"
    assert display.when(dt.date(2019, 1, 1), "year") == "2019"


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    text = "The regulator published its first queue report, " * 5
    short = display.shorten(text, 60)
    assert len(short) <= 60 and short.endswith("…")
    assert short[:-1] == text[: len(short) - 1].rstrip(", ")
    assert display.shorten("Short.", 60) == "Short."


def test_the_sentence_around_a_span_is_plain_text() -> None:
    body = (
        "## Head\n\nFirst one. Output fell to **12 units** in [2024](http://x). Then more.\n\nNext."
    )
    start = body.index("12 units")
    assert display.sentence_around(body, start, start + 8, "12 units") == (
        "Output fell to 12 units in 2024."
    )
    # The body changed since extraction: the stored text stands in.
    assert display.sentence_around("other body", 3, 11, "12 units") == "12 units"


def test_quote_text_drops_markup_and_the_outer_marks() -> None:
    assert display.quote_text("\u201cThe **grid** is late,\u201d") == "The grid is late,"
    assert display.quote_text("that costs would rise") == "that costs would rise"


def test_text_fragments_are_encoded_for_the_directive() -> None:
    assert display.text_fragment("\u201cShort quote, here\u201d") == (
        "#:~:text=Short%20quote%2C%20here"
    )
    long = "one two three four five six seven eight nine ten-eleven twelve."
    assert display.text_fragment(long) == (
        "#:~:text=one%20two%20three%20four,eight%20nine%20ten%2Deleven%20twelve"
    )
    assert display.text_fragment("\u201c\u201d") == ""


def test_role_labels() -> None:
    assert display.role_label("analyst", "ICG") == "analyst, ICG"
    assert display.role_label("", "ICG") == "ICG"
    assert display.role_label("analyst", "") == "analyst"


@pytest.mark.django_db
def test_article_sections_take_two_queries(make_article: MakeArticle) -> None:
    article = make_article(body="In May 2024 Doe said 5 things. On 3 June 2024 Roe said more.")
    doe, roe = rows.entity("Jane Doe"), rows.entity("Rob Roe")
    rows.quote(article, roe, "more", kind="indirect", position=2)
    rows.quote(article, doe, "5 things", kind="indirect", position=1)
    rows.quote(article, doe, "said 5", kind="indirect", position=3)
    rows.figure(article, "5 things", 5, "things")
    rows.event(article, "2024-06-03", "On 3 June 2024 Roe said more.")
    rows.event(article, "2024-05", "In May 2024 Doe said 5 things.")
    rows.event(article, "2024-05", "In May 2024 Doe said 5 things.")  # twice: shown once
    article = Article.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        sections = selectors.article_sections(article)
    assert len(queries) == 2
    assert [v.entity.name for v in sections.voices] == ["Jane Doe", "Rob Roe"]
    assert [len(v.quotes) for v in sections.voices] == [2, 1]
    assert [f.amount for f in sections.figures] == ["5 things"]
    assert sections.figures[0].context == "In May 2024 Doe said 5 things."
    assert [(e.when, e.event.date) for e in sections.timeline] == [
        ("May 2024", dt.date(2024, 5, 1)),
        ("3 June 2024", dt.date(2024, 6, 3)),
    ]


@pytest.mark.django_db
def test_key_figures_are_capped(make_article: MakeArticle) -> None:
    article = make_article(body="Numbers.")
    for n in range(10):
        rows.figure(article, f"{n} things", n, "things")
    assert len(selectors.article_sections(article).figures) == selectors.KEY_FIGURES


@pytest.mark.django_db
def test_directory_excludes_merged_and_unpublished(make_article: MakeArticle) -> None:
    live, draft = make_article(), make_article(status=Article.Status.DRAFT)
    kept = rows.entity("Kept Org", "ORG")
    rows.mention(live, kept)
    rows.mention(live, rows.entity("Merged Org", "ORG", slug="merged-org", merged_into=kept))
    rows.mention(draft, rows.entity("Draft Org", "ORG"))
    assert [e.name for e in selectors.directory("ORG")] == ["Kept Org"]
    assert [e.name for e in selectors.directory(None, "kept")] == ["Kept Org"]


@pytest.mark.django_db
def test_the_entity_page_gathers_rows_of_entities_merged_into_it(
    make_article: MakeArticle,
) -> None:
    one, two = make_article(), make_article()
    doe = rows.entity("Jane Doe")
    rows.mention(one, doe)
    old = rows.entity("J. Doe", slug="j-doe", merged_into=doe)
    rows.mention(two, old, role="adviser")
    page = selectors.entity_page(doe)
    assert {a.pk for a in page.articles} == {one.pk, two.pk}
    assert [r.label for r in page.roles] == ["adviser"]
    with pytest.raises(selectors.EntityMoved) as moved:
        selectors.entity_by_slug("j-doe")
    assert moved.value.survivor == doe


def test_a_figure_in_a_table_reads_its_row_not_the_table() -> None:
    body = "Rates:\n\n| Area | 2024 | 2026 |\n|---|---|---|\n| Red Sea | 0.7% | 1.0% |\n| B | 1% |"
    start = body.index("0.7%")
    assert display.sentence_around(body, start, start + 4, "0.7%") == "Red Sea 0.7% 1.0%"
    assert display.in_table(body, start) and not display.in_table(body, 0)


@pytest.mark.django_db
def test_key_figures_prefer_changes_and_units_over_table_cells(make_article: MakeArticle) -> None:
    body = (
        "| Area | Rate |\n|---|---|\n| Red Sea | 0.7% |\n\n"
        "Prices rose by 9 euros. Transits fell from 68 to 15. There were 4 of them."
    )
    article = make_article(body=body)
    rows.figure(article, "0.7%", 0.7, "%")
    rows.figure(article, "9 euros", 9, "euros")
    rows.figure(article, "68 to 15", 15, "", previous=68)
    rows.figure(article, "4", 4, "")
    rows.figure(article, "9 euros", 9, "euros")  # the same figure again
    found = selectors.key_figures(list(article.figures.all()), body, limit=2)
    assert [f.text for f in found] == ["9 euros", "68 to 15"]
