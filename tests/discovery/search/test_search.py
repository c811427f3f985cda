"""Ranking, syntax, filters, pages and help when nothing matches, on either database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from newsdesk.discovery.search import selectors
from newsdesk.discovery.search.backends import Filters
from newsdesk.discovery.search.selectors import PageOutOfRange, search
from newsdesk.publishing.models import Author, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

FILLER = "Officials met on Tuesday to discuss the budget. " * 20


def slugs(q: str, filters: Filters | None = None) -> list[str]:
    return [result.article.slug for result in search(q, filters).results]


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n)


def test_a_title_match_outranks_newer_body_matches(publish: MakeArticle) -> None:
    publish(slug="old-title", title="Desalination at scale", published_at=days_ago(300))
    for n in range(3):
        publish(
            slug=f"body-{n}",
            title=f"Water budgets {n}",
            body=f"Desalination desalination desalination. {FILLER}",
            published_at=days_ago(n + 1),
        )
    assert slugs("desalination")[0] == "old-title"


def test_bylines_topics_and_deks_count_as_the_head(publish: MakeArticle, author: Author) -> None:
    other = Author.objects.create(name="Ravi Mehta", slug="ravi-mehta")
    publish(slug="mention", title="Budgets", body="As Helen Park argued.", authors=[other])
    publish(slug="byline", title="Tariffs", published_at=days_ago(400), authors=[author])
    assert slugs('"helen park"')[0] == "byline"


def test_among_equal_matches_the_newer_comes_first(publish: MakeArticle) -> None:
    for n in (30, 3, 10):
        publish(slug=f"day-{n}", title="Grain corridor", published_at=days_ago(n))
    assert slugs("grain corridor") == ["day-3", "day-10", "day-30"]


def test_a_stronger_body_match_outranks_a_weaker_one(publish: MakeArticle) -> None:
    publish(slug="passing", title="Budgets", body=f"Lithium. {FILLER}", published_at=days_ago(1))
    publish(
        slug="about",
        title="Budgets too",
        body="Lithium refining, lithium prices and lithium mines. " + FILLER,
        published_at=days_ago(50),
    )
    assert slugs("lithium") == ["about", "passing"]


def test_every_word_must_match_unless_joined_by_or(publish: MakeArticle) -> None:
    publish(slug="heat", title="Heat pumps")
    publish(slug="wind", title="Wind farms")
    assert slugs("heat wind") == []
    assert set(slugs("heat OR wind")) == {"heat", "wind"}


def test_a_phrase_needs_its_words_side_by_side(publish: MakeArticle) -> None:
    publish(slug="together", title="The data centre boom")
    publish(slug="apart", title="Data about the centre", published_at=days_ago(100))
    assert slugs('"data centre"') == ["together"]
    assert set(slugs("data centre")) == {"together", "apart"}


def test_a_phrase_with_stop_words_inside_matches_the_words_at_that_distance(
    publish: MakeArticle,
) -> None:
    publish(slug="yes", title="A state of emergency in the north")
    publish(slug="no", title="The state declared an emergency", published_at=days_ago(9))
    assert slugs('"state of emergency"') == ["yes"]


def test_an_excluded_word_removes_articles_that_have_it_anywhere(publish: MakeArticle) -> None:
    publish(slug="plain", title="Ransomware at utilities")
    publish(slug="water", title="Ransomware at utilities", body="Small water systems.")
    assert slugs("ransomware -water") == ["plain"]
    assert slugs('ransomware -"water systems"') == ["plain"]


def test_words_match_their_other_forms(publish: MakeArticle) -> None:
    publish(slug="subsidy", title="Fuel subsidies return")
    assert slugs("subsidy") == ["subsidy"]


def test_non_latin_text_is_searchable_in_any_case(publish: MakeArticle) -> None:
    publish(slug="ru", title="Газовые КОНТРАКТЫ", body="Переговоры: Москва.")
    assert slugs("контракты") == ["ru"]
    assert slugs("МОСКВА") == ["ru"]


def test_filters_by_topic_author_and_dates(
    publish: MakeArticle, topic: Topic, author: Author
) -> None:
    other_topic = Topic.objects.create(name="Trade", slug="trade")
    other_author = Author.objects.create(name="Ravi Mehta", slug="ravi-mehta")
    publish(slug="a", title="Tariff story", published_at=days_ago(2))
    publish(slug="b", title="Tariff story", topics=[other_topic], published_at=days_ago(20))
    publish(slug="c", title="Tariff story", authors=[other_author], published_at=days_ago(40))
    assert slugs("tariff", Filters(topic_id=other_topic.pk)) == ["b"]
    assert slugs("tariff", Filters(author_id=other_author.pk)) == ["c"]
    assert slugs("tariff", Filters(topic_id=topic.pk, author_id=author.pk)) == ["a"]
    window = Filters(start=days_ago(25), end=days_ago(10))
    assert slugs("tariff", window) == ["b"]
    assert slugs("tariff", Filters(start=days_ago(30))) == ["a", "b"]
    assert slugs("tariff", Filters(end=days_ago(30))) == ["c"]


def test_results_come_in_pages(publish: MakeArticle) -> None:
    for n in range(23):
        publish(slug=f"p{n}", title="Pension reform", published_at=days_ago(n + 1))
    first = search("pension")
    assert (first.total, first.pages, first.more, len(first.results)) == (23, 3, False, 10)
    last = search("pension", page=3)
    assert [r.article.slug for r in last.results] == ["p20", "p21", "p22"]
    with pytest.raises(PageOutOfRange):
        search("pension", page=4)
    with pytest.raises(PageOutOfRange):
        search("pension", page=0)


def test_a_common_word_is_ranked_within_the_newest_window(
    publish: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "RANK_WINDOW", 4)
    publish(slug="title", title="Budget fight", published_at=days_ago(500))
    for n in range(6):
        publish(slug=f"b{n}", title="Other", body="The budget.", published_at=days_ago(n + 1))
    page = search("budget")
    ranked = [r.article.slug for r in page.results]
    assert ranked == ["title", "b0", "b1", "b2", "b3"]
    assert page.more


def test_snippets_and_titles_mark_the_words(publish: MakeArticle) -> None:
    publish(slug="x", title="Grid <queues> & delays", body=f"{FILLER} The grid is full. {FILLER}")
    result = search("grid").results[0]
    assert result.title == "<mark>Grid</mark> &lt;queues&gt; &amp; delays"
    assert "The <mark>grid</mark> is full." in result.snippet


def test_a_misspelling_gets_a_correction_that_finds_something(publish: MakeArticle) -> None:
    publish(slug="r", title="Ransomware at water utilities")
    page = search("ransomwere utilities")
    assert page.total == 0
    assert page.did_you_mean == "ransomware utilities"
    assert "ransomware" in page.suggestions


def test_a_word_cut_short_is_completed(publish: MakeArticle) -> None:
    publish(slug="r", title="Desalination plants")
    page = search("desal")
    assert page.total == 0
    assert page.suggestions[0] == "desalination"
    assert page.did_you_mean == "desalination"


def test_an_empty_or_stop_word_query_searches_nothing(publish: MakeArticle) -> None:
    publish(slug="r", title="The")
    for q in ("", "the of and", '"', "-grid"):
        page = search(q)
        assert not page.query and page.results == [] and page.total == 0
