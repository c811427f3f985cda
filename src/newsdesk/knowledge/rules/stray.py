"""stray-fragment: a label, headline or web-page boilerplate left inside the body text.

Three shapes: a line that is a known label ("Advertisement", "Photo: ...", "Related:"); a
known boilerplate phrase anywhere ("Stay in the loop", "Click here to subscribe"); and a
short Title Case line with no closing punctuation that is not marked up as a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.knowledge.rules.base import Doc, finding, shorten
from newsdesk.knowledge.types import Finding

RULE = "stray-fragment"
_LABEL_LINE = re.compile(
    r"(?:advertisement|sponsored(?: content)?|read more|related(?: (?:stories|articles|coverage"
    r"|reading|content))?|see also|more on this story|share this (?:article|story|post|page)"
    r"|share on \w+|image caption|image copyright|image source|media caption|photo(?:graph)?"
    r"|picture|caption|credit|continue reading(?: below)?|story continues below"
    r"|skip advertisement|watch|listen|top stories|most read|recommended|you may also like"
    r")(?:\s*[:|].*|\s+[–—-]\s.*|\W*)",  # "Photo: ...", "Watch — ..."; not "Photo-finish"
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:Stay in the loop|Click here to \w+|Share this (?:article|story|post)"
    r"|Continue reading below|Story continues below|Sign up for our \w+(?: \w+)?"
    r"|Subscribe to our \w+|Skip advertisement|ADVERTISEMENT|Read more:|Image caption"
    r"|Image copyright|Get our \w+ newsletter|Follow us on \w+)"
)
_WORD = re.compile(r"[^\W\d_][\w’'.&-]*|\d[\w,.%]*")
# Short words Title Case leaves in lower case.
_MINOR_WORDS = "a an and as at but by for from in into nor of on or per the to vs via with"
_MINOR = frozenset(_MINOR_WORDS.split())
_CLOSING = tuple('.!?:;,"”’)…—–-')
MAX_TITLE_WORDS = 12


def check(doc: Doc) -> Iterator[Finding]:
    for block in doc.paragraphs:
        if block.kind != "paragraph":
            continue
        for line in doc.lines(block):
            if _LABEL_LINE.fullmatch(line.text):
                yield _stray(doc, line.start, line.end, "a web-page label")
            elif _title_case(line.text):
                yield _stray(doc, line.start, line.end, "a heading that is not marked up as one")
            else:
                for match in _BOILERPLATE.finditer(doc.text, line.start, line.end):
                    if _starts_word(doc.text, match.start()):
                        yield _stray(doc, match.start(), match.end(), "web-page boilerplate")


def _starts_word(text: str, at: int) -> bool:
    """Whether a phrase begins a word, or a word glued to the one before ("analysisStay")."""
    before = text[at - 1] if at else " "
    return not before.isalnum() or before.islower()


def _title_case(line: str) -> bool:
    """A short line whose every long word is capitalised, with no closing punctuation."""
    if line.endswith(_CLOSING) or len(line) > 100:
        return False
    words = _WORD.findall(line)
    if not 2 <= len(words) <= MAX_TITLE_WORDS or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words)


def _stray(doc: Doc, start: int, end: int, what: str) -> Finding:
    return finding(
        RULE,
        "error",
        f"“{shorten(doc.body[start:end], 60)}” reads like {what} left in the text: "
        "delete it, or make it a proper heading or caption.",
        doc.body,
        start,
        end,
    )
