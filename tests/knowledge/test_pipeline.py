from __future__ import annotations

import json
from datetime import date

import pytest

from newsdesk.knowledge import entities, pipeline

HOSTILE = {
    "empty": "",
    "blank": " \n\n \t\n",
    "no sentences": "word " * 2000,
    "punctuation only": "!!! ... ??? ;;; —— “”„ «»",
    "unmatched quotes": '“She said it would fail,” he added. “And then\n\nnothing. "Open',
    "mixed scripts and emoji": "Die Ministerin sagte: „Nein.“ 北京 said 😀🔥 مرحبا. Ж 12% ‏",
    "control characters": "Line\x00one\x0bwith\x1fcontrols\u2028and separators\ufeff.",
    "markup soup": "<script>alert(1)</script>\n```\nunclosed\n\n**[x](y ![z](",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_it_never_raises_and_returns_json(body: str) -> None:
    analysis = pipeline.analyze(body, title="T", dek="D", published=date(2024, 5, 1))
    assert analysis.failures == []
    document = json.loads(json.dumps(analysis.as_json()))
    assert set(document) >= {"article", "entities", "quotes", "figures", "events", "findings"}


def test_it_reads_a_prefix_of_an_enormous_body() -> None:
    paragraph = "The agency said exports fell to 12 units in May, Jane Doe noted. " * 10
    body = "\n\n".join([paragraph] * (5_000_000 // len(paragraph)))
    analysis = pipeline.analyze(body, title="Huge")
    assert analysis.truncated_at is not None
    assert analysis.truncated_at <= pipeline.MAX_CHARS
    assert body[analysis.truncated_at : analysis.truncated_at + 2] == "\n\n"
    assert analysis.words > 800_000
    assert analysis.failures == []


def test_a_failing_extractor_costs_only_its_own_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: object) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(entities, "extract", broken)
    analysis = pipeline.analyze("Output fell to 12 units in May 2024.", published=date(2024, 6, 1))
    assert analysis.failures == ["entities: ValueError: boom"]
    assert analysis.entities == []
    assert analysis.as_json()["failures"] == ["entities: ValueError: boom"]
