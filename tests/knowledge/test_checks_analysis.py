"""The editorial checks that read the pipeline's output (given here by hand, no spaCy)."""

from __future__ import annotations

from newsdesk.knowledge import checks
from newsdesk.knowledge.types import Analysis, Descriptor, Entity, Figure, Finding, Quote


def run(body: str, analysis: Analysis) -> list[Finding]:
    return checks.run(body, title="A title", dek="A dek.", analysis=analysis)


def span(body: str, text: str, occurrence: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence):
        at = body.index(text, at + 1)
    return at, at + len(text)


def test_it_warns_of_a_quote_without_speaker() -> None:
    body = "“The next two years decide it,” the statement read. “We agree,” said Jane Doe."
    first, second = span(body, "“The next two years decide it,”"), span(body, "“We agree,”")
    analysis = Analysis(
        title="T",
        words=14,
        quotes=[
            Quote(body[slice(*first)], "direct", *first, speaker=None),
            Quote(body[slice(*second)], "direct", *second, speaker="Jane Doe"),
        ],
    )
    (finding,) = run(body, analysis)
    assert (finding.rule, finding.severity) == ("quote-without-speaker", "warning")
    assert (finding.start, finding.end) == first
    assert checks.run(body, title="A title", dek="A dek.") == []  # text-only: not run


def person(name: str, *descriptors: Descriptor) -> Entity:
    return Entity(f"PERSON:{name.lower()}", name, "PERSON", descriptors=list(descriptors))


def test_it_warns_of_conflicting_roles() -> None:
    body = (
        "Kwame Asante, the deputy chief of naval staff, spoke first. Later Asante, "
        "the navy's director of operations, said more."
    )
    first = span(body, "the deputy chief of naval staff")
    second = span(body, "the navy's director of operations")
    asante = person(
        "Kwame Asante",
        Descriptor("deputy chief of naval staff", None, *first),
        Descriptor("director of operations", "navy", *second),
    )
    (finding,) = run(body, Analysis(title="T", words=20, entities=[asante]))
    assert (finding.rule, finding.severity) == ("conflicting-roles", "warning")
    assert (finding.start, finding.end) == second
    assert "Kwame Asante" in finding.message


def test_it_warns_of_conflicting_organizations() -> None:
    body = "Yao, an adviser to the Cocoa Board, spoke. Yao, an adviser to the Farmers' Council."
    first, second = span(body, "an adviser to the Cocoa Board"), span(body, "an adviser to the")
    second = span(body, "an adviser to the Farmers' Council")
    yao = person(
        "Serge Yao",
        Descriptor("adviser", "the Cocoa Board", *first),
        Descriptor("an adviser", "Farmers' Council", *second),
    )
    findings = run(body, Analysis(title="T", words=16, entities=[yao]))
    assert [(f.rule, f.start) for f in findings] == [("conflicting-roles", second[0])]


def test_it_accepts_roles_that_say_the_same_thing() -> None:
    body = "Doe, a senior analyst at the Institute. Doe, the analyst at Some Institute, former."
    doe = person(
        "Jane Doe",
        Descriptor("a senior analyst", "the Institute", 0, 10),
        Descriptor("Senior Analyst", "Some Institute", 20, 30),
        Descriptor("the analyst", None, 40, 50),
        Descriptor(None, "some institute", 55, 60),
        Descriptor("former senior analyst", "", 61, 70),
    )
    assert run(body, Analysis(title="T", words=14, entities=[doe])) == []


def figure(body: str, text: str, value: float, *, occurrence: int = 1, **fields: object) -> Figure:
    start, end = span(body, text, occurrence)
    return Figure(text, value, start=start, end=end, **fields)  # type: ignore[arg-type]


def test_it_warns_of_a_figure_stated_twice_with_different_values() -> None:
    body = (
        "Reservoirs were 62% full at the end of August, according to the SHA. "
        "Later, the SHA chairman cited an end-of-August level of 58% as a warning."
    )
    figures = [
        figure(body, "62%", 62, unit="%", period="the end of August"),
        figure(body, "58%", 58, unit="%", period="end-of-August"),
    ]
    (finding,) = run(body, Analysis(title="T", words=30, figures=figures))
    assert (finding.rule, finding.severity) == ("conflicting-figures", "warning")
    assert body[finding.start : finding.end] == "58%"


def test_it_accepts_figures_of_different_measures_or_a_restated_change() -> None:
    body = (
        "Turnout in Nakuru was 45% in 2024. Kisumu recorded 38% in 2024. "
        "Output fell from 48 units in 2023 to 12 in 2024, and at 12 units output stayed low. "
        "Some 60% of its power comes from water; reservoirs were 62% full."
    )
    figures = [
        figure(body, "45%", 45, unit="%", period="2024"),
        figure(body, "38%", 38, unit="%", period="2024"),
        figure(body, "from 48 units in 2023 to 12", 12, unit="units", period="2024", previous=48),
        figure(body, "12 units", 12, unit="units", period="2024"),
        figure(body, "60%", 60, unit="%"),
        figure(body, "62%", 62, unit="%"),
    ]
    assert run(body, Analysis(title="T", words=40, figures=figures)) == []


def test_it_survives_spans_outside_the_body() -> None:
    body = "Short."
    analysis = Analysis(
        title="T",
        words=1,
        quotes=[Quote("gone", "direct", 500, 900)],
        entities=[person("X", Descriptor("a", "b", 700, 800), Descriptor("c", "d", 900, 950))],
        figures=[Figure("1", 1, "x", 600, 601, period="2024")] * 2,
    )
    findings = run(body, analysis)
    assert {f.rule for f in findings} == {"quote-without-speaker", "conflicting-roles"}


def test_the_sentence_before_a_figure_names_what_it_measures() -> None:
    body = (
        "Grain stocks were 40% of capacity in March, the Millers' Guild said. "
        "The guild has since revised its numbers. Its head said the March level of 35% "
        "was worrying."
    )
    figures = [
        figure(body, "40%", 40, unit="%", period="March"),
        figure(body, "35%", 35, unit="%", period="March"),
    ]
    (finding,) = run(body, Analysis(title="T", words=30, figures=figures))
    assert body[finding.start : finding.end] == "35%"
