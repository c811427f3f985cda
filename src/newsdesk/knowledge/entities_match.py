"""Finding known names in prose, in time linear in the text.

One regular expression with every name as an alternative is simple, but Python's engine tries
each alternative at each word, so a long article with thousands of names costs their product.
Here each whitespace-separated chunk of the prose is looked up by its possible first words
(``"Doe's,"`` may begin with "Doe", "Doe's" or "Doe's,"), and only the names beginning with
one of them are compared, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_CHUNK = re.compile(r"\S+")
_WORD_CHAR = re.compile(r"[\w-]")
_NOT_WORD_CHAR = re.compile(r"[^\w-]")
_SPACE = re.compile(r"[ \t\r\n]+")
# What may open a chunk before a name: brackets, quotes, dashes, blanked markup.
_OPENERS = "([{\"“‘'«„—–-*_/"


class Matcher:
    def __init__(self, names: Iterable[str]) -> None:
        self.by_first: dict[str, list[list[str]]] = {}
        for name in set(names):
            words = name.split()
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        self.longest = max(map(len, self.by_first), default=0)
        self.initials = {word[0] for word in self.by_first}
        for candidates in self.by_first.values():
            candidates.sort(key=lambda words: (len(words), len(" ".join(words))), reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def finditer(self, prose: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each known name in prose[start:end], as whole words, left to
        right, the longest where several begin at one place."""
        after = start
        for chunk in _CHUNK.finditer(prose, start, end):
            at = chunk.start()
            while at < chunk.end() and prose[at] in _OPENERS:
                at += 1
            if at < after or at >= chunk.end() or prose[at] not in self.initials:
                continue
            found = self._match(prose, at, chunk.end(), end)
            if found is not None:
                after = found[1]
                yield found

    def _match(self, prose: str, at: int, chunk_end: int, end: int) -> tuple[int, int, str] | None:
        best: tuple[int, int, str] | None = None
        # A first word ends where a word does: "Doe" in "Doe's", not "Do".
        limit = at + self.longest
        cuts = [
            m.start() for m in _NOT_WORD_CHAR.finditer(prose, at + 1, min(chunk_end, limit + 1))
        ]
        if chunk_end <= limit:
            cuts.append(chunk_end)
        for cut in reversed(cuts):
            for words in self.by_first.get(prose[at:cut], ()):
                stop = _follow(prose, cut, words[1:], end)
                if stop is not None and (best is None or stop > best[1]):
                    best = (at, stop, " ".join(words))
        return best


def _is_word_char(prose: str, at: int) -> bool:
    return 0 <= at < len(prose) and _WORD_CHAR.match(prose, at) is not None


def _follow(prose: str, at: int, words: list[str], end: int) -> int | None:
    """Where ``words`` end if they follow prose[at] (each after whitespace), else None."""
    for word in words:
        space = _SPACE.match(prose, at, end)
        if space is None or not prose.startswith(word, space.end()):
            return None
        at = space.end() + len(word)
    if at > end or _is_word_char(prose, at):
        return None
    return at
