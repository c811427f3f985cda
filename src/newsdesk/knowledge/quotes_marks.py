"""Quoted passages: pairing quotation marks across an article, paragraph conventions included.

A passage runs from its opening mark to its closing mark, both included. Curly marks say which
way they face; a straight mark opens when it follows a space, the start of a block or an opening
bracket or dash, and closes otherwise. A mark that opens inside an open passage nests (a quote
within a quote) and its closing mark does not end the outer passage.

News convention for a quote running over several paragraphs: each paragraph but the last opens
the quote and leaves it open, and the next paragraph reopens it. So a passage still open at the
end of a block continues when the next block starts with an opening mark; otherwise its marks
are unbalanced and it is dropped (the editorial checks report unbalanced marks, not us).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.knowledge.markup import Block

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT
# Two apostrophes stand for a straight double mark in text typed for TeX or old wire systems.
DOUBLE_APOSTROPHE = "''"
_BEFORE_OPENING = " \t\n([{—–-/"
_PROSE_BLOCKS = ("paragraph", "item", "quote")


@dataclass(frozen=True)
class Passage:
    start: int  # the opening mark
    end: int  # just past the closing mark
    paragraphs: int  # how many blocks it spans


def has_mark(text: str) -> bool:
    return any(m in text for m in MARKS) or DOUBLE_APOSTROPHE in text


def is_opening(prose: str, at: int, block_start: int, outside: bool = False) -> bool:
    """Whether the mark at ``at`` opens a passage; ``outside``: no passage is open, where a
    closing curly mark after a space is a typist's opening one."""
    mark = prose[at]
    after_space = at == block_start or prose[at - 1] in _BEFORE_OPENING
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return outside and after_space and at + 1 < len(prose) and not prose[at + 1].isspace()
    return after_space


def _width(prose: str, at: int) -> int:
    """The length of the quotation mark at ``at``, 0 when there is none."""
    if prose[at] in MARKS:
        return 1
    if prose.startswith(DOUBLE_APOSTROPHE, at) and prose[at + 2 : at + 3] != "'":
        return 2 if at == 0 or prose[at - 1] != "'" else 0
    return 0


def passages(prose: str, blocks: list[Block]) -> list[Passage]:
    found: list[Passage] = []
    blocks = [b for b in blocks if b.kind in _PROSE_BLOCKS]
    start: int | None = None
    depth = 0
    paragraphs = 0
    for index, block in enumerate(blocks):
        if start is not None:
            paragraphs += 1
        skip_to = block.start
        for at in range(block.start, block.end):
            width = _width(prose, at) if at >= skip_to else 0
            if not width:
                continue
            skip_to = at + width
            opening = is_opening(prose, at, block.start, outside=start is None)
            if start is None:
                if opening:
                    start, depth, paragraphs = at, 0, 1
            elif opening and at == block.start and paragraphs > 1 and depth == 0:
                continue  # the reopening mark of a continued paragraph
            elif opening:
                depth += 1
            elif depth:
                depth -= 1
            else:
                found.append(Passage(start, at + width, paragraphs))
                start = None
        if start is not None and not _reopens(prose, blocks, index):
            start = None
    return found


def _reopens(prose: str, blocks: list[Block], index: int) -> bool:
    if index + 1 >= len(blocks):
        return False
    following = blocks[index + 1]
    at = following.start
    return following.end > at and bool(_width(prose, at)) and is_opening(prose, at, at, True)
