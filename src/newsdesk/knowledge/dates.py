"""Date expressions in a sentence, resolved to ISO dates against the publication date.

Deterministic regular expressions and the calendar, no guessing library:

- day: "8 December 2024", "December 8, 2024", "Dec. 8", "the 8th of December", "2024-12-08",
  "on the 13th" (a day of the publication month, or of the month before when that day is still
  to come and the sentence is not about the future), weekdays ("on Tuesday": the latest Tuesday
  on or before publication, "next Tuesday" or a future sentence: the first one after it),
  "yesterday", "tomorrow", "three days ago", "two weeks ago".
- month: "in November", "March 2023", "early March", "last month", "this month", "next month",
  "last week" (the month it fell in: weeks have no precision of their own), "three months ago".
- year: "in 2019", "the 2024 election", "last year", "next year", "two years ago".

A month or day written without a year takes the publication year, moved back a year when that
would put a past statement after publication (and forward for a future one before it).

Spans and their ends count as dates ("since 2014", "until 2029", both years of "from 2019 to
2021"): each says something happened or will happen at that time. A compact range ("2019-21")
is left out, as are dates too vague to place on a timeline: "recently", "today" (in analysis
it mostly means "nowadays"), "in recent years", decades ("the 1990s"), seasons and quarters
without a year, and durations ("for two years", "the past decade").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.knowledge import numbers
from newsdesk.knowledge.types import Precision

# Spelled out rather than taken from ``calendar``, whose names follow the process locale.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {name.lower(): index for index, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8})
MONTHS.update({"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {
    name: index
    for index, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH = r"(?:" + _FULL_MONTH[3:-1] + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_LEAD = (
    r"(?:\b(?P<lead>(?i:on|in|by|during|from|between|before|after|until|till|through|since|of|"
    r"early|late|mid|earlier|later))[\s-]+)?"
)
_QUALIFIER = r"(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)[\s-]+)?"
_DAY_WORD = r"(?:(?:the\s+)?(?P<day>\d{1,2})" + _ORD + r"(?:\s+of)?)"
_WEEKDAY_PREFIX = r"(?:" + _WEEKDAY + r",?\s+)?"
_AGO_COUNT = r"(?P<count>an?|\d+|" + numbers.WORDS_PATTERN + r")"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    precision: Precision
    lead: str | None  # the preposition before it, lower-cased: "on", "since"...


Resolver = Callable[[re.Match[str], date, bool], tuple[str, Precision] | None]


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _year_for(month: int, day: int, published: date, future: bool) -> int:
    """The year of an un-yeared month (and day): the publication year, unless that puts a past
    statement after publication or a future one before it."""
    year = published.year
    if not future and (month, day) > (published.month, published.day):
        return year - 1
    if future and (month, day) < (published.month, published.day):
        return year + 1
    return year


def _day(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    month = _month_number(match.group("month"))
    day = int(match.group("day"))
    year_text = match.groupdict().get("year")
    year = int(year_text) if year_text else _year_for(month, day, published, future)
    iso = _iso_day(year, month, day)
    return (iso, "day") if iso else None


def _iso(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    iso = _iso_day(int(match.group("year")), int(match.group("m")), int(match.group("day")))
    return (iso, "day") if iso else None


def _month(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    month = _month_number(match.group("month"))
    year_text = match.groupdict().get("year")
    year = int(year_text) if year_text else published.year
    if not year_text and not future and month > published.month:
        year -= 1
    elif not year_text and future and month < published.month:
        year += 1
    return f"{year:04d}-{month:02d}", "month"


def _nth(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    day = int(match.group("day"))
    year, month = published.year, published.month
    if not future and day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    elif future and day < published.day:
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    iso = _iso_day(year, month, day)
    return (iso, "day") if iso else None


def _weekday(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision]:
    weekday = WEEKDAYS[match.group("weekday").lower()]
    which = (match.group("which") or "").lower()
    if which == "next" or (future and which != "last"):
        delta = (weekday - published.weekday()) % 7 or 7
        return (published + timedelta(days=delta)).isoformat(), "day"
    delta = (published.weekday() - weekday) % 7
    if which == "last" and delta == 0:
        delta = 7
    return (published - timedelta(days=delta)).isoformat(), "day"


def _adjacent_day(
    match: re.Match[str], published: date, future: bool
) -> tuple[str, Precision] | None:
    step = -1 if match.group("word").lower() == "yesterday" else 1
    return (published + timedelta(days=step)).isoformat(), "day"


def _shift_month(published: date, months: int) -> str:
    index = published.year * 12 + published.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _relative(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision]:
    step = {"last": -1, "this": 0, "next": 1}[match.group("which").lower()]
    unit = match.group("unit").lower()
    if unit == "year":
        return f"{published.year + step:04d}", "year"
    if unit == "month":
        return _shift_month(published, step), "month"
    moved = published + timedelta(weeks=step)
    return f"{moved.year:04d}-{moved.month:02d}", "month"


def _ago(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    count_text = match.group("count").lower()
    count = 1.0 if count_text in ("a", "an") else numbers.parse_number(count_text)
    if count is None or count != int(count) or count > 5000:
        return None
    n = int(count)
    unit = match.group("unit").lower()
    if unit in ("day", "week"):
        moved = published - timedelta(days=n * (7 if unit == "week" else 1))
        return moved.isoformat(), "day"
    if unit == "month":
        return _shift_month(published, -n), "month"
    years = n * (10 if unit == "decade" else 1)
    return f"{published.year - years:04d}", "year"


def _year(match: re.Match[str], published: date, future: bool) -> tuple[str, Precision] | None:
    year = int(match.group("year"))
    return (f"{year:04d}", "year") if 1000 <= year <= 2199 else None


_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(_LEAD + r"(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b"), _iso),
    (
        re.compile(
            _LEAD + _WEEKDAY_PREFIX + _DAY_WORD + r"\s+(?P<month>" + _MONTH + r"),?\s+"
            r"(?P<year>\d{4})\b"
        ),
        _day,
    ),
    (
        re.compile(
            _LEAD
            + _WEEKDAY_PREFIX
            + r"(?P<month>"
            + _MONTH
            + r")\s+(?P<day>\d{1,2})"
            + _ORD
            + r",?\s+(?P<year>\d{4})\b"
        ),
        _day,
    ),
    (
        re.compile(_LEAD + _WEEKDAY_PREFIX + _DAY_WORD + r"\s+(?P<month>" + _MONTH + r")(?!\w)"),
        _day,
    ),
    (
        re.compile(
            _LEAD
            + _WEEKDAY_PREFIX
            + r"(?P<month>"
            + _MONTH
            + r")\s+(?P<day>\d{1,2})"
            + _ORD
            + r"\b(?![,.]?\d)"
        ),
        _day,
    ),
    (
        re.compile(
            _LEAD + _QUALIFIER + r"(?P<month>" + _MONTH + r")(?:\s+of)?,?\s+(?P<year>\d{4})\b"
        ),
        _month,
    ),
    (
        re.compile(
            r"\b(?P<lead>(?i:in|by|during|from|between|before|after|until|till|through|since|"
            r"of|to|early|late|mid|last|next|this))[\s-]+"
            + _QUALIFIER
            + r"(?P<month>"
            + _FULL_MONTH
            + r")\b"
        ),
        _month,
    ),
    (re.compile(r"\b(?P<lead>(?i:on))\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b"), _nth),
    (
        re.compile(
            r"(?:\b(?P<lead>(?i:on))\s+)?(?:\b(?P<which>(?i:last|next|this))\s+)?(?P<weekday>"
            + _WEEKDAY
            + r")\b(?!s)"
        ),
        _weekday,
    ),
    (re.compile(r"(?i:\b(?P<word>yesterday|tomorrow)\b)"), _adjacent_day),
    (
        re.compile(
            r"(?i:\b(?<!the\s)(?:(?P<lead>early|earlier|late|later|mid)[\s-]+)?"
            r"(?P<which>last|this|next)\s+(?P<unit>year|month|week)\b)"
        ),
        _relative,
    ),
    (
        re.compile(r"(?i:\b" + _AGO_COUNT + r"\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b)"),
        _ago,
    ),
    (
        re.compile(
            _LEAD + r"(?<![\d$€£.,:/–—])(?<!\d-)\b(?P<year>\d{4})\b(?!s\b|[.,:]\d|%|[-–/]\d)"
        ),
        _year,
    ),
]


def find(
    sentence: str, published: date, *, future: Callable[[int, int], bool]
) -> list[DateMention]:
    """Every date expression in ``sentence`` (offsets into it), longest first where two
    overlap. ``future(start, end)`` says whether the date at that span is ahead of its
    statement, which places un-yeared months, days and weekdays."""
    taken: list[DateMention] = []
    for pattern, resolve in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if start == end or any(m.start < end and start < m.end for m in taken):
                continue
            try:
                resolved = resolve(match, published, future(start, end))
            except (OverflowError, ValueError):  # beyond the calendar: year 1 or 9999
                resolved = None
            if resolved is None:
                continue
            lead = match.groupdict().get("lead")
            taken.append(DateMention(start, end, *resolved, lead.lower() if lead else None))
    taken.sort(key=lambda m: m.start)
    return taken
