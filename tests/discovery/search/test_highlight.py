from __future__ import annotations

from newsdesk.discovery.search.highlight import highlight, snippet


def test_it_marks_words_by_their_stem() -> None:
    assert highlight("Subsidy cuts and subsidies", ["subsidies"]) == (
        "<mark>Subsidy</mark> cuts and <mark>subsidies</mark>"
    )


def test_it_escapes_everything_but_its_own_marks() -> None:
    text = '<script>alert("grid")</script> & grid'
    assert highlight(text, ["grid"]) == (
        "&lt;script&gt;alert(&quot;<mark>grid</mark>&quot;)&lt;/script&gt; &amp; <mark>grid</mark>"
    )


def test_a_snippet_is_cut_around_the_most_matching_words() -> None:
    filler = " ".join(f"w{i}" for i in range(200))
    text = f"Start {filler} the grid queue is long {filler} end"
    result = snippet(text, ["grid", "queue"], size=60)
    assert result.startswith("… ") and result.endswith(" …")
    assert "<mark>grid</mark> <mark>queue</mark>" in result
    assert 50 < len(result) < 100


def test_without_a_match_the_snippet_is_the_beginning() -> None:
    assert snippet("One two three four", ["zzz"], size=9) == "One two …"
    assert snippet("", ["zzz"]) == ""


def test_non_latin_text_is_matched_and_kept() -> None:
    assert highlight("Встреча в Москве и Москва", ["москва"]) == (
        "Встреча в Москве и <mark>Москва</mark>"
    )


def test_short_words_whose_stem_changes_are_marked() -> None:
    assert highlight("Spies and a spy", ["spy"]) == "<mark>Spies</mark> and a <mark>spy</mark>"
