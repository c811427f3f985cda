"""Web-search syntax, parsed into a small tree that each backend renders in its own dialect.

Readers type what they type into search boxes elsewhere: words, "exact phrases", -exclusions
and OR. Nothing they type reaches a database as query syntax: every word is reduced to letters
and digits here, and the backends quote each one, so quotes left open, stray operators or
SQL fragments can only ever become words (or nothing).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A 10 KB query costs no more than this: the rest is ignored.
MAX_QUERY_CHARS = 256
MAX_TERMS = 12
MAX_WORD_CHARS = 60

# Letters and digits of any script; everything else separates words.
WORD = re.compile(r"[^\W_]+")
# A token of the raw query: a quoted phrase (closed or running to the end), or a bare chunk.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

# Function words that match nearly every article. They are dropped outside phrases, as
# PostgreSQL's English configuration does, so both backends agree and a query of "the" is
# answered at once instead of ranking the whole archive.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with you your yours yourself
    yourselves""".split()  # noqa: SIM905  (a paragraph of words reads better than a list)
)


@dataclass(frozen=True)
class Term:
    """A word, or several that must appear side by side (a quoted phrase, or "counter-terror")."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def text(self) -> str:
        joined = " ".join(self.words)
        return f'"{joined}"' if self.is_phrase else joined


@dataclass(frozen=True)
class Query:
    """Every group must match; a group matches when any of its terms does; no exclusion may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.groups)

    def words(self) -> list[str]:
        """The words a reader looks for, in order, without repeats (for highlighting)."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                seen.update(dict.fromkeys(term.words))
        return list(seen)

    def text(self) -> str:
        """The query as it was understood, in the syntax it was typed in."""
        parts = [" OR ".join(term.text() for term in group) for group in self.groups]
        parts += [f"-{term.text()}" for term in self.excluded]
        return " ".join(parts)


def normalize(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_CHARS * 2])
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        # Not in the middle of a word, when there is a space to stop at.
        text = cut.rsplit(None, 1)[0] if not text[MAX_QUERY_CHARS].isspace() and " " in cut else cut
    # Typographic quotes count as quotes: phones type them.
    return text.translate({0x201C: '"', 0x201D: '"', 0x201E: '"', 0x00AB: '"', 0x00BB: '"'})


def _term(chunk: str, *, phrase: bool) -> Term | None:
    words = [w.lower()[:MAX_WORD_CHARS] for w in WORD.findall(chunk)]
    if len(words) == 1 or phrase:
        # Stop words inside a phrase keep their place ("state of emergency"); at its ends they
        # add nothing but the cost of reading their enormous position lists. A bare chunk of
        # several words ("counter-terrorism") is one idea, its parts side by side.
        while words and words[0] in STOPWORDS:
            words.pop(0)
        while words and words[-1] in STOPWORDS:
            words.pop()
    return Term(tuple(words)) if words else None


def parse(raw: str) -> Query:
    text = normalize(raw)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # the previous token was OR
    for match in _TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(quoted if quoted is not None else bare, phrase=quoted is not None)
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    distinct = len(set(map(tuple, groups))) + len(excluded)
    truncated = len(raw) > MAX_QUERY_CHARS or distinct > MAX_TERMS
    kept = list(dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups))[:MAX_TERMS]
    return Query(
        groups=tuple(kept),
        excluded=tuple(dict.fromkeys(excluded))[: max(0, MAX_TERMS - len(kept))],
        truncated=truncated,
    )
