"""How stored extractions read on a page: numbers, dates at their precision, short sentences.

Pure functions over stored values, so the pages and the API say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol
from urllib.parse import quote as percent_encode

from newsdesk.knowledge.markup import prose

SUMMARY_CHARS = 160
CONTEXT_CHARS = 320
FRAGMENT_WORDS = 4
_QUOTE_MARKS = "\"'“”‘’«»„"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)])")


class FigureLike(Protocol):
    value: float
    unit: str
    previous: float | None
    previous_period: str
    period: str


def number(value: float) -> str:
    """63, 1,250, 4.5, 0.25: thousands separated, no needless decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float, unit: str) -> str:
    if unit in {"%", "percent", "per cent"}:
        return f"{number(value)}%"
    return f"{number(value)} {unit}".strip()


def change(figure: FigureLike) -> str:
    """ "from 48 in 2023 to 12 in 2024" for a figure with an earlier value."""
    if figure.previous is None:
        return ""
    earlier = number(figure.previous)
    if figure.previous_period:
        earlier += f" in {figure.previous_period}"
    later = number(figure.value)
    if figure.period and figure.previous_period:
        later += f" in {figure.period}"
    return f"from {earlier} to {later}"


def when(date: dt.date, precision: str) -> str:
    """8 December 2024, November 2024 or 2019, as precise as the article was."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{date:%B} {date.year}"
    return f"{date.day} {date:%B} {date.year}"


def plain(markdown: str) -> str:
    """Markdown as one line of plain text: markup dropped, whitespace collapsed."""
    return _tidy(prose(markdown).text)


def _tidy(text: str) -> str:
    # Blanked markup ("[2024](url).") leaves spaces where the reader expects none.
    return _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(text.split()))


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return f"{cut}…"


def sentence_around(body: str, start: int, end: int, fallback: str) -> str:
    """The plain-text sentence of ``body`` that holds ``body[start:end]``.

    ``fallback`` (the stored span text) stands in when the body changed since extraction.
    """
    if not 0 <= start < end <= len(body) or body[start:end] != fallback:
        return shorten(plain(fallback), CONTEXT_CHARS)
    first, last = _block_around(body, start, end)
    text = prose(body[first:last]).text
    left, right = start - first, end - first
    opening = 0
    for match in _SENTENCE_END.finditer(text, 0, left):
        opening = match.end()
    closing = _SENTENCE_END.search(text, right)
    sentence = text[opening : closing.end() if closing else len(text)]
    return shorten(_tidy(sentence), CONTEXT_CHARS)


def _block_around(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph holding the span; only its row when the span sits in a table."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    if body[line_start:line_end].lstrip().startswith("|"):
        return line_start, line_end
    # Sentences never cross a blank line; reading one paragraph keeps this cheap on long bodies.
    first = body.rfind("\n\n", 0, start)
    first = 0 if first < 0 else first + 2
    last = body.find("\n\n", end)
    return first, len(body) if last < 0 else last


def in_table(body: str, start: int) -> bool:
    line_start = body.rfind("\n", 0, start) + 1
    return body[line_start : line_start + 4].lstrip().startswith("|")


def quote_text(text: str) -> str:
    """A quote as plain text without the quotation marks around it (templates add their own)."""
    return plain(text).strip(_QUOTE_MARKS + " ")


def role_label(role: str, organization: str) -> str:
    if role and organization:
        return f"{role}, {organization}"
    return role or organization


def text_fragment(text: str) -> str:
    """A URL fragment (``#:~:text=start,end``) that scrolls a browser to this passage.

    Browsers that do not know text fragments simply open the page at the top.
    """
    words = quote_text(text).split()
    if not words:
        return ""
    if len(words) <= 2 * FRAGMENT_WORDS:
        return f"#:~:text={_encode(' '.join(words))}"
    head = " ".join(words[:FRAGMENT_WORDS])
    tail = " ".join(words[-FRAGMENT_WORDS:]).rstrip(".,;:!?" + _QUOTE_MARKS)
    return f"#:~:text={_encode(head)},{_encode(tail)}"


def _encode(words: str) -> str:
    # "-", "," and "&" delimit a text directive's parts, so they must be escaped too.
    return percent_encode(words.strip(_QUOTE_MARKS), safe="").replace("-", "%2D")
