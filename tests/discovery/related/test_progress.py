from __future__ import annotations

import io

from newsdesk.discovery.related.progress import ProgressBar


def test_on_a_terminal_it_redraws_one_line() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, tty=True)
    bar.start("indexing", 4)
    for _ in range(4):
        bar.advance()
    bar.finish()
    text = out.getvalue()
    assert text.count("\n") == 1
    assert text.startswith("\rindexing")
    assert "4/4" in text.rsplit("\r", 1)[-1]


def test_in_a_pipe_it_prints_a_line_per_tenth() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, tty=False)
    bar.start("linking", 100)
    for _ in range(100):
        bar.advance()
    bar.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "linking: 0/100 (0%, 0.0s)"
    assert len(lines) == 11
    assert lines[-1].startswith("linking: 100/100 (100%")
    assert "\r" not in out.getvalue()


def test_disabled_it_prints_nothing() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, enabled=False, tty=True)
    bar.start("reading", 10)
    bar.advance(10)
    bar.finish()
    assert out.getvalue() == ""
