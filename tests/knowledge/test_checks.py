"""The text-only editorial checks: what the publish gate runs, without spaCy."""

from __future__ import annotations

import time

import pytest

from newsdesk.knowledge import checks
from newsdesk.knowledge.types import Finding

CLEAN = """Exports fell by a third in the first quarter, the ministry said. The drop was the
steepest since 2009, when demand collapsed across the region.

“We saw it coming,” said Jane Doe, a senior analyst at Some Institute. “Nobody listened.”

## What comes next

Officials in the U.S. and the E.U. expect a rebound of 3.5% by the autumn, e.g. in steel.
Ms Doe, who holds a Ph.D. from McGill, said the iPhone and PayPal were not the problem; she
wrote to info@example.org and posted at https://example.org/Report.Pdf about `fooBar`.
"""


def found(body: str, rule: str, title: str = "A fine title", dek: str = "A dek.") -> list[Finding]:
    return [f for f in checks.run(body, title=title, dek=dek) if f.rule == rule]


def spans(body: str, rule: str) -> list[str]:
    return [body[f.start : f.end] for f in found(body, rule)]


def test_it_finds_nothing_in_clean_prose() -> None:
    assert checks.run(CLEAN, title="Exports fall", dek="A summary.") == []


@pytest.mark.parametrize(
    ("body", "glued"),
    [
        ("Prices rose, she said.The ministry disagreed.", "said.The"),
        ("Output fell.Exports held up.", "fell.Exports"),
        ("It peaked in 2024.Since then it has fallen.", "2024.Since"),
        ("Read the full analysisStay in the loop with us.", "analysisStay"),
        ("Sign up to stay in the loopget our weekly briefing.", "loopget"),
        ("The fee rose becausethe platform said so.", "becausethe"),
    ],
)
def test_it_finds_glued_words(body: str, glued: str) -> None:
    assert spans(body, "glued-words") == [glued]
    assert found(body, "glued-words")[0].severity == "error"


@pytest.mark.parametrize(
    "body",
    [
        "The U.S. and the E.U. agreed, e.g. on steel, i.e. on tariffs.",
        "Growth was 3.5 per cent; the Ph.D. thesis said 2.75.",
        "Buy an iPhone, pay with PayPal, eat at McDonald's, watch YouTube or eBay.",
        "See https://example.org/someThing.Html or write to jane.doe@example.org today.",
        "Run `loadData.Then` in the console, or visit news.example.com for more.",
        "The lockdown, a livestream and something nationwide: yearslong counterdrone work.",
        "Section 3.2 covers it; version 2.0.1 shipped. Mr. Smith and Dr. Jones agreed.",
    ],
)
def test_it_leaves_abbreviations_addresses_and_brands_alone(body: str) -> None:
    assert spans(body, "glued-words") == []


def test_it_takes_a_join_used_twice_for_the_writers_word() -> None:
    assert spans("The roadget opened. Each roadget carries power.", "glued-words") == []
    assert spans("The roadget opened.", "glued-words") == ["roadget"]


def test_it_finds_a_lone_curly_quote() -> None:
    body = "He called the plan “a disaster and walked out.\n\nNobody followed him."
    findings = found(body, "unbalanced-quotes")
    assert [body[f.start : f.end] for f in findings] == ["“"]
    assert findings[0].start == body.index("“")
    assert "disaster" in findings[0].excerpt


def test_it_finds_a_closing_quote_that_closes_nothing() -> None:
    body = "The plan was a disaster,” he said."
    assert [f.start for f in found(body, "unbalanced-quotes")] == [body.index("”")]


def test_it_finds_an_odd_straight_quote() -> None:
    body = 'She said the plan "would fail. Officials said "nothing" else.'
    assert [f.start for f in found(body, "unbalanced-quotes")] == [body.index('"would')]


def test_it_finds_a_quote_mark_facing_the_wrong_way() -> None:
    body = "He said ”the plan will fail” and left."
    findings = found(body, "unbalanced-quotes")
    assert [f.start for f in findings] == [body.index("”the")]
    assert "wrong way" in findings[0].message


def test_it_reads_a_wrong_mark_before_an_ellipsis_as_opening() -> None:
    body = "Obama said: ” … what I learned is this,” he said."
    assert [f.start for f in found(body, "unbalanced-quotes")] == [body.index("” …")]


def test_it_accepts_a_quote_running_over_paragraphs() -> None:
    body = (
        "“The first paragraph of the quote ends open.\n\n"
        "“The second one reopens, as news style asks, and closes,” she said.\n\n"
        'And "straight" quotes, “nested ‘single’ ones” and a height of 6\'3" pass.'
    )
    assert found(body, "unbalanced-quotes") == []


def test_it_finds_a_quoted_phrase_left_open_before_a_quoted_paragraph() -> None:
    body = (
        'She said the bank was "willing to let the currency slide. She expects a cut.\n\n'
        '"The bank has decided," she added.'
    )
    assert [f.start for f in found(body, "unbalanced-quotes")] == [body.index('"willing')]


def test_it_finds_a_repeated_paragraph_and_sentence() -> None:
    paragraph = "The harder constraint is not money but people: nurses and porters alike."
    sentence = "Farmers who cannot afford fertilizer harvest less, and their trees age faster."
    body = (
        f"{paragraph}\n\nIntro text here. {sentence}\n\n{paragraph}\n\n"
        f"Later on. {sentence} It did not. It did not."
    )
    findings = found(body, "repeated-text")
    assert [(f.start, f.end) for f in findings] == [
        (body.rindex(paragraph), body.rindex(paragraph) + len(paragraph)),
        (body.rindex(sentence), body.rindex(sentence) + len(sentence)),
    ]


