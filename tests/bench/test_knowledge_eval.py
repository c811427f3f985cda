"""The annotated gold set is well-formed, and the evaluation scores what it should.

No spaCy here: the harness is fed analyses built by hand (or from the gold itself).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench import knowledge_eval as ke
from bench import knowledge_eval_report as ker
from newsdesk.knowledge.types import Analysis, Entity, Event, Figure, Finding, Quote
from newsdesk.lib.text import count_words

ARTICLES = ke.load()
# The held-out set (bench/knowledge_gold/heldout/), written after the extractors were tuned.
HELDOUT = ke.load(ke.GOLD_DIR / "heldout")
EVERY_ARTICLE = ARTICLES + HELDOUT
ITEM_KEYS = {
    "entities": {"name", "kind", "aliases"},
    "quotes": {"text", "kind", "speaker", "role", "organization"},
    "figures": {"text", "value", "unit", "per", "period", "previous", "previous_period"},
    "events": {"date", "precision", "text"},
    "findings": {"rule", "excerpt", "field"},
}
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def test_the_set_is_big_and_varied_enough() -> None:
    assert len(ARTICLES) >= 22
    with_defects = [a for a in ARTICLES if a.gold["findings"]]
    assert len(with_defects) >= 10
    assert len(ARTICLES) - len(with_defects) >= 8
    assert all(1 <= len(a.gold["findings"]) <= 3 for a in with_defects)
    assert {f["rule"] for a in ARTICLES for f in a.gold["findings"]} == set(ke.RULES)
    kinds = {q["kind"] for a in ARTICLES for q in a.gold["quotes"]}
    assert kinds == set(ke.QUOTE_KINDS)


def test_the_held_out_set_is_separate_and_has_clean_and_defective_articles() -> None:
    assert len(HELDOUT) == 6
    # The main set's loader does not descend into the held-out folder.
    assert all(a.path.parent == ke.GOLD_DIR for a in ARTICLES)
    with_defects = [a for a in HELDOUT if a.gold["findings"]]
    assert len(with_defects) == 3
    assert all(1 <= len(a.gold["findings"]) <= 2 for a in with_defects)
    for article in with_defects:
        rules = [f["rule"] for f in article.gold["findings"]]
        assert len(set(rules)) == len(rules)
    assert {q["kind"] for a in HELDOUT for q in a.gold["quotes"]} == set(ke.QUOTE_KINDS)
    assert all(350 <= count_words(a.body) <= 500 for a in HELDOUT)


def _article_id(article: ke.GoldArticle) -> str:
    return f"{article.path.parent.name}/{article.path.stem}"


@pytest.mark.parametrize("article", EVERY_ARTICLE, ids=_article_id)
def test_it_has_front_matter_and_a_news_length_body(article: ke.GoldArticle) -> None:
    assert "\n## " in article.body
    if not any(f["rule"] == "title-length" for f in article.gold["findings"]):
        assert 0 < len(article.title) <= 110
    assert 350 <= count_words(article.body) <= 600, count_words(article.body)


@pytest.mark.parametrize("article", EVERY_ARTICLE, ids=_article_id)
def test_every_gold_item_is_well_formed(article: ke.GoldArticle) -> None:
    assert set(article.gold) == set(ITEM_KEYS)
    for section, keys in ITEM_KEYS.items():
        for item in article.gold[section]:
            assert keys <= set(item) <= keys | {"occurrence"}, (section, item)
    for entity in article.gold["entities"]:
        assert entity["kind"] in ke.KINDS and entity["name"].strip() == entity["name"]
        assert not entity["name"].lower().startswith("the ")
    for quote in article.gold["quotes"]:
        assert quote["kind"] in ke.QUOTE_KINDS
    for figure in article.gold["figures"]:
        assert isinstance(figure["value"], int | float)
    for event in article.gold["events"]:
        assert event["precision"] in ke.PRECISIONS
        assert re.fullmatch(DATE_FORMS[event["precision"]], event["date"])
    for finding in article.gold["findings"]:
        assert finding["rule"] in ke.RULES and finding["field"] in ("body", "title", "dek")


@pytest.mark.parametrize("article", EVERY_ARTICLE, ids=_article_id)
def test_every_gold_span_is_in_its_article(article: ke.GoldArticle) -> None:
    for section, key in ke.SPAN_KEYS.items():
        for located in article.locate(section, key):
            text = article.field_text(located.data.get("field", "body"))
            assert text[located.start : located.end] == located.data[key]


@pytest.mark.parametrize("article", EVERY_ARTICLE, ids=_article_id)
def test_every_named_speaker_is_a_gold_entity(article: ke.GoldArticle) -> None:
    entity_names = {e["name"] for e in article.gold["entities"]}
    for quote in article.gold["quotes"]:
        speaker = quote["speaker"]
        # A name (every word capitalized) must be listed; "the grid operator's planners" and
        # "European officials" describe a source without naming it.
        if speaker and all(word[0].isupper() for word in speaker.split()):
            assert speaker in entity_names, speaker


def _from_gold(article: ke.GoldArticle) -> Analysis:
    """The analysis a perfect pipeline would return."""
    analysis = Analysis(title=article.title, words=count_words(article.body))
    analysis.entities = [
        Entity(key=f"{e['kind']}:{e['name']}", name=e["name"], kind=e["kind"])
        for e in article.gold["entities"]
    ]
    for q in article.locate("quotes", "text"):
        analysis.quotes.append(Quote(start=q.start, end=q.end, **q.data))
    for f in article.locate("figures", "text"):
        fields = {k: v for k, v in f.data.items() if k != "occurrence"}
        analysis.figures.append(Figure(start=f.start, end=f.end, **fields))
    for v in article.locate("events", "text"):
        analysis.events.append(Event(start=v.start, end=v.end, **v.data))
    for x in article.locate("findings", "excerpt"):
        d = x.data
        analysis.findings.append(
            Finding(d["rule"], "error", "", d["excerpt"], x.start, x.end, d["field"])
        )
    return analysis


def test_a_perfect_pipeline_scores_one_everywhere() -> None:
    report = ke.evaluate(EVERY_ARTICLE, _from_gold)
    for name, score in report.scores.items():
        if score.gold:
            assert score.f1 == 1.0, name
    assert all(a.share == 1.0 for a in report.accuracy.values())
    assert all(s.recall == 1.0 for s in report.rules.values() if s.gold)
    assert report.false_alarms == 0


def test_an_empty_pipeline_scores_zero_and_misses_every_defect() -> None:
    report = ke.evaluate(ARTICLES, lambda a: Analysis(title=a.title, words=0))
    assert report.score("quotes").recall == 0.0
    assert sum(s.gold for s in report.rules.values()) >= 10
    assert all(s.matched == 0 for s in report.rules.values())


def _article(body: str, **gold: list[dict[str, Any]]) -> ke.GoldArticle:
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in ITEM_KEYS}
    sections.update(gold)
    return ke.GoldArticle(Path("x.md"), "T", "D", date(2025, 1, 1), body, sections)


def test_a_quote_matches_on_half_the_gold_span_and_only_once() -> None:
    body = 'Doe said: "We will not build it this year." Then she left.'
    gold = {
        "text": "We will not build it this year.",
        "kind": "direct",
        "speaker": "Jane Doe",
        "role": None,
        "organization": None,
    }
    article = _article(
        body, quotes=[gold], entities=[{"name": "Jane Doe", "kind": "PERSON", "aliases": []}]
    )
    start = body.index("We")
    half = Quote("x", "direct", start, start + 16, "Doe")
    less = Quote("x", "indirect", start, start + 10, "Smith")
    report = ke.Report()
    ke.score_quotes(article, [half, Quote("x", "direct", start, start + 16, "Doe")], report)
    assert (report.score("quotes").matched, report.score("quotes").predicted) == (1, 2)
    assert report.acc("quote speaker").share == 1.0
    report = ke.Report()
    ke.score_quotes(article, [less], report)
    assert report.score("quotes").matched == 0


def test_entities_match_through_an_alias_but_not_across_kinds() -> None:
    gold = [{"name": "International Energy Agency", "kind": "ORG", "aliases": ["IEA"]}]
    article = _article("The IEA said so.", entities=gold)
    report = ke.Report()
    ke.score_entities(article, [Entity("ORG:iea", "the IEA", "ORG")], report)
    assert report.score("entities").matched == 1
    report = ke.Report()
    ke.score_entities(article, [Entity("PLACE:iea", "IEA", "PLACE")], report)
    assert report.score("entities").matched == 0


def test_a_figure_needs_its_value_within_half_a_percent() -> None:
    body = "Sales rose to $4.1bn last year."
    gold = {
        "text": "$4.1bn",
        "value": 4100000000,
        "unit": "USD",
        "per": None,
        "period": "last year",
        "previous": None,
        "previous_period": None,
    }
    article = _article(body, figures=[gold])
    start = body.index("$")
    report = ke.Report()
    ke.score_figures(article, [Figure("$4.1bn", 4.1e9, "USD", start, start + 6)], report)
    ke.score_figures(article, [Figure("$4.1bn", 4.2e9, "USD", start, start + 6)], report)
    assert report.score("figures").matched == 1
    assert report.acc("figure period").share == 0.0


def test_findings_count_false_alarms_and_match_by_rule_and_overlap() -> None:
    body = "He said.The end. Advertisement"
    gold = [{"rule": "glued-words", "excerpt": "said.The", "field": "body"}]
    article = _article(body, findings=gold)
    report = ke.Report()
    found = [
        Finding("glued-words", "error", "", ".", 7, 8),
        Finding("stray-fragment", "error", "", "Advertisement", 17, 30),
    ]
    ke.score_findings(article, found, report)
    assert report.rules["glued-words"].matched == 1
    assert report.false_alarms == 1


def test_write_replaces_only_its_own_section(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# B\n\n{ker.SECTION}\n\nold\n\n## Later\n\nkept\n", encoding="utf-8")
    ker.write_section(f"{ker.SECTION}\n\nnew\n", doc)
    assert doc.read_text(encoding="utf-8") == f"# B\n\n{ker.SECTION}\n\nnew\n\n## Later\n\nkept\n"
    other = tmp_path / "other.md"
    other.write_text("# B\n", encoding="utf-8")
    ker.write_section(f"{ker.SECTION}\n\nnew\n", other)
    assert other.read_text(encoding="utf-8") == f"# B\n\n{ker.SECTION}\n\nnew\n"


def test_the_command_names_a_gold_span_that_is_not_in_its_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ARTICLES[0].path
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    gold: dict[str, list[dict[str, str]]] = {name: [] for name in ITEM_KEYS} | {
        "events": [{"date": "2024", "precision": "year", "text": "Not in the article."}]
    }
    gold_path = tmp_path / source.name.replace(".md", ".gold.json")
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    assert ke.main(["--gold", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "'Not in the article.' not found" in error


def test_a_speaker_is_right_by_full_name_alias_or_surname_and_a_source_by_its_head_words() -> None:
    entities = [
        {"name": "Federation of Metal Users", "kind": "ORG", "aliases": ["FMU"]},
        {"name": "Jane Doe", "kind": "PERSON", "aliases": []},
    ]
    article = _article("x", entities=entities)
    assert ke._speaker_right(article, "Federation of Metal Users", "the FMU")
    assert ke._speaker_right(article, "Jane Doe", "Doe")
    assert not ke._speaker_right(article, "Jane Doe", "Jane")
    assert ke._speaker_right(article, "budget officials", "Budget officials")
    assert ke._speaker_right(article, "residents along the busiest corridors", "residents")
    assert not ke._speaker_right(article, "residents along the busiest corridors", "the city")
    assert ke._speaker_right(article, None, None)
    assert not ke._speaker_right(article, None, "Doe")
