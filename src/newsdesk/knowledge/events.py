"""Events: every sentence that dates what it says, one event per (sentence, date).

``dates.find`` reads the date expressions and resolves them against the publication date; this
module tells it, from the words of each date's clause, whether that date is ahead of its
statement (which moves un-yeared months, days and weekdays forward), and drops four-digit
numbers that are counts or parts of names rather than years.
The event's text is the whole sentence; ``date_text`` the words that gave the date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from newsdesk.knowledge import dates
from newsdesk.knowledge.nlp import Sentence, Text
from newsdesk.knowledge.types import Event

# Cheap first look: a sentence with none of these cannot hold a date expression.
_MAYBE = re.compile(
    r"\d|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|day\b|(?i:yesterday|tomorrow|"
    r"\b(?:last|this|next)\s+(?:year|month|week)|\bago\b)"
)
# Tense without a parse (most dated sentences have no digits and are not parsed), read in the
# clause around the date: a modal of the future, a plan or an expectation puts the date ahead
# of its statement ("announced on Monday that it would spend ... next year": Monday is past).
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|would|could|might|(?-i:may)|(?:is|are)\s+due|set\s+to|scheduled|"
    r"going\s+to|(?:plans?|planned|aims?|intends?|hopes?)\s+to|expects?|expected|forecasts?|"
    r"upcoming|coming|next)\b|'ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[,;:()—–]|\b(?:that|which|who|after|before|when|while|because|but|and|although|though|"
    r"where|whereas|as)\b",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(r"\S\s+(?!(?:" + "|".join(dates.MONTH_NAMES) + r")\b)[A-Z][a-z]+\s+$")
# Entities whose names may hold a four-digit number that is not a year ("Vision 2030").
_NAMES = frozenset({"ORG", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "FAC", "PERSON", "GPE"})


def extract(text: Text, published: date) -> list[Event]:
    events: list[Event] = []
    for sentence in text.sentences:
        if not _MAYBE.search(sentence.text):
            continue
        seen: set[tuple[str, str]] = set()
        for mention in dates.find(sentence.text, published, future=_future_at(sentence.text)):
            if (mention.iso, mention.precision) in seen or not _is_date(sentence, mention):
                continue
            seen.add((mention.iso, mention.precision))
            start, end = sentence.start + mention.start, sentence.start + mention.end
            events.append(
                Event(
                    date=mention.iso,
                    precision=mention.precision,
                    text=text.body[sentence.start : sentence.end],
                    start=sentence.start,
                    end=sentence.end,
                    date_text=text.body[start:end],
                )
            )
    return events


def _future_at(sentence: str) -> Callable[[int, int], bool]:
    """Whether the date at [start, end) is ahead of its statement, as the words of its clause
    before it say ("would open in January")."""

    def future(start: int, end: int) -> bool:
        before = sentence[:start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        clause = before[breaks[-1].end() :] if breaks else before
        if clause.strip():
            return _FUTURE.search(clause) is not None
        # The date opens its clause: its verb follows ("In March, the board will vote"), or it
        # is set off after the statement it dates ("are to moderate the debate, Oct. 9").
        after = sentence[end:]
        stop = _CLAUSE_BREAK.search(after, 1)
        following = after[: stop.start()] if stop else after
        return _FUTURE.search(following) is not None or _FUTURE.search(before) is not None

    return future


def _is_date(sentence: Sentence, mention: dates.DateMention) -> bool:
    """A bare four-digit year is a year unless it is part of a name or counts a plural noun
    ("2000 soldiers"; "the 2024 elections" stays a year)."""
    if mention.precision != "year" or not re.search(
        r"\d{4}", sentence.text[mention.start : mention.end]
    ):
        return True
    for entity in sentence.entities:
        first, last = entity.start - sentence.start, entity.end - sentence.start
        if first < mention.end and mention.start < last and entity.label in _NAMES:
            return False
    if mention.lead is None and _NAME_BEFORE.search(sentence.text[: mention.start]):
        return False  # "Vision 2030", "Agenda 2063": a capitalized word names the plan
    return not _counts_a_noun(sentence, mention)


def _counts_a_noun(sentence: Sentence, mention: dates.DateMention) -> bool:
    before = sentence.text[: mention.start].rstrip().lower()
    if mention.lead not in (None, "of") or before.endswith(
        ("the", "a", "its", "their", "this", "'s", "’s")
    ):
        return False
    doc = sentence.parsed
    if doc is None:
        return re.match(r"\s+[a-z]+s\b", sentence.text[mention.end :]) is not None
    following = [t for t in doc if t.idx >= mention.end and not t.is_space]
    return bool(following) and following[0].tag_ == "NNS"
