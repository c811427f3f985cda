"""Text similarity: terms of a text, BM25-weighted vectors, cosine. No Django here.

A vector keeps only its ``keep`` heaviest terms and is scaled to unit length after that cut,
so the cosine of two stored vectors lies in [0, 1] and costs at most ``keep`` lookups.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import snowballstemmer  # type: ignore[import-untyped]

T = TypeVar("T", bound=Hashable)

# Words that say nothing about what a text is about, including the reporting verbs and
# honorifics of news prose ("said", "mr"), which would otherwise tie every article together.
_STOPWORDS = """
a about above after again against ago all almost also although always am among an and
another any are around as at be became because been before being below between both but by
can cannot could did do does doing done down during each either else even ever every few for
from further get gets got had has have having he her here hers herself him himself his how
however i if in into is it its itself just last least less like made make many may me might
more most much must my myself neither never new no nor not now of off often on once one only
or other others our ours ourselves out over own per put rather said same say says see seen
several she should since so some still such than that the their theirs them themselves then
there these they this those though three through thus to too two under until up upon us very
via was we well were what when where whether which while who whom whose why will with within
without would yet you your yours yourself yourselves mr mrs ms dr according told tell asked
including week weeks month months year years day days time times way ways people thing
things lot lots really yes going
"""
STOPWORDS = frozenset(_STOPWORDS.split())
FIELD_BOOST = {"title": 3, "dek": 2, "body": 1}
# A link's target and a bare URL are addresses, not words of the text.
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_STEMMER = snowballstemmer.stemmer("english")


# Word -> its term ("" for a stopword). A corpus repeats a few tens of thousands of words
# millions of times, so each word is stemmed once; the bound keeps hostile input from growing
# the table without end.
_TERM_OF: dict[str, str] = {}
_TERM_CACHE_SIZE = 500_000


def stem(word: str) -> str:
    # English Snowball: "charges", "charged", "charging" meet at "charg".
    result: str = _STEMMER.stemWord(word)
    return result


def _term_of(word: str) -> str:
    word = word.replace("’", "'").removesuffix("'s")
    if len(word) < 2 or word in STOPWORDS:
        return ""
    return stem(word)


def terms(text: str) -> list[str]:
    """Lowercased, stemmed words of ``text`` (Markdown or plain), without stopwords."""
    out = []
    known = _TERM_OF
    for word in _WORD.findall(_LINK_TARGET.sub(" ", text).lower()):
        term = known.get(word)
        if term is None:
            term = _term_of(word)
            if len(known) < _TERM_CACHE_SIZE:
                known[word] = term
        if term:
            out.append(term)
    return out


def field_counts(title: str, dek: str, body: str) -> Counter[str]:
    """Term counts of an article, its title and dek counting several times over its body."""
    counts: Counter[str] = Counter()
    for field, text in (("title", title), ("dek", dek), ("body", body)):
        boost = FIELD_BOOST[field]
        for term, count in Counter(terms(text)).items():  # Counter counts in C
            counts[term] += count * boost
    return counts


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    average_length: float


def idf(df: int, documents: int) -> float:
    """BM25's inverse document frequency, kept positive for terms in most documents."""
    df = min(max(df, 0), documents)
    return math.log(1.0 + (documents - df + 0.5) / (df + 0.5))


def bm25_vector(
    counts: Mapping[T, int],
    df: Callable[[T], int],
    stats: CorpusStats,
    *,
    keep: int,
    k1: float = 1.2,
    b: float = 0.75,
) -> dict[T, float]:
    """The ``keep`` heaviest BM25 term weights of a document, scaled to unit length."""
    length = sum(counts.values())
    average = stats.average_length if stats.average_length > 0 else float(max(length, 1))
    norm = k1 * (1.0 - b + b * length / average)
    documents = max(stats.documents, 1)
    weights = (
        (term, idf(df(term), documents) * tf * (k1 + 1.0) / (tf + norm))
        for term, tf in counts.items()
    )
    top = heapq.nlargest(keep, weights, key=itemgetter(1))
    size = math.sqrt(sum(w * w for _, w in top))
    if size == 0.0:
        return {}
    return {term: w / size for term, w in top}


def cosine(a: Mapping[T, float], b: Mapping[T, float]) -> float:
    """Dot product of two unit-length vectors."""
    # The key intersection runs in C; only shared terms reach Python.
    return sum([a[t] * b[t] for t in a.keys() & b.keys()])


def shared_terms(a: Mapping[T, float], b: Mapping[T, float], limit: int) -> list[T]:
    """The terms that add most to the cosine of ``a`` and ``b``, heaviest first."""
    common: Iterable[tuple[T, float]] = ((t, w * b[t]) for t, w in a.items() if t in b)
    return [t for t, _ in heapq.nlargest(limit, common, key=itemgetter(1))]
