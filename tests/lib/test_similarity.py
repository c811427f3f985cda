from __future__ import annotations

import math

from newsdesk.lib.similarity import (
    CorpusStats,
    bm25_vector,
    cosine,
    field_counts,
    idf,
    shared_terms,
    terms,
)


def test_it_lowercases_stems_and_drops_stopwords() -> None:
    assert terms("The Charges were CHARGED, said Mr Grimm's lawyer") == [
        "charg",
        "charg",
        "grimm",
        "lawyer",
    ]


def test_it_ignores_link_targets_urls_numbers_and_tags() -> None:
    text = "See [the report](https://example.org/grid-report) at https://x.org/a <b>now</b> 2031"
    assert terms(text) == ["report"]


def test_it_keeps_words_of_other_scripts() -> None:
    assert terms("Коалиция распалась") == ["коалиция", "распалась"]


def test_title_and_dek_count_more_than_the_body() -> None:
    counts = field_counts("Transformers", "Grid queues", "transformers and queues")
    assert counts["transform"] == 4
    assert counts["queue"] == 3


def test_idf_is_high_for_rare_terms_and_never_negative() -> None:
    assert idf(1, 1000) > idf(500, 1000) > 0
    assert idf(1000, 1000) > 0
    assert idf(5000, 1000) > 0  # a drifted count past the corpus size


def test_vectors_are_unit_length_and_keep_the_heaviest_terms() -> None:
    df = {"grid": 50, "nordhavn": 1, "queue": 10}
    vector = bm25_vector(
        {"grid": 3, "nordhavn": 1, "queue": 2}, df.__getitem__, CorpusStats(100, 6.0), keep=2
    )
    assert set(vector) == {"nordhavn", "queue"}
    assert math.isclose(sum(w * w for w in vector.values()), 1.0)


def test_an_empty_document_has_an_empty_vector() -> None:
    assert bm25_vector({}, lambda t: 0, CorpusStats(0, 0.0), keep=10) == {}


def test_cosine_of_unit_vectors() -> None:
    a = {"x": 0.6, "y": 0.8}
    assert math.isclose(cosine(a, a), 1.0)
    assert cosine(a, {"z": 1.0}) == 0.0
    assert math.isclose(cosine(a, {"y": 1.0}), 0.8)


def test_shared_terms_are_those_adding_most_to_the_cosine() -> None:
    a = {"x": 0.6, "y": 0.8}
    b = {"x": 0.8, "y": 0.2, "z": 0.5}
    assert shared_terms(a, b, 1) == ["x"]
