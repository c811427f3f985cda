from __future__ import annotations

import io

from newsdesk.ingest.progress import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_a_bar_on_a_terminal_only() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = TerminalProgress(stream, "import wxr", width=10)
        progress(5, 10)
        progress(10, 10)
    assert terminal.getvalue() == "\rimport wxr [#####-----] 5/10\rimport wxr [##########] 10/10\n"
    assert pipe.getvalue() == ""
