"""What every rule reads: the body as prose, its blocks and sentences, and a finding maker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from newsdesk.knowledge import markup
from newsdesk.knowledge.types import Finding, Severity

_CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1")
# What gives away a token that is no prose: a web or mail address, a bare domain, a handle or
# hashtag. The whole whitespace-delimited token around it is blanked in ``Doc.text``. (Looking
# for these few anchors and widening is several times faster than one pattern tried at every
# position of the text.)
_NOT_PROSE = re.compile(r"://|www\.|[@#]\w|\.(?:com|org|net|gov|edu|io|co|uk|de|fr|info|ly|me)\b")
_TOKEN_END = re.compile(r"\S*")
_AROUND = frozenset("\"“”‘’'()[],.;:!?")
# A sentence ends at a full stop, question or exclamation mark, with any closing quote or
# bracket after it, followed by white space.
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s)")
EXCERPT = 80
Field = Literal["body", "title", "dek"]


def _blank_tokens(text: str) -> str:
    parts: list[str] = []
    done = 0
    for match in _NOT_PROSE.finditer(text):
        if match.start() < done:
            continue
        space = max(text.rfind(" ", done, match.start()), text.rfind("\n", done, match.start()))
        start = space + 1 if space >= 0 else done
        token = _TOKEN_END.match(text, match.start())
        end = token.end() if token else match.end()
        # Quotation marks and punctuation around an address still belong to the prose.
        while start < match.start() and text[start] in _AROUND:
            start += 1
        while end > match.end() and text[end - 1] in _AROUND:
            end -= 1
        parts += [text[done:start], " " * (end - start)]
        done = end
    return "".join([*parts, text[done:]]) if parts else text


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str


def _unit(text: str, start: int, end: int) -> Unit | None:
    """The stripped text between two offsets, or None if there is none."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = start + len(piece) - len(piece.lstrip())
    return Unit(left, left + len(stripped), stripped)


@dataclass
class Doc:
    body: str
    title: str
    dek: str

    @cached_property
    def prose(self) -> markup.Prose:
        return markup.prose(self.body)

    @cached_property
    def text(self) -> str:
        """The prose with non-prose (code spans, addresses) blanked; offsets as in the body."""
        text = self.prose.text
        # prose() blanks a code span's backticks but keeps its contents: find them in the body.
        spans = [m.span() for m in _CODE_SPAN.finditer(self.body)] if "`" in self.body else []
        if spans:
            parts: list[str] = []
            at = 0
            for start, end in spans:
                parts += [text[at:start], " " * (end - start)]
                at = end
            text = "".join([*parts, text[at:]])
        return _blank_tokens(text)

    @cached_property
    def paragraphs(self) -> list[markup.Block]:
        """Running text: paragraphs (block quotes included) and list items."""
        return [b for b in self.prose.blocks if b.kind in ("paragraph", "item")]

    def sentences(self, block: markup.Block) -> Iterator[Unit]:
        text = self.text
        at = block.start
        for match in _SENTENCE_END.finditer(text, block.start, block.end):
            if unit := _unit(text, at, match.end()):
                yield unit
            at = match.end()
        if unit := _unit(text, at, block.end):
            yield unit

    def lines(self, block: markup.Block) -> Iterator[Unit]:
        """The block's lines, stripped, as they read in prose."""
        at = block.start
        while at < block.end:
            stop = self.text.find("\n", at, block.end)
            stop = block.end if stop < 0 else stop
            if unit := _unit(self.text, at, stop):
                yield unit
            at = stop + 1


def shorten(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def around(source: str, start: int, end: int, width: int = 30) -> str:
    """The words on either side of a span, for an excerpt that shows where it is."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    left = max(line_start, start - width)
    right = min(line_end, end + width)
    if left > line_start and (space := source.find(" ", left, start)) >= 0:
        left = space + 1
    if right < line_end and (space := source.rfind(" ", end, right)) >= 0:
        right = space
    return " ".join(source[left:right].split())


def finding(
    rule: str,
    severity: Severity,
    message: str,
    source: str,
    start: int,
    end: int,
    *,
    field: Field = "body",
    excerpt: str | None = None,
) -> Finding:
    excerpt = shorten(source[start:end]) if excerpt is None else shorten(excerpt)
    return Finding(rule, severity, message, excerpt, start, end, field)
