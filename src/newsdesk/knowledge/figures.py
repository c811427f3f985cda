"""Figures: numbers with what they count, their rate, their period, and changes between two.

Rules over each sentence's prose, checked against spaCy's entity labels and tags:

- A figure is a number that says what it counts: a noun after it with its describing words
  ("63 attacks", "12 oil tankers", "500 more electric buses" → "electric buses"; quantifiers,
  nationalities and rate adjectives stay out: "2,000 Russian soldiers" → "soldiers", "32
  daily crossings" → "crossings" per "day"), a percentage ("7.5%", "7.5 percent", "half",
  "three-quarters": unit "%", value in percent), money (unit is the ISO 4217 code: "$4.1bn" →
  4.1e9 "USD"; a bare "$" or "dollars" is taken as USD), or a scale on its own ("2.3 million").
  A bare number ("rose to 12") counts only as one side of a change.
- Not figures: years and dates, times, ordinals, numbers inside names ("COVID-19", "F-35",
  "Group of 20"), section and label numbers ("Article 5"), phone-like numbers, "one" on its own,
  and durations and ages ("for two years", "45 years old", "a 45-year-old"): they describe a
  time span or a person rather than state a quantity, and events take care of time.
  Hyphenated measures are figures ("a 300-kilometre cable").
- ``per``: "a month", "per tonne", "monthly" → "month". ``period``: "in 2024", "in the third
  quarter", "last year" right after the figure, else later in its clause ("were vacant in
  November"), else the sentence's opening "In 2024," — as written, without its preposition.
- Counted time is a figure ("took seven months", "86 times", "50 hours a year"); time that
  says when or how long is not ("for two years", "the next six months", "two years ago").
- A change is one figure: "from 48 units a quarter in 2023 to 12 in 2024", "to 12 from 48",
  "$4.1bn, up from $3.6bn" (``value`` the newer, ``previous`` the older, the unit shared),
  and "12% to $4.1bn" (the money, ``previous`` unknown). ``text`` spans the number, its unit
  and rate, and for a change both sides ("from" included); periods are reported, not spanned,
  unless they sit between the two sides. A change that names no unit counts the last plural
  noun before it ("recorded attacks fell from 91 to 249" → "attacks").
- Ratios are percentages: "four in ten" is 40 %.
- A range ("200 to 300 people", "between 2 and 3 million people") is one figure valued at its
  lower bound, like vague counts ("tens of thousands" is 10,000): the bound the text asserts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from newsdesk.knowledge import figure_patterns as written
from newsdesk.knowledge import numbers
from newsdesk.knowledge.nlp import Sentence, Text
from newsdesk.knowledge.types import Figure


@dataclass
class _Found:
    """A figure within one sentence; offsets relative to the sentence."""

    start: int
    end: int  # end of the figure's text (number, unit, rate)
    value: float
    unit: str | None
    measured: bool  # a currency, percentage or scale says what it is without a unit
    after: int  # end of everything read with it, the period included
    per: str | None = None
    period: str | None = None
    previous: float | None = None
    previous_period: str | None = None


def extract(text: Text) -> list[Figure]:
    figures: list[Figure] = []
    for sentence in text.sentences:
        for found in _in_sentence(sentence):
            start, end = sentence.start + found.start, sentence.start + found.end
            figures.append(
                Figure(
                    text=text.body[start:end],
                    value=found.value,
                    unit=found.unit,
                    start=start,
                    end=end,
                    per=found.per,
                    period=found.period,
                    previous=found.previous,
                    previous_period=found.previous_period,
                )
            )
    return figures


def _in_sentence(sentence: Sentence) -> list[_Found]:
    found: list[_Found] = []
    position = 0
    while True:
        match = written.NUMBER.search(sentence.text, position)
        if match is None:
            break
        figure = _read(sentence, match)
        if figure is None:
            position = match.end()
            continue
        found.append(figure)
        position = figure.after
    kept = []
    for figure in _merge_changes(sentence, found):
        if figure.unit is None and figure.previous is not None:
            figure.unit = _counted_before(sentence, figure.start)
        if figure.unit or figure.measured or figure.previous is not None:
            kept.append(figure)
    for index, figure in enumerate(kept):
        if figure.period is None:
            limit = kept[index + 1].start if index + 1 < len(kept) else len(sentence.text)
            figure.period = _period_in_clause(sentence.text, figure.after, limit)
    opening = written.PERIOD_OPENING.match(sentence.text)
    if opening:
        for figure in kept:
            figure.period = figure.period or _clean(opening.group("period"))
    return kept


def _read(sentence: Sentence, match: re.Match[str]) -> _Found | None:
    """The figure a number match starts, or None when it is not one."""
    text = sentence.text
    value, unit, measured = _value(match)
    if value is None or _excluded(sentence, match, measured):
        return None
    if match.group("frac") and re.search(r"\d\s+$", text[: match.start()]):
        return None  # "48 a quarter" is a rate, not a share
    end = match.end()
    if unit is None:
        currency = written.CURRENCY_AFTER.match(text, end)
        hyphened = written.HYPHEN_MEASURE.match(text, end)
        if hyphened:
            unit, end = hyphened.group(0)[1:], hyphened.end()
        elif currency:
            unit, measured, end = (
                written.CURRENCY_WORDS[currency.group(1).lower()],
                True,
                currency.end(),
            )
        else:
            noun = _unit_after(sentence, end, of=bool(match.group("vague")))
            if noun is not None:
                unit, end = noun
                timed = unit.lower().split()[-1] in written.TIME_UNITS
                if timed and not written.PER.match(text, end) and _duration(text, match, end):
                    return None
    if _looks_like_year(match) and not measured:
        return None  # "the 2024 elections": news writes counts that large with a comma
    figure = _Found(match.start(), end, value, unit, measured, end)
    adjective = written.RATE_ADJECTIVE.search(text, match.end(), end)
    figure.per = written.RATE_ADJECTIVES[adjective.group(0).lower()] if adjective else None
    _read_rate_and_period(text, figure)
    return figure


def _value(match: re.Match[str]) -> tuple[float | None, str | None, bool]:
    """The number's value, its unit when the number itself says it, and whether it is measured
    (currency, percentage or scale)."""
    groups = match.groupdict()
    if groups["vague"]:
        return numbers.parse_vague(groups["vague"]), None, False
    if groups["ratio"]:
        parts = re.split(r"\s+(?:in|out\s+of)\s+", groups["ratio"].lower())
        share, whole = (numbers.parse_number(part) for part in parts)
        if share is None or not whole or share > whole:
            return None, None, False
        return round(share / whole * 100, 1), "%", True
    if groups["frac"]:
        fraction = numbers.parse_fraction(groups["frac"])
        return (round(fraction * 100, 1) if fraction is not None else None), "%", True
    if groups["half"]:
        scale = groups["half"].split()[-1].lower()
        return 0.5 * numbers.SCALES[scale], None, True
    if groups["digits"]:
        number = groups["digits"] + " " + (groups["suffix"] or groups["scale"] or "")
        value = numbers.parse_number(number)
    else:
        words = groups["words"]
        if words.lower() == "one":
            return None, None, False
        value = numbers.parse_number(words)
    scaled = bool(groups["suffix"] or groups["scale"]) or bool(
        groups["words"] and re.search(written.SCALE, groups["words"], re.IGNORECASE)
    )
    if groups["cur"]:
        sign = groups["cur"].strip()
        return value, written.CURRENCY_SIGNS.get(sign.lower(), sign.upper()), True
    pct = groups["pct"]
    if pct:
        unit = "percentage points" if "point" in pct.lower() else "%"
        return value, unit, True
    return value, None, scaled


def _excluded(sentence: Sentence, match: re.Match[str], measured: bool) -> bool:
    """Numbers that are names, labels, dates, times or phone numbers."""
    text = sentence.text
    start, end = match.start(), match.end()
    before = text[max(0, start - 30) : start]
    if before and (before[-1].isalnum() or before[-1] in "-/_.'’#"):
        return True
    if end < len(text) and (text[end].isalnum() or text[end] in "/_"):
        return True
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha():
        return (
            written.HYPHEN_MEASURE.match(text, end) is None
        )  # "a 45-year-old", "a 12-member panel"  # "a 12-member panel", "a 45-year-old"
    if measured:
        return False
    if written.LABEL_BEFORE.search(before) or written.TIME_AFTER.match(text, end):
        return True
    if written.MONTH_AFTER.match(text, end) or written.MONTH_BEFORE.search(before):
        return True
    if any(p.start() <= start < p.end() for p in written.PHONE.finditer(text)):
        return True
    number_start = match.start("digits") if match.group("digits") else start
    for entity in sentence.entities:
        first = entity.start - sentence.start
        last = entity.end - sentence.start
        if first <= number_start < last and entity.label in written.SKIPPED_LABELS:
            return entity.label not in ("DATE", "TIME") or not _counts_something(sentence, end)
    return False


def _duration(text: str, match: re.Match[str], end: int) -> bool:
    """ "for two years", "the next six months", "45 years old", "two years ago": a time that
    says when or how long. "took seven months" and "86 times" are figures."""
    return bool(
        written.DURATION_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
        or written.DURATION_AFTER.match(text, end)
    )


def _counts_something(sentence: Sentence, end: int) -> bool:
    """spaCy calls "48 units a quarter" a date now and then: a plural noun after the number
    that is not a time unit says it is a count."""
    return _unit_after(sentence, end, of=False) is not None or bool(
        written.PER.match(sentence.text, end)
    )


def _looks_like_year(match: re.Match[str]) -> bool:
    digits = match.group("digits")
    return bool(
        digits
        and re.fullmatch(r"\d{4}", digits)
        and 1000 <= int(digits) <= 2199
        and not (match.group("suffix") or match.group("scale"))
    )


def _unit_after(sentence: Sentence, position: int, *, of: bool) -> tuple[str, int] | None:
    """The noun a number counts and where it ends: "2,000 Russian soldiers" → "soldiers"."""
    doc = sentence.parsed
    if doc is None:
        plain = re.match(r"\s+(?:of\s+(?:the\s+)?)?([a-z]+s)\b", sentence.text[position:])
        if plain is None or (not of and plain.group(0).lstrip().startswith("of ")):
            return None
        return plain.group(1), position + plain.end()
    return _unit_from_tags(doc, position, of=of)


def _unit_from_tags(doc: Doc, position: int, *, of: bool) -> tuple[str, int] | None:
    tokens = [t for t in doc if t.idx >= position and not t.is_space]
    if of and len(tokens) > 1 and tokens[0].lower_ == "of":
        tokens = tokens[1:]
        if tokens and tokens[0].tag_ in ("DT", "PRP$"):
            tokens = tokens[1:]
    nouns: list[int] = []
    begin = 0  # the unit starts after any quantifying or rate word ("more", "daily")
    for index, token in enumerate(tokens[:8]):
        nationality = token.tag_ == "JJ" and token.text[:1].isupper()  # "British developers"
        if token.lower_ in written.NOT_UNIT_WORDS or token.tag_ in ("JJR", "JJS") or nationality:
            if nouns:
                break
            begin = index + 1
        elif token.tag_ in written.NOUN_TAGS:
            nouns.append(index)
        elif token.tag_ == "HYPH" and not token.whitespace_:
            continue  # "terawatt-hours", "skilled-worker visas"
        elif nouns or token.tag_ not in written.MODIFIER_TAGS:
            break
    # A proper noun may qualify the counted noun ("20 Leopard tanks"); the unit is a common noun.
    while nouns and tokens[nouns[-1]].tag_ not in ("NN", "NNS"):
        if tokens[nouns[-1]].lower_ in written.MEASURES:
            break
        nouns.pop()
    if not nouns:
        return None
    first, last = tokens[begin], tokens[nouns[-1]]
    if last.tag_ != "NNS" and last.lower_ not in written.MEASURES:
        return None  # a count names a plural: "911 caller" and "a 2 to 1 margin" are not counts
    unit = " ".join(doc.text[first.idx : last.idx + len(last.text)].split())
    return unit, last.idx + len(last.text)


def _period_in_clause(text: str, start: int, limit: int) -> str | None:
    """A period further on in the figure's clause: "4,200 posts were vacant in November"."""
    window = text[start:limit]
    stop = written.CLAUSE_END.search(window)
    found = written.PERIOD_LATER.search(window[: stop.start()] if stop else window)
    return _clean(found.group("period") or found.group("bare")) if found else None


