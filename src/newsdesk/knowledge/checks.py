"""Editorial checks: the defects that slip past editors, each found with an exact span.

``run()`` is called twice in an article's life: synchronously by the publish gate with
``analysis=None`` (so TEXT_RULES use no spaCy and stay fast: a 10,000-word body in a few
milliseconds) and by the pipeline with its output, when ANALYSIS_RULES run too. Each rule is a
small function in ``knowledge/rules/``; adding one means writing a sibling and listing it here.
Errors block publishing (unless an editor overrides); warnings are shown beside the editor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from itertools import islice

from newsdesk.knowledge.rules import analysis as on_analysis
from newsdesk.knowledge.rules import fields, glued, quotes, repeated, stray
from newsdesk.knowledge.rules.base import Doc
from newsdesk.knowledge.types import Analysis, Finding

log = logging.getLogger("newsdesk.knowledge")

TextRule = Callable[[Doc], Iterable[Finding]]
AnalysisRule = Callable[[Doc, Analysis], Iterable[Finding]]

TEXT_RULES: dict[str, TextRule] = {
    "glued-words": glued.check,
    "unbalanced-quotes": quotes.check,
    "repeated-text": repeated.check,
    "stray-fragment": stray.check,
    "title-length": fields.title_length,
    "dek-length": fields.dek_length,
    "heading-order": fields.heading_order,
}
ANALYSIS_RULES: dict[str, AnalysisRule] = {
    "quote-without-speaker": on_analysis.quote_without_speaker,
    "conflicting-roles": on_analysis.conflicting_roles,
    "conflicting-figures": on_analysis.conflicting_figures,
}
RULES = (*TEXT_RULES, *ANALYSIS_RULES)
# Past this many findings of one rule an editor has seen the pattern; a pathological body (the
# same sentence pasted ten thousand times) must not turn into ten thousand findings.
MAX_PER_RULE = 50


def run(body: str, *, title: str, dek: str, analysis: Analysis | None = None) -> list[Finding]:
    """Every finding, sorted by field then position. Never raises: a rule that fails on some
    input is logged and skipped, and the others' findings stand."""
    doc = Doc(body, title, dek)
    findings: list[Finding] = []
    for name, rule in TEXT_RULES.items():
        findings += _attempt(name, partial(rule, doc))
    if analysis is not None:
        for name, analysis_rule in ANALYSIS_RULES.items():
            findings += _attempt(name, partial(analysis_rule, doc, analysis))
    return sorted(findings, key=lambda f: (f.field, f.start, f.end, f.rule))


def _attempt(name: str, rule: Callable[[], Iterable[Finding]]) -> list[Finding]:
    try:
        return list(islice(rule(), MAX_PER_RULE))
    except Exception:  # a check's bug must not block publishing or lose the other findings
        log.exception("knowledge: check %s failed", name)
        return []
