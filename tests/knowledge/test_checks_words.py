"""The bundled word list behind the lowercase glued-words check."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.knowledge.rules import words


def test_it_splits_two_common_words_run_together() -> None:
    lists = words.load()
    assert lists.join("loopget") == ("loop", "get")
    assert lists.join("becausethe") == ("because", "the")


def test_it_knows_real_compounds_and_plain_words() -> None:
    lists = words.load()
    for word in ("something", "lockdown", "nevertheless", "livestream", "the", "analysis"):
        assert lists.join(word) is None, word


def test_it_builds_the_list_from_scowl_style_files(tmp_path: Path) -> None:
    (tmp_path / "english-words.10").write_text("loop\nget\nset\nup\nGet\n", encoding="utf-8")
    (tmp_path / "english-words.95").write_text("loopset\ncafé\n", encoding="utf-8")
    (tmp_path / "english-words.README").write_text("not a list\n", encoding="utf-8")
    built = words.build(tmp_path)
    common = built.split("[common]\n")[1].split("[compounds]")[0].split()
    assert common == ["get", "loop", "set", "up"]
    assert built.split("[compounds]\n")[1].split() == ["loopset"]
    assert "Kevin Atkinson" in built  # the licence asks for the notice in every copy


def test_it_finds_nothing_when_the_list_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(words, "DATA", tmp_path / "missing.txt")
    words.load.cache_clear()
    try:
        assert words.load().join("loopget") is None
    finally:
        words.load.cache_clear()
