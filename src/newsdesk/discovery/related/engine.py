"""How related two articles are: signals blended with weights, and candidates found in memory.

Nothing here touches the database, so the worker, the full rebuild and the BASIL evaluation
(bench/related_eval.py) all score with exactly this code.

A signal compares two articles and gives a number in [0, 1] and, optionally, a reason a reader
can understand; a pair scoring under a signal's ``floor`` is not related at all. Every signal
must be symmetric (``score(a, b) == score(b, a)``): when an article changes, its score against
a neighbour is merged into that neighbour's stored list without recomputing the neighbour.

To add a signal, give `Features` the data, write or reuse a class below, and add it to
`DEFAULT_BLEND` with a weight measured on the evaluation.

Shared entities (people, organizations, places the knowledge layer found) are weighted by
inverse document frequency: two articles naming the same small think tank have more in common
than two naming "United States". The weights come from the whole corpus (`entity_idf`), so an
entity weighs the same in both articles and the signal stays symmetric.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from newsdesk.lib.similarity import cosine

# The shape of the index; bench/related_bench.py and bench/related_eval.py measured these.
VECTOR_TERMS = 64  # terms kept in an article's stored vector
POSTED_TERMS = 16  # of those, the heaviest go into the inverted index
QUERY_TERMS = 24  # terms of the article being matched that look up candidates
PER_TERM = 100  # postings read per term, heaviest first: caps a common term's cost
CANDIDATES = 60  # candidates scored exactly with the blend
STORED = 8  # related articles stored per article (the page shows fewer)


@dataclass(frozen=True)
class Features:
    """What the signals compare. ``published`` is in days since the epoch."""

    id: int
    vector: Mapping[int, float]
    topics: frozenset[int] = frozenset()
    published: float = 0.0
    # Entity id -> weight (entity_vector: by rarity, unit length), for the entities it names.
    entities: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """Why two articles are related: ``kind`` names the signal, ``ids`` what they share."""

    kind: str
    ids: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ids": list(self.ids)} if self.ids else {"kind": self.kind}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reason:
        return cls(str(data["kind"]), tuple(int(i) for i in data.get("ids", ())))


@dataclass(frozen=True)
class Match:
    id: int
    score: float
    reasons: tuple[Reason, ...] = ()


class Signal(Protocol):
    @property
    def floor(self) -> float: ...

    def score(self, a: Features, b: Features) -> float: ...

    def reason(self, a: Features, b: Features, score: float) -> Reason | None: ...


@dataclass(frozen=True)
class TextSignal:
    """Cosine of the BM25 vectors; "similar wording" is the reason of last resort.

    Articles that share no wording at all are not related, whatever their topics and dates:
    topics are broad, and many articles appear on the same day.
    """

    floor: float = 0.02
    reason_above: float = 0.1

    def score(self, a: Features, b: Features) -> float:
        return cosine(a.vector, b.vector)

    def reason(self, a: Features, b: Features, score: float) -> Reason | None:
        return Reason("wording") if score >= self.reason_above else None


@dataclass(frozen=True)
class OverlapSignal:
    """Jaccard overlap of a set attribute of `Features` (topics; later entities)."""

    kind: str
    floor: float = 0.0

    def shared(self, a: Features, b: Features) -> frozenset[int]:
        left: frozenset[int] = getattr(a, self.kind)
        right: frozenset[int] = getattr(b, self.kind)
        return left & right

    def score(self, a: Features, b: Features) -> float:
        shared = len(self.shared(a, b))
        if not shared:
            return 0.0
        return shared / len(getattr(a, self.kind) | getattr(b, self.kind))

    def reason(self, a: Features, b: Features, score: float) -> Reason | None:
        shared = self.shared(a, b) if score else frozenset()
        return Reason(self.kind, tuple(sorted(shared))) if shared else None


def entity_idf(documents: int, articles: int) -> float:
    """The weight of an entity named in ``articles`` of ``documents``: rarer weighs more."""
    return math.log(1.0 + max(documents, 1) / max(articles, 1))


def entity_vector(articles_naming: Mapping[int, int], documents: int) -> dict[int, float]:
    """Entity id -> weight, unit length, from how many articles name each entity."""
    weights = {e: entity_idf(documents, n) for e, n in articles_naming.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {e: w / norm for e, w in weights.items()} if norm else {}


@dataclass(frozen=True)
class EntitySignal:
    """Cosine of the articles' entity sets, each entity weighted by its rarity (entity_idf).

    The reason names the rarest shared entities, which say the most about the link.
    """

    floor: float = 0.0
    named: int = 3

    def shared(self, a: Features, b: Features) -> list[int]:
        return sorted(a.entities.keys() & b.entities.keys(), key=lambda e: (-a.entities[e], e))

    def score(self, a: Features, b: Features) -> float:
        return cosine(a.entities, b.entities) if a.entities and b.entities else 0.0

    def reason(self, a: Features, b: Features, score: float) -> Reason | None:
        shared = self.shared(a, b) if score else []
        return Reason("entities", tuple(shared[: self.named])) if shared else None


@dataclass(frozen=True)
class RecencySignal:
    """Closeness in publication time, halving every ``half_life_days`` apart.

    Closeness rather than freshness keeps the signal symmetric, and pieces about the same
    development tend to appear within days of each other.
    """

    half_life_days: float
    floor: float = 0.0

    def score(self, a: Features, b: Features) -> float:
        return float(0.5 ** (abs(a.published - b.published) / self.half_life_days))

    def reason(self, a: Features, b: Features, score: float) -> Reason | None:
        return None


@dataclass(frozen=True)
class Blend:
    """A weighted sum of signals; pairs scoring under ``minimum`` are not related."""

    signals: tuple[tuple[Signal, float], ...]
    minimum: float = 0.05

    def match(self, a: Features, b: Features) -> Match | None:
        total = 0.0
        scores = []
        for signal, weight in self.signals:
            score = signal.score(a, b)
            if score < signal.floor:
                return None
            scores.append(score)
            total += weight * score
        if total < self.minimum:
            return None
        reasons = (s.reason(a, b, x) for (s, _), x in zip(self.signals, scores, strict=True))
        return Match(b.id, round(total, 6), tuple(r for r in reasons if r is not None))

    def rank(self, a: Features, candidates: Iterable[Features], limit: int) -> list[Match]:
        """The best ``limit`` matches, best first; ties go to the lower (older) id."""
        matches = (self.match(a, b) for b in candidates if b.id != a.id)
        found = [m for m in matches if m is not None]
        return heapq.nsmallest(limit, found, key=lambda m: (-m.score, m.id))


# Chosen on half A of the BASIL triplets, where it ties with the best point of the grid in
# bench/related_eval.py; docs/benchmarks.md reports it on half B. Topics weigh little there
# (the evaluation's topics come from a keyword table); an editor's topics carry more meaning.
# Changing a weight changes every stored score: run `newsdesk manage related --rebuild`.
DEFAULT_BLEND = Blend(
    signals=(
        (TextSignal(), 0.6),
        (OverlapSignal("topics"), 0.05),
        (RecencySignal(half_life_days=30.0), 0.1),
        (EntitySignal(), 0.1),
    )
)


def heaviest(vector: Mapping[int, float], count: int) -> list[tuple[int, float]]:
    return heapq.nlargest(count, vector.items(), key=itemgetter(1))


def top_candidates(
    query: Iterable[tuple[int, float]],
    postings: Mapping[int, Iterable[tuple[int, float]]],
    *,
    exclude: int,
    limit: int = CANDIDATES,
) -> list[int]:
    """Articles with the highest partial dot product over the query's posted terms."""
    partial: dict[int, float] = {}
    get = partial.get
    for term, weight in query:
        for article_id, posted in postings.get(term, ()):
            partial[article_id] = get(article_id, 0.0) + weight * posted
    partial.pop(exclude, None)
    return [i for i, _ in heapq.nlargest(limit, partial.items(), key=itemgetter(1))]


class MemoryIndex:
    """The inverted index of the full rebuild and the evaluation, held in memory."""

    def __init__(self, features: Mapping[int, Features]) -> None:
        self.features = features
        lists: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for item in features.values():
            for term, weight in heaviest(item.vector, POSTED_TERMS):
                lists[term].append((item.id, weight))
        self.postings = {
            term: heapq.nlargest(PER_TERM, rows, key=itemgetter(1)) for term, rows in lists.items()
        }

    def candidates(self, item: Features) -> list[Features]:
        query = heaviest(item.vector, QUERY_TERMS)
        return [self.features[i] for i in top_candidates(query, self.postings, exclude=item.id)]

    def related(
        self, item: Features, blend: Blend = DEFAULT_BLEND, limit: int = STORED
    ) -> list[Match]:
        return blend.rank(item, self.candidates(item), limit)