def _counted_before(sentence: Sentence, start: int) -> str | None:
    """What a change without a unit counts: the last plural noun before it ("the number of
    patients fell from 61,000 to 47,500")."""
    if sentence.parsed is None:
        return None
    nouns = [t for t in sentence.parsed if t.idx < start and t.tag_ == "NNS"]
    return nouns[-1].text if nouns else None


def _read_rate_and_period(text: str, figure: _Found) -> None:
    rate = written.PER.match(text, figure.end)
    if rate:
        adverb = rate.group("adverb")
        figure.per = rate.group("unit") or rate.group("any") or written.ADVERBS[adverb.lower()]
        figure.per = figure.per.lower().replace("annum", "year")
        figure.end = figure.after = rate.end()
    period = written.PERIOD_AFTER.match(text, figure.after)
    place = written.PLACE.match(text, figure.after) if period is None else None
    if place is not None:  # "€640 a tonne in Rotterdam in January, up from ..."
        period = written.PERIOD_AFTER.match(text, place.end())
    if period:
        figure.period = _clean(period.group("period") or period.group("bare"))
        figure.after = period.end()
    elif before := written.PERIOD_BEFORE.search(text, max(0, figure.start - 80), figure.start):
        figure.period = _period_written_before(before.group("period"))


def _period_written_before(period: str) -> str:
    """ "the end-of-August" -> "the end of August"; "last year's" -> "last year"."""
    period = re.sub(r"['’]s$", "", period)
    if re.match(r"(?:the\s+)?(?:end|start|middle)-of-", period):
        period = "the " + re.sub(r"^the\s+", "", period).replace("-", " ", 2)
    return _clean(re.sub(r"^the\s+(?=[A-Z])", "", period))


