"""repeated-text: a paragraph or a sentence of some length that the body says twice.

Compared case- and spacing-insensitively; short sentences ("It did not.") repeat in good
prose, so only sentences of MIN_WORDS words or more count. The span is the second occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.knowledge.rules.base import Doc, finding
from newsdesk.knowledge.types import Finding

RULE = "repeated-text"
MIN_WORDS = 8
# Punctuation and quotation marks do not make two copies of a sentence different.
_IGNORED = str.maketrans("", "", "\"'“”‘’.,;:!?()[]—–-…")


def check(doc: Doc) -> Iterator[Finding]:
    seen_paragraphs: set[str] = set()
    seen_sentences: set[str] = set()
    for block in doc.paragraphs:
        key = _key(doc.text[block.start : block.end])
        if key is not None and key in seen_paragraphs:
            yield _repeat(doc, block.start, block.end, "paragraph")
            continue
        if key is not None:
            seen_paragraphs.add(key)
        for sentence in doc.sentences(block):
            key = _key(sentence.text)
            if key is None:
                continue
            if key in seen_sentences:
                yield _repeat(doc, sentence.start, sentence.end, "sentence")
            seen_sentences.add(key)


def _key(text: str) -> str | None:
    words = text.casefold().translate(_IGNORED).split()
    return " ".join(words) if len(words) >= MIN_WORDS else None


def _repeat(doc: Doc, start: int, end: int, what: str) -> Finding:
    return finding(
        RULE,
        "error",
        f"This {what} appears earlier in the article word for word: delete one of the copies.",
        doc.body,
        start,
        end,
    )
