"""Vectors and related lists for a whole corpus at once, in memory (no database here).

The full rebuild feeds it the published articles; the evaluation feeds it BASIL and its
distractors. Document frequencies are counted exactly over the documents given, which is how a
rebuild refreshes the statistics that incremental updates let drift.
"""

from __future__ import annotations

import multiprocessing
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newsdesk.discovery.related import engine
from newsdesk.lib.similarity import CorpusStats, bm25_vector, field_counts

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Document:
    id: int
    title: str
    dek: str
    body: str
    topics: frozenset[int] = frozenset()
    published: float = 0.0  # days since the epoch
    entities: frozenset[int] = frozenset()  # the entities it names (knowledge.Entity ids)


class Vocabulary:
    """Terms numbered in order of appearance, with the number of documents holding each."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df: array[int] = array("I")

    def terms(self) -> list[str]:
        return list(self.ids)  # dicts keep insertion order: position == id

    def count(self, document: Document) -> tuple[array[int], array[int], int]:
        """The document's term ids and their counts, and its length; counts it in df."""
        counts = field_counts(document.title, document.dek, document.body)
        ids, tfs = array("I"), array("I")
        for term, tf in counts.items():
            term_id = self.ids.setdefault(term, len(self.ids))
            if term_id == len(self.df):
                self.df.append(0)
            self.df[term_id] += 1
            ids.append(term_id)
            tfs.append(tf)
        return ids, tfs, sum(tfs)


@dataclass
class Built:
    vocabulary: Vocabulary
    stats: CorpusStats
    total_length: int
    features: dict[int, engine.Features]


def build(documents: Iterable[Document], progress: Progress | None = None) -> Built:
    """Count every document, then weigh each against the finished statistics."""
    vocabulary = Vocabulary()
    counted: list[tuple[Document, array[int], array[int]]] = []
    naming: Counter[int] = Counter()  # entity id -> articles that name it
    total = 0
    for document in documents:
        ids, tfs, length = vocabulary.count(document)
        # The body is not needed any more; keep the counts only.
        meta = Document(
            document.id, "", "", "", document.topics, document.published, document.entities
        )
        counted.append((meta, ids, tfs))
        naming.update(document.entities)
        total += length
        if progress:
            progress(1)
    stats = CorpusStats(len(counted), total / len(counted) if counted else 0.0)
    df = vocabulary.df.__getitem__
    features = {}
    for meta, ids, tfs in counted:
        vector = bm25_vector(dict(zip(ids, tfs, strict=True)), df, stats, keep=engine.VECTOR_TERMS)
        entities = engine.entity_vector({e: naming[e] for e in meta.entities}, len(counted))
        features[meta.id] = engine.Features(meta.id, vector, meta.topics, meta.published, entities)
    return Built(vocabulary, stats, total, features)


# Below this many articles, a second process costs more than it saves.
PARALLEL_MINIMUM = 20_000
SHARE = 2_000
# The index the forked workers inherit (set just before forking; never pickled).
_INDEX: engine.MemoryIndex | None = None

Lists = list[tuple[int, list[engine.Match]]]


def related_lists(
    features: dict[int, engine.Features],
    progress: Progress | None = None,
    processes: int = 1,
) -> Iterator[tuple[int, list[engine.Match]]]:
    """Every article's list (`engine.STORED` long, `engine.DEFAULT_BLEND`).

    With ``processes`` > 1 and a large corpus, forked processes share the work; they inherit
    the index in memory and touch no database connection.
    """
    global _INDEX
    _INDEX = engine.MemoryIndex(features)
    ids = list(features)
    shares = [ids[start : start + SHARE] for start in range(0, len(ids), SHARE)]
    try:
        if processes > 1 and len(ids) >= PARALLEL_MINIMUM:
            context = multiprocessing.get_context("fork")
            with context.Pool(processes) as pool:
                for lists in pool.imap(_lists_of, shares):
                    yield from _reported(lists, progress)
        else:
            for share in shares:
                yield from _reported(_lists_of(share), progress)
    finally:
        _INDEX = None


def _lists_of(ids: list[int]) -> Lists:
    index = _INDEX
    assert index is not None
    return [(i, index.related(index.features[i])) for i in ids]


def _reported(lists: Lists, progress: Progress | None) -> Lists:
    if progress:
        progress(len(lists))
    return lists
