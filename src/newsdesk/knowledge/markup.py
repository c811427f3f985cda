"""Markdown to prose, offset for offset.

The extractors read prose, but every span they report must point into the Markdown the editor
wrote. So instead of rendering, ``prose()`` blanks the markup out: the result has exactly the
length of the source, with markup characters turned into spaces and prose left where it was.
It also reports the blocks (paragraphs, headings, list items...) so sentences never run across
a block boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "item", "quote", "code", "table", "html"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int  # offsets of the block's prose in the source, markers excluded
    end: int
    level: int = 0  # heading level, 1-6


@dataclass(frozen=True)
class Prose:
    text: str  # same length as the source
    blocks: list[Block]


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE = re.compile(r"^[ \t]*\|")
_HTML_BLOCK = re.compile(r"^ {0,3}<(?:/?[a-zA-Z][\w-]*|!--)")

# Inline markup, blanked in this order. Link and image targets go entirely; link text stays.
_INLINE = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images: no prose
    re.compile(r"(?<![\w\\])\[(?=[^\]\n]*\][(\[])"),  # a link's opening bracket
    re.compile(r"\]\([^)\n]*\)"),  # the "](url)" half of a link
    re.compile(r"\]\[[^\]\n]*\]"),  # reference links
    re.compile(r"</?[a-zA-Z][^<>\n]*>"),  # inline HTML tags
    re.compile(r"\[\^[^\]\n]+\]"),  # footnote references
    re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])"),
    re.compile(r"(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])"),
    re.compile(r"`+"),
    re.compile(r"~~"),
    re.compile(r"\\(?=[^\w\s])"),  # backslash escapes
]


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def prose(source: str) -> Prose:
    out: list[str] = []
    blocks: list[Block] = []
    offset = 0
    in_fence = False
    paragraph_start: int | None = None
    paragraph_end = 0

    def close_paragraph() -> None:
        nonlocal paragraph_start
        if paragraph_start is not None:
            blocks.append(Block("paragraph", paragraph_start, paragraph_end))
            paragraph_start = None

    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        eol = line[len(body) :]
        start = offset
        offset += len(line)
        if _FENCE.match(body) or in_fence:
            close_paragraph()
            in_fence = in_fence != bool(_FENCE.match(body))
            out.append(" " * len(body) + eol)
            continue
        if _SETEXT.match(body) and paragraph_start is not None:
            # The paragraph just read was a heading all along.
            level = 1 if body.strip().startswith("=") else 2
            blocks.append(Block("heading", paragraph_start, paragraph_end, level))
            paragraph_start = None
            out.append(" " * len(body) + eol)
            continue
        if not body.strip() or _RULE.match(body):
            close_paragraph()
            out.append(" " * len(body) + eol)
            continue
        kind: BlockKind | None = None
        level = 0
        marker = 0
        if m := _HEADING.match(body):
            kind, level, marker = "heading", len(m.group(1)), m.end()
            body = re.sub(r"[ \t]+#+[ \t]*$", lambda x: " " * len(x.group(0)), body)
        elif m := _QUOTE.match(body):
            kind, marker = "quote", m.end()
            if rest := _ITEM.match(body[marker:]):
                kind, marker = "item", marker + rest.end()
        elif m := _ITEM.match(body):
            kind, marker = "item", m.end()
        elif _TABLE.match(body):
            kind = "table"
            body = body.replace("|", " ")
            if re.fullmatch(r"[\s:\-]*", body):
                body = " " * len(body)
        elif _HTML_BLOCK.match(body) and paragraph_start is None:
            kind = "html"
        text = " " * marker + body[marker:]
        for pattern in _INLINE:
            text = pattern.sub(_blank, text)
        out.append(text + eol)
        first = start + marker + (len(text) - marker - len(text[marker:].lstrip()))
        last = start + len(text.rstrip())
        if kind is None or kind == "quote":
            if paragraph_start is None:
                paragraph_start = first
            paragraph_end = max(last, first)
            continue
        close_paragraph()
        if last > first:
            blocks.append(Block(kind, first, last, level))
    close_paragraph()
    return Prose("".join(out), blocks)
