"""A progress bar on the terminal, drawn only when stderr is one (not in logs or pipes)."""

from __future__ import annotations

import time
from typing import TextIO


class TerminalProgress:
    def __init__(self, stream: TextIO, label: str, *, width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.enabled = stream.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
