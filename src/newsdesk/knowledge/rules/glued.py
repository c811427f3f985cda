"""glued-words: a missing space running two words, or a word and a sentence, together.

Three shapes, each narrow enough to leave abbreviations ("U.S.", "e.g.", "Ph.D."), decimals,
addresses and brand names ("iPhone", "PayPal", "YouTube") alone:
- a lowercase word or a number, sentence punctuation, then a capitalised word: "said.The";
- a lowercase word of three letters or more running into a capitalised common word, the whole
  token starting in lower case: "analysisStay" (brands that start in lower case have a one- or
  two-letter head: "iPhone", "eBay");
- a lowercase token that is no word but two common words run together: "loopget", unless
  the article uses it more than once (a coinage: "watchlist").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.knowledge.rules import words
from newsdesk.knowledge.rules.base import Doc, finding
from newsdesk.knowledge.types import Finding

RULE = "glued-words"
_EDGE = r"(?<![\w@#/.'’-])"  # a token start that is no part of a longer token
_PUNCT = re.compile(_EDGE + r"([a-z]{2,}|\d+%?)([.!?,;])([A-Z][a-z]+)\b(?![.'’-]\w)")
_CAMEL = re.compile(_EDGE + r"([a-z]{3,})([A-Z][a-z]+)\b(?![.'’-]?\w)")
# Parts that make new words freely ("yearslong", "counterdrone"): such a token is a coinage,
# not two words run together.
_PREFIXES = frozenset(
    [
        "anti",
        "counter",
        "inter",
        "mid",
        "multi",
        "non",
        "out",
        "over",
        "post",
        "pre",
        "self",
        "semi",
        "sub",
        "super",
        "under",
    ]
)
_SUFFIXES = frozenset(["fold", "less", "like", "long", "proof", "ward", "wards", "wide", "wise"])
_LOWER = re.compile(_EDGE + rf"[a-z]{{{words.MIN_JOIN},{words.MAX_JOIN}}}\b(?![.'’-]\w)")


def check(doc: Doc) -> Iterator[Finding]:
    text = doc.text
    common = words.load().common
    for match in _PUNCT.finditer(text):
        if match.group(2) in ",;" and match.group(3).lower() not in common:
            continue  # "Smith,Jones" may be a list; "said,The" is not
        yield _glued(doc, match.start(), match.end(), f"after “{match.group(2)}”")
    for match in _CAMEL.finditer(text):
        if match.group(2).lower() in common:
            yield _glued(doc, match.start(), match.end(), f"before “{match.group(2)}”")
    for match in _LOWER.finditer(text):
        parts = words.load().join(match.group(0))
        if parts and parts[0] not in _PREFIXES and parts[1] not in _SUFFIXES:
            if text.count(match.group(0)) > 1:
                continue  # used twice: the writer's word, not a slip of the keyboard
            yield _glued(doc, match.start(), match.end(), f"between “{parts[0]}” and “{parts[1]}”")


def _glued(doc: Doc, start: int, end: int, where: str) -> Finding:
    glued = doc.body[start:end]
    return finding(
        RULE,
        "error",
        f"“{glued}” looks like words run together: add a space {where}.",
        doc.body,
        start,
        end,
    )