def test_it_ignores_short_repeated_sentences() -> None:
    assert found("It did not. Then it did not.\n\nIt did not.", "repeated-text") == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("Shipping costs rose.\n\nAdvertisement\n\nInsurers followed.", "Advertisement"),
        (
            "Fees rose.\n\nRead more: How app stores decide\n\nThey did.",
            "Read more: How app stores decide",
        ),
        ("Fees rose.\nPhoto: Jane Doe/Agency\nThey did.", "Photo: Jane Doe/Agency"),
        (
            "Fees rose.\n\nWatch — the minister's interview\n\nThey did.",
            "Watch — the minister's interview",
        ),
        ("Vacancies are higher than the register's analysisStay in the loop", "Stay in the loop"),
        ("Fees rose. Click here to subscribe for more. They did.", "Click here to subscribe"),
        (
            "Fees rose sharply.\n\nThe Cost of Doing Business\n\nThey did.",
            "The Cost of Doing Business",
        ),
        (
            "Fees rose sharply.\n\n**Key Takeaways From the Report**\n\nThey did.",
            "Key Takeaways From the Report",
        ),
    ],
)
def test_it_finds_stray_fragments(body: str, fragment: str) -> None:
    assert spans(body, "stray-fragment") == [fragment]


@pytest.mark.parametrize(
    "body",
    [
        "## A Real Heading\n\nAdvertisement revenue fell by a fifth, the report said.",
        "Related parties were named. Photos of the site were shown to Jane Doe.",
        "Photo-finish results were close.\nWatch this space, she said.",
        "- Jane Doe\n- Some Institute\n\n| Country | Share |\n| --- | --- |\n| Ghana | 12 |",
        "She read more than 40 reports.\n\nThe Institute said so.\n\nJane Doe agreed:",
    ],
)
def test_it_leaves_headings_lists_tables_and_prose_alone(body: str) -> None:
    assert found(body, "stray-fragment") == []


def test_it_finds_an_empty_or_overlong_title() -> None:
    empty = [f for f in checks.run("Text.", title="  ", dek="D.") if f.rule == "title-length"]
    assert [(f.severity, f.field, f.start, f.end) for f in empty] == [("error", "title", 0, 2)]
    title = "A headline " * 12
    long = [f for f in checks.run("Text.", title=title, dek="D.") if f.rule == "title-length"]
    assert [(f.severity, f.field, f.start, f.end) for f in long] == [
        ("warning", "title", 110, len(title))
    ]
    assert checks.run("Text.", title="x" * 110, dek="D.") == []


def test_it_finds_an_empty_or_overlong_dek() -> None:
    assert [f.rule for f in checks.run("Text.", title="T", dek="")] == ["dek-length"]
    dek = "word " * 41
    (finding,) = checks.run("Text.", title="T", dek=dek)
    assert (finding.rule, finding.severity, finding.field) == ("dek-length", "warning", "dek")
    assert (finding.start, finding.end) == (200, len(dek))


def test_it_finds_a_skipped_heading_level() -> None:
    body = "## Section\n\nText.\n\n#### Too deep\n\n### Fine\n\n## Back\n\n### Fine too\n"
    findings = found(body, "heading-order")
    assert [(body[f.start : f.end], f.severity) for f in findings] == [("#### Too deep", "warning")]
    assert spans("### First\n\nText.", "heading-order") == ["### First"]


def test_it_sorts_by_field_then_position() -> None:
    body = "Output fell.Exports held.\n\nPrices rose.Imports fell."
    findings = checks.run(body, title="", dek="")
    assert [(f.field, f.start) for f in findings] == [
        ("body", 7),
        ("body", 34),
        ("dek", 0),
        ("title", 0),
    ]


HOSTILE = {
    "empty": "",
    "blank lines": "\n\n\n",
    "curly quotes only": "“" * 500,
    "straight quotes only": '"' * 501,
    "heading soup": "#" * 7 + " x\n" + "###### " * 100,
    "mixed scripts": "Die Ministerin sagte: „Nein.“ 北京 said 😀🔥 مرحبا.Ж 12% ‏"
    "\x00\x0b\u2028\ufeff",
    "markup soup": "<script>alert(1)</script>\n```\nunclosed\n\n**[x](y ![z](",
    "one endless word": "a" * 100_000,
    "no sentences": ("word " * 50 + "\n") * 200,
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_it_never_raises(body: str) -> None:
    for finding in checks.run(body, title=body[:200], dek=body[:300]):
        source = {"body": body, "title": body[:200], "dek": body[:300]}[finding.field]
        assert 0 <= finding.start <= finding.end <= len(source)


def test_it_reads_five_megabytes_in_seconds() -> None:
    paragraph = CLEAN.replace("Exports fell", "Output fell.Exports fell") + "\n"
    body = (paragraph * (5_000_000 // len(paragraph) + 1))[:5_000_000]
    started = time.perf_counter()
    findings = checks.run(body, title="T", dek="D.")
    assert time.perf_counter() - started < 30  # generous: a shared 2-core machine
    assert any(f.rule == "glued-words" for f in findings)


def test_it_reports_at_most_max_per_rule_findings_of_one_rule() -> None:
    sentence = "The port authority said the new berth would open before the end of the year."
    body = "\n\n".join([sentence] * (checks.MAX_PER_RULE * 3))
    findings = checks.run(body, title="A title", dek="A dek")
    repeated = [f for f in findings if f.rule == "repeated-text"]
    assert len(repeated) == checks.MAX_PER_RULE