def _clean(period: str) -> str:
    return " ".join(period.split())


def _merge_changes(sentence: Sentence, found: list[_Found]) -> list[_Found]:
    """Join "from A to B", "to B from A", "B, up from A" and "P% to B" into one figure; a
    joined figure may join again ("12% to $4.1bn, up from $3.6bn")."""
    pending = list(found)
    merged: list[_Found] = []
    while pending:
        first = pending.pop(0)
        second, consumed = _next_side(sentence, first, pending[0] if pending else None)
        change = _change(sentence.text, first, second) if second is not None else None
        if change is None:
            merged.append(first)
            continue
        if consumed:
            pending.pop(0)
        pending.insert(0, change)
    return merged


def _next_side(
    sentence: Sentence, first: _Found, following: _Found | None
) -> tuple[_Found | None, bool]:
    """What follows ``first`` as the other side of a change: the next figure when it starts
    right after a joining word (then True: it is consumed), else a bare number there."""
    text = sentence.text
    joint = written.TO_AFTER.match(text, first.after) or written.FROM_AFTER.match(text, first.after)
    if joint is None and written.BETWEEN_BEFORE.search(text[: first.start]):
        joint = written.AND_AFTER.match(text, first.after)
    if joint is None:
        return None, False
    if following is not None and following.start == joint.end():
        return following, True
    bare = written.NUMBER.match(text, joint.end())
    if bare is None or bare.group("vague") or bare.group("frac"):
        return None, False
    value, unit, measured = _value(bare)
    if value is None or _looks_like_year(bare) or _excluded(sentence, bare, measured):
        return None, False
    side = _Found(bare.start(), bare.end(), value, unit, measured, bare.end())
    _read_rate_and_period(text, side)
    return side, False


