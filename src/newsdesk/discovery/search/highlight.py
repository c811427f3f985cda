"""Snippets and highlighting: escaped text with the reader's words wrapped in <mark>.

The same code serves both backends, so results look alike whichever database answers. Words
match by their Snowball English stem, as the index does ("subsidies" marks "subsidy"). Only
words that begin like a query word are stemmed, so a long body costs one regex scan.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

SNIPPET_CHARS = 220
CONTEXT_CHARS = 40  # before the first match in a snippet
_STEMMER = snowballstemmer.stemmer("english")
_SPACE = re.compile(r"\s")

Match = tuple[int, int, str]  # start, end, stem


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word.lower()))


@lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern[str]:
    # A stem is a prefix of the words it comes from but for its last letter ("spi" from
    # "spy", "happi" from "happy"): up to three letters before that are a safe common start.
    starts = sorted({s[: max(1, min(3, len(s) - 1))] for s in stems}, key=len, reverse=True)
    alternatives = "|".join(re.escape(start) for start in starts)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _matches(text: str, words: Iterable[str]) -> list[Match]:
    stems = frozenset(stem(word) for word in words if word)
    if not stems:
        return []
    found = []
    for match in _candidates(stems).finditer(text):
        word_stem = stem(match.group())
        if word_stem in stems:
            found.append((match.start(), match.end(), word_stem))
    return found


def highlight(text: str, words: Iterable[str]) -> str:
    """All of ``text``, escaped, with every matching word marked."""
    return _render(text, 0, len(text), _matches(text, words))


def snippet(text: str, words: Iterable[str], size: int = SNIPPET_CHARS) -> str:
    """About ``size`` characters of ``text`` around the most different matching words."""
    if not text:
        return ""
    matches = _matches(text, words)
    start = _best_start(matches, size)
    begin = start if start == 0 else _next_word(text, start)
    finish = len(text) if start + size >= len(text) else _previous_space(text, start + size)
    inside = [m for m in matches if begin <= m[0] and m[1] <= finish]
    body = _render(text, begin, finish, inside)
    return ("… " if begin > 0 else "") + body + (" …" if finish < len(text) else "")


def _best_start(matches: list[Match], size: int) -> int:
    best, best_score = 0, 0
    for first, _, _ in matches[:200]:
        start = max(0, first - CONTEXT_CHARS)
        window = {m[2] for m in matches if start <= m[0] and m[1] <= start + size}
        if len(window) > best_score:
            best, best_score = start, len(window)
    return best


def _next_word(text: str, position: int) -> int:
    found = _SPACE.search(text, position)
    return found.end() if found else position


def _previous_space(text: str, position: int) -> int:
    cut = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position))
    return cut if cut > 0 else position


def _render(text: str, begin: int, finish: int, matches: list[Match]) -> str:
    out: list[str] = []
    cursor = begin
    for start, end, _ in matches:
        if start < begin or end > finish:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    return "".join(out)
