"""Numbers as news text writes them, to values: "2.3 million", "4bn", "1,200", "twenty-five",
"a dozen", "tens of thousands", "three-quarters".

Pure functions over strings; the figure and event extractors find the spans, this module only
says what a span is worth. Vague quantities take their lower bound ("tens of thousands" is
10,000, "dozens" 12): a reader comparing two figures needs an order of magnitude, and the
lower bound is the one the text actually asserts.
"""

from __future__ import annotations

import re
from decimal import Decimal

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# Abbreviated scales glued to or following a number: "4bn", "$300m", "2.1 tn".
SCALE_SUFFIXES = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# Plural scale words used as vague counts: "hundreds of", "tens of thousands of".
VAGUE = {"tens": 10.0, "dozens": 12.0, "scores": 20.0, **{f"{k}s": v for k, v in SCALES.items()}}
FRACTIONS = {
    "half": 0.5,
    "halves": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}

WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
# A number written in words: "twenty-five", "three hundred", "one hundred and twelve".
WORDS_PATTERN = (
    rf"(?:(?:{WORD})(?:[- ](?:{WORD}))?)"
    rf"(?:\s+(?:hundred|thousand|million|billion|trillion)(?:\s+(?:and\s+)?(?:{WORD}))?)*"
)
DIGITS_PATTERN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_DIGITS = re.compile(rf"^(?:{DIGITS_PATTERN})$")


def parse_digits(text: str) -> float | None:
    """ "1,200.5" → 1200.5; None when it is not a plain written number."""
    text = text.strip()
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def parse_words(text: str) -> float | None:
    """ "twenty-five" → 25, "three hundred and twelve" → 312, "two million" → 2e6."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """A number in digits or words, with an optional scale: "2.3 million", "4bn", "a dozen"."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    cleaned = re.sub(r"^an?\s+", "1 ", cleaned)
    match = re.match(rf"^({DIGITS_PATTERN})\s*([a-z]*)$", cleaned)
    if match:
        value = float(match.group(1).replace(",", ""))
        scale = match.group(2)
        if not scale:
            return value
        if scale == "dozen":
            return value * 12
        factor = SCALES.get(scale) or SCALE_SUFFIXES.get(scale)
        # Through Decimal, so "4.1bn" is 4,100,000,000 and not 4,099,999,999.9999995.
        return float(Decimal(match.group(1).replace(",", "")) * Decimal(factor)) if factor else None
    if cleaned.endswith(" dozen") or cleaned == "dozen":
        base = cleaned[: -len("dozen")].strip()
        count = parse_words(base) if base else 1.0
        return count * 12 if count is not None else None
    return parse_words(cleaned)


def parse_vague(text: str) -> float | None:
    """ "tens of thousands" → 10,000, "hundreds" → 100, "dozens" → 12: the lower bound."""
    words = [w for w in text.lower().split() if w != "of"]
    if not words or any(w not in VAGUE for w in words):
        return None
    value = 1.0
    for word in words:
        value *= VAGUE[word]
    return value


def parse_fraction(text: str) -> float | None:
    """ "three-quarters" → 0.75, "a third" → 1/3, "half" → 0.5."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if len(words) == 1:
        return 0.5 if words[0] == "half" else None
    if len(words) != 2 or words[1] not in FRACTIONS:
        return None
    count = 1.0 if words[0] in ("a", "one") else parse_words(words[0])
    if count is None:
        return None
    return count * FRACTIONS[words[1]]