def _change(text: str, first: _Found, second: _Found) -> _Found | None:
    between = text[first.after : second.start]
    if written.AND_AFTER.fullmatch(between):
        opening = written.BETWEEN_BEFORE.search(text[: first.start])
        return _range(first, second, opening.start() if opening else first.start)
    if written.TO_AFTER.fullmatch(between):
        opening = written.FROM_BEFORE.search(text[: first.start])
        if opening is not None:  # "from 48 units in 2023 to 12 in 2024"
            return _combine(older=first, newer=second, start=opening.start(), end=second.end)
        if first.unit in written.PERCENT and second.unit not in written.PERCENT and second.unit:
            return replace(second, start=first.start)  # "rose 12% to $4.1bn"
        return _range(first, second, first.start)
    # "to 12 from 48 units", "$4.1bn, up from $3.6bn": the first side is the newer. A plain
    # "from" joins only after "to" ("12 soldiers from 3 brigades" is no change).
    plain_from = between.strip(" ,").lower() == "from"
    if plain_from and not written.TO_BEFORE.search(text[: first.start]):
        return None
    return _combine(older=second, newer=first, start=first.start, end=second.end)


def _range(low: _Found, high: _Found, start: int) -> _Found | None:
    """ "200 to 300 people", "between 2 and 3 million people": one figure valued at its lower
    bound, as vague counts are; the scale written once on the upper bound applies to both."""
    if low.unit not in (None, high.unit) or (high.unit is None and not high.measured):
        return None
    value = low.value
    if high.measured and high.unit not in written.PERCENT:
        while 0 < value * 1000 <= high.value:
            value *= 1000
    return replace(high, start=start, value=value)


def _combine(*, older: _Found, newer: _Found, start: int, end: int) -> _Found | None:
    unit = newer.unit or older.unit
    if older.unit and newer.unit and older.unit != newer.unit:
        return None
    return _Found(
        start=start,
        end=end,
        value=newer.value,
        unit=unit,
        measured=newer.measured or older.measured,
        after=max(newer.after, older.after),
        per=newer.per or older.per,
        period=newer.period,
        previous=older.value,
        previous_period=older.period,
    )
