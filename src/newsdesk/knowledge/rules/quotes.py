"""unbalanced-quotes: a quotation mark that opens or closes nothing, or faces the wrong way.

Read per paragraph, pairing marks on a stack so a quotation inside a quotation pairs up
whatever the marks' style. A straight mark opens when it starts a word and closes otherwise;
a curly mark says which way it faces, and one that faces against its place (” before a word,
“ after one) is reported as such and read the way its place says. News style lets a
quotation run over several paragraphs, each reopening with a mark and only the last closing
it: a paragraph left open is fine when the next one opens with a quotation mark (unless the
open quotation is a phrase starting in lower case), and the quotation it carries over may be
closed in any later paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from newsdesk.knowledge.markup import Block
from newsdesk.knowledge.rules.base import Doc, around, finding
from newsdesk.knowledge.types import Finding

RULE = "unbalanced-quotes"
_MARK = re.compile(r"[“”\"]")
_OPENS = re.compile(r"\s*[“\"]")
_FEET_INCHES = re.compile(r".*\d['’]\d{1,2}\"")  # 6'3" is a height, not a quotation
_BEFORE_OPENING = frozenset("([{—–-/")
_ELLIPSIS = re.compile(r"\s?(?:…|\.\.\.)")  # “ … what I learned”: a quotation cut at its start
_CARRIED = -1  # on the stack: a quotation opened in an earlier paragraph


@dataclass
class _Paragraph:
    opened: list[int]  # offsets of marks still open, _CARRIED for earlier paragraphs'
    lone: list[int] = field(default_factory=list)
    wrong: list[int] = field(default_factory=list)


def check(doc: Doc) -> Iterator[Finding]:
    paragraphs = doc.paragraphs
    carried = 0
    for index, block in enumerate(paragraphs):
        state = _read(doc, block, carried)
        continues = index + 1 < len(paragraphs) and _OPENS.match(
            doc.text, paragraphs[index + 1].start
        )
        unclosed = [at for at in state.opened if at != _CARRIED]
        if continues:
            # Only a quoted sentence runs on into the next paragraph; a quoted phrase opened
            # mid-sentence ("was "willing to...") and left open is a missing mark.
            unclosed = [at for at in unclosed if _phrase(doc.prose.text, at, block.end)]
        carried = len(state.opened) - len(unclosed) if continues else 0
        for at in sorted(set(state.lone + unclosed)):
            yield _lone(doc, at)
        for at in state.wrong:
            yield _wrong(doc, at)


def _read(doc: Doc, block: Block, carried: int) -> _Paragraph:
    state = _Paragraph(opened=[_CARRIED] * carried)
    # Marks are looked for where the text is prose, and their neighbours read as written
    # (an address next to a mark, blanked in doc.text, still starts or ends a word).
    text = doc.prose.text
    for match in _MARK.finditer(doc.text, block.start, block.end):
        at = match.start()
        if _FEET_INCHES.match(text, max(at - 4, 0), at + 1):
            continue
        opening, wrong = _direction(text, at, block.start)
        if wrong:
            state.wrong.append(at)
        if opening:
            state.opened.append(at)
        elif state.opened:
            state.opened.pop()
        elif not wrong:
            state.lone.append(at)
    return state


def _direction(text: str, at: int, block_start: int) -> tuple[bool, bool]:
    """Whether the mark at ``at`` opens a quotation, and whether it faces the wrong way."""
    before = text[at - 1] if at > block_start else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    starts_word = (before.isspace() or before in _BEFORE_OPENING) and (
        not after.isspace() or _ELLIPSIS.match(text, at + 1) is not None
    )
    ends_word = not before.isspace() and (after.isspace() or not after.isalnum())
    mark = text[at]
    if mark == '"':
        return starts_word, False
    if mark == "”" and starts_word and not ends_word:
        return True, True
    if mark == "“" and ends_word and not starts_word:
        return False, True
    return mark == "“", False


def _phrase(text: str, at: int, end: int) -> bool:
    """Whether the quotation opened at ``at`` starts in lower case: a phrase, not a sentence."""
    rest = text[at + 1 : min(end, at + 40)].lstrip()
    return rest[:1].islower()


def _lone(doc: Doc, at: int) -> Finding:
    side = "opening" if _direction(doc.prose.text, at, 0)[0] else "closing"
    return finding(
        RULE,
        "error",
        f"This {side} quotation mark has no partner in its paragraph: "
        "add the missing mark or remove this one.",
        doc.body,
        at,
        at + 1,
        excerpt=around(doc.body, at, at + 1),
    )


def _wrong(doc: Doc, at: int) -> Finding:
    right = "“" if doc.body[at] == "”" else "”"
    return finding(
        RULE,
        "error",
        f"This quotation mark faces the wrong way: replace “{doc.body[at]}” with “{right}”.",
        doc.body,
        at,
        at + 1,
        excerpt=around(doc.body, at, at + 1),
    )
