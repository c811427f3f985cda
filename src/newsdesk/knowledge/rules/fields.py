"""title-length, dek-length and heading-order: the article's outline rather than its sentences."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.knowledge.rules.base import Doc, finding
from newsdesk.knowledge.types import Finding

TITLE_MAX = 110
DEK_MAX = 200


def title_length(doc: Doc) -> Iterator[Finding]:
    title = doc.title
    if not title.strip():
        yield finding(
            "title-length",
            "error",
            "The title is empty: every article needs a headline.",
            title,
            0,
            len(title),
            field="title",
            excerpt="",
        )
    elif len(title) > TITLE_MAX:
        yield finding(
            "title-length",
            "warning",
            f"The title is {len(title)} characters long: cut it to {TITLE_MAX} or fewer "
            "so it fits in listings and search results.",
            title,
            TITLE_MAX,
            len(title),
            field="title",
        )


def dek_length(doc: Doc) -> Iterator[Finding]:
    dek = doc.dek
    if not dek.strip():
        yield finding(
            "dek-length",
            "warning",
            "The dek is empty: add a one-sentence summary under the headline.",
            dek,
            0,
            len(dek),
            field="dek",
            excerpt="",
        )
    elif len(dek) > DEK_MAX:
        yield finding(
            "dek-length",
            "warning",
            f"The dek is {len(dek)} characters long: cut it to {DEK_MAX} or fewer.",
            dek,
            DEK_MAX,
            len(dek),
            field="dek",
        )


def heading_order(doc: Doc) -> Iterator[Finding]:
    """A heading more than one level below the one before it; the title counts as level 1."""
    previous = 1
    for block in doc.prose.blocks:
        if block.kind != "heading":
            continue
        if block.level > previous + 1:
            line_start = doc.body.rfind("\n", 0, block.start) + 1
            start = line_start
            while doc.body[start] in " \t":
                start += 1
            yield finding(
                "heading-order",
                "warning",
                f"This level-{block.level} heading follows a level-{previous} one, skipping "
                f"a level: make it level {previous + 1}.",
                doc.body,
                start,
                block.end,
            )
        previous = block.level
