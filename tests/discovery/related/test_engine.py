from __future__ import annotations

import math

import pytest

from newsdesk.discovery.related import batch, engine
from newsdesk.discovery.related.engine import (
    Blend,
    Features,
    MemoryIndex,
    OverlapSignal,
    Reason,
    RecencySignal,
    TextSignal,
)
from tests.discovery.related.conftest import DRONES, GRID, GRID_TOO, MORTGAGE, RANSOMWARE


def features(id: int, vector: dict[int, float], **fields: object) -> Features:
    size = math.sqrt(sum(w * w for w in vector.values()))
    return Features(id, {t: w / size for t, w in vector.items()}, **fields)  # type: ignore[arg-type]


def test_every_signal_is_symmetric() -> None:
    a = features(1, {1: 1.0, 2: 0.5}, topics=frozenset({1, 2}), published=100.0)
    b = features(2, {1: 0.2, 3: 1.0}, topics=frozenset({2}), published=130.0)
    for signal in (TextSignal(), OverlapSignal("topics"), RecencySignal(30.0)):
        assert math.isclose(signal.score(a, b), signal.score(b, a))


def test_recency_halves_every_half_life() -> None:
    a, b = Features(1, {}, published=0.0), Features(2, {}, published=30.0)
    assert math.isclose(RecencySignal(30.0).score(a, b), 0.5)


def test_overlap_names_what_is_shared() -> None:
    a = Features(1, {}, topics=frozenset({1, 2, 3}))
    b = Features(2, {}, topics=frozenset({3, 2, 9}))
    overlap = OverlapSignal("topics")
    assert overlap.reason(a, b, overlap.score(a, b)) == Reason("topics", (2, 3))
    assert math.isclose(overlap.score(a, b), 2 / 4)
    assert overlap.reason(a, Features(3, {}), 0.0) is None


def test_an_entity_signal_plugs_in_like_topics() -> None:
    blend = Blend(signals=((TextSignal(), 0.5), (OverlapSignal("entities"), 0.5)))
    a = features(1, {1: 1.0}, entities=frozenset({7}))
    b = features(2, {1: 1.0}, entities=frozenset({7, 8}))
    match = blend.match(a, b)
    assert match is not None
    assert math.isclose(match.score, 0.5 + 0.25)
    assert Reason("entities", (7,)) in match.reasons


def test_articles_sharing_no_wording_are_not_related_whatever_their_topics() -> None:
    a = features(1, {1: 1.0}, topics=frozenset({1}), published=5.0)
    b = features(2, {2: 1.0}, topics=frozenset({1}), published=5.0)
    assert engine.DEFAULT_BLEND.match(a, b) is None


def test_rank_orders_by_score_then_id_and_skips_itself() -> None:
    a = features(1, {1: 1.0, 2: 1.0})
    near = features(3, {1: 1.0, 2: 1.0})
    far = features(2, {1: 1.0, 5: 3.0})
    tie = features(4, {1: 1.0, 2: 1.0})
    assert [m.id for m in engine.DEFAULT_BLEND.rank(a, [far, tie, a, near], 3)] == [3, 4, 2]


def test_reasons_round_trip_through_json() -> None:
    for reason in (Reason("wording"), Reason("topics", (1, 2))):
        assert Reason.from_json(reason.as_json()) == reason


def test_the_memory_index_finds_the_same_story() -> None:
    texts = [GRID, MORTGAGE, RANSOMWARE, DRONES, GRID_TOO]
    docs = [batch.Document(n, "", "", text) for n, text in enumerate(texts, start=1)]
    built = batch.build(docs)
    assert built.stats.documents == 5
    index = MemoryIndex(built.features)
    assert [m.id for m in index.related(built.features[1])][:1] == [5]
    lists = dict(batch.related_lists(built.features))
    assert [m.id for m in lists[5]][:1] == [1]


def test_document_frequencies_count_documents_not_occurrences() -> None:
    docs = [
        batch.Document(1, "grid grid grid", "", ""),
        batch.Document(2, "grid", "", "queue"),
    ]
    built = batch.build(docs)
    df = dict(zip(built.vocabulary.terms(), built.vocabulary.df, strict=True))
    assert df == {"grid": 2, "queue": 1}


def test_forked_processes_compute_the_same_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [GRID, MORTGAGE, RANSOMWARE, DRONES, GRID_TOO] * 3
    docs = [batch.Document(n, f"Piece {n}", "", text) for n, text in enumerate(texts, start=1)]
    features = batch.build(docs).features
    alone = dict(batch.related_lists(features))
    monkeypatch.setattr(batch, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(batch, "SHARE", 4)
    steps: list[int] = []
    shared = dict(batch.related_lists(features, progress=steps.append, processes=2))
    assert shared == alone
    assert sum(steps) == len(features)


def named(id: int, naming: dict[int, int], documents: int = 1000) -> Features:
    return Features(id, {}, entities=engine.entity_vector(naming, documents))


def test_the_entity_signal_is_symmetric_and_unit_length() -> None:
    a = named(1, {1: 3, 2: 400, 3: 50})
    b = named(2, {2: 400, 3: 50, 4: 1})
    signal = engine.EntitySignal()
    assert math.isclose(signal.score(a, b), signal.score(b, a))
    assert math.isclose(signal.score(a, a), 1.0)
    assert signal.score(a, named(3, {})) == 0.0


def test_a_shared_rare_entity_counts_more_than_a_shared_common_one() -> None:
    signal = engine.EntitySignal()
    me = named(1, {1: 2, 2: 600})  # a small think tank, and "United States"
    rare = named(2, {1: 2, 3: 600})
    common = named(3, {2: 600, 4: 2})
    assert signal.score(me, rare) > 2 * signal.score(me, common)


def test_the_entity_reason_names_the_rarest_shared_first() -> None:
    a = named(1, {1: 500, 2: 3, 3: 40, 4: 7, 5: 9})
    b = named(2, {1: 500, 2: 3, 3: 40, 4: 7})
    signal = engine.EntitySignal()
    assert signal.reason(a, b, signal.score(a, b)) == Reason("entities", (2, 4, 3))


def test_the_batch_weighs_entities_by_how_many_documents_name_them() -> None:
    docs = [
        batch.Document(1, "Grid", "", GRID, entities=frozenset({7, 8})),
        batch.Document(2, "Grid too", "", GRID_TOO, entities=frozenset({7, 8})),
        batch.Document(3, "Mortgages", "", MORTGAGE, entities=frozenset({8})),
    ]
    found = batch.build(docs).features
    assert found[1].entities[7] > found[1].entities[8] > 0
    assert math.isclose(sum(w * w for w in found[3].entities.values()), 1.0)
