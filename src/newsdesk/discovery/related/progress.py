"""A progress bar for long commands: redrawn in place on a terminal, a line per tenth otherwise."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, *, enabled: bool = True, tty: bool | None = None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty() if tty is None else tty
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.shown = 0.0  # when a terminal last saw a redraw; for pipes, the last tenth printed

    def start(self, label: str, total: int) -> None:
        self.finish()
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self.shown = 0.0
        self._show(force=True)

    def advance(self, count: int = 1) -> None:
        if self.total:
            self.done = min(self.total, self.done + count)
            self._show(force=self.done == self.total)

    def finish(self) -> None:
        if self.total and self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self.total = 0

    def _show(self, *, force: bool) -> None:
        if not self.enabled or not self.total:
            return
        fraction = self.done / self.total
        elapsed = time.monotonic() - self.started
        if self.tty:
            now = time.monotonic()
            if not force and now - self.shown < 0.1:
                return
            self.shown = now
            filled = int(WIDTH * fraction)
            bar = "#" * filled + "-" * (WIDTH - filled)
            self.stream.write(
                f"\r{self.label:<10} [{bar}] {self.done:>7}/{self.total} {elapsed:6.1f}s"
            )
        else:
            tenth = int(fraction * 10)
            if tenth <= self.shown and not (force and self.done == 0):
                return
            self.shown = tenth
            self.stream.write(
                f"{self.label}: {self.done}/{self.total} ({fraction:.0%}, {elapsed:.1f}s)\n"
            )
        self.stream.flush()
