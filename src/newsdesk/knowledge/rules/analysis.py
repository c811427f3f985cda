"""The rules that read the pipeline's output: quote-without-speaker, conflicting-roles and
conflicting-figures. All warnings: the extractors can be wrong, so these ask for a look."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from newsdesk.knowledge.rules.base import Doc, finding, shorten
from newsdesk.knowledge.types import Analysis, Figure, Finding

_NOT_WORD = re.compile(r"[^\w\s]")
_LEADING = re.compile(r"^(?:(?:a|an|the|its|their|his|her|former|then|now|acting)\s+)+")
# Words that say nothing about what a figure measures.
_STOPWORDS = """a an the of in on at to for from by with and or as is was were be been its their his
    her that this than which who it has had have not but also about more less than said says
    told according per cent percent year years month months week day new would could will
    some all one two three four five six seven eight nine ten hundred thousand million billion
    up down over under after before since while what when where there they she he we our"""
_STOP = frozenset(_STOPWORDS.split())
MAX_GROUP = 200  # figures of one measure compared pairwise; more is no article's prose


def quote_without_speaker(doc: Doc, analysis: Analysis) -> Iterator[Finding]:
    for quote in analysis.quotes:
        if not (quote.speaker or "").strip():
            yield finding(
                "quote-without-speaker",
                "warning",
                "Nobody is named as the source of this quotation: say who said it.",
                doc.body,
                quote.start,
                quote.end,
            )


def conflicting_roles(doc: Doc, analysis: Analysis) -> Iterator[Finding]:
    """One entity described with two roles, or at two organizations, neither of which
    contains the other ("analyst" and "senior analyst" agree; "analyst" and "economist" not).
    Each description is compared with the first that gave a role (an organization)."""
    for entity in analysis.entities:
        first: dict[str, str] = {}
        for descriptor in sorted(entity.descriptors, key=lambda d: d.start):
            given = {"role": descriptor.role, "organization": descriptor.organization}
            clashes = [
                f"“{first[what]}” earlier and “{value}” here"
                for what, value in given.items()
                if value and _normal(value) and what in first and not _agree(first[what], value)
            ]
            for what, value in given.items():
                if value and _normal(value):
                    first.setdefault(what, value)
            if clashes:
                yield finding(
                    "conflicting-roles",
                    "warning",
                    f"{entity.name} is described as {' and as '.join(clashes)}: "
                    "check which is right.",
                    doc.body,
                    descriptor.start,
                    descriptor.end,
                )


def conflicting_figures(doc: Doc, analysis: Analysis) -> Iterator[Finding]:
    """The same measure for the same period given two values. "The same measure": equal unit,
    rate and (non-empty) period, no value in common (a change "from 48 to 12" agrees with a
    later "12"), and sentences that share a distinctive word. Figures without a period are
    never compared: "60% of its power" and "62% full" are different measures."""
    groups: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for figure in sorted(analysis.figures, key=lambda f: f.start):
        if figure.unit and figure.period:
            measure = (_normal(figure.unit), _normal(figure.per), _normal(figure.period))
            groups[measure].append(figure)
    for group in groups.values():
        for index, second in enumerate(group[1:MAX_GROUP], start=1):
            first = next((f for f in group[:index] if _conflict(doc, f, second)), None)
            if first is not None:
                yield finding(
                    "conflicting-figures",
                    "warning",
                    f"This figure (“{shorten(second.text, 40)}”) contradicts "
                    f"“{shorten(first.text, 40)}” given earlier for the same measure and "
                    "period: check which is right.",
                    doc.body,
                    second.start,
                    second.end,
                )


def _conflict(doc: Doc, first: Figure, second: Figure) -> bool:
    return not _values(first) & _values(second) and _same_context(doc, first, second)


def _normal(value: str | None) -> str:
    words = _NOT_WORD.sub(" ", (value or "").casefold()).split()
    return _LEADING.sub("", " ".join(words))


def _agree(first: str | None, second: str | None) -> bool:
    a, b = set(_normal(first).split()), set(_normal(second).split())
    return a <= b or b <= a


def _values(figure: Figure) -> set[float]:
    """Every value a figure states: a change states the earlier one too."""
    return {figure.value} if figure.previous is None else {figure.value, figure.previous}


def _same_context(doc: Doc, first: Figure, second: Figure) -> bool:
    """Whether the two figures' sentences share a distinctive word (a name, a noun) beyond
    the figures themselves and their period: "Reservoirs were 62% full at the end of August,
    according to the SHA" and "the SHA's end-of-August level of 58%"."""
    period = set(_normal(first.period).split())
    a = _content(_sentence(doc.body, first.start, first.end), first.text) - period
    b = _content(_sentence(doc.body, second.start, second.end), second.text) - period
    return bool(a & b)


_PRONOUN_START = re.compile(r"(?:It|Its|They|Their|He|His|She|Her)\b")


def _sentence(body: str, start: int, end: int) -> str:
    own = max(body.rfind(". ", 0, start) + 2, body.rfind("\n\n", 0, start) + 2, start - 300, 0)
    left = own
    # A sentence opening with a pronoun takes its subject from the one before: "The SHA has
    # revised its numbers. Its chairman said the end-of-August level of 58% ...".
    if _PRONOUN_START.match(body, own):
        left = max(body.rfind(". ", 0, max(own - 2, 0)) + 2, body.rfind("\n\n", 0, own) + 2, 0)
    stops = [at for at in (body.find(". ", end), body.find("\n\n", end)) if at >= 0]
    right = min([*stops, end + 300, len(body)])
    return body[left:right]


def _content(context: str, figure_text: str) -> set[str]:
    stop = _STOP | set(_NOT_WORD.sub(" ", figure_text.casefold()).split())
    words = _NOT_WORD.sub(" ", context.casefold()).split()
    return {w for w in words if len(w) > 2 and w not in stop and not w.isdigit()}
