"""`newsdesk manage reindex`: rebuild the search index from the published articles."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, OutputWrapper

from newsdesk.discovery.search.services import index_rebuild


def _plain(text: str) -> str:
    return text  # stderr is styled as errors by default; progress is not an error


class Progress:
    """A bar redrawn in place on a terminal; on a pipe or file, a line every 10%."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        rate = done / max(time.monotonic() - self.started, 1e-6)
        text = f"{done:,}/{total:,} articles ({rate:,.0f}/s)"
        if self.tty:
            filled = round(fraction * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\rreindex [{bar}] {text}", style_func=_plain, ending="")
            self.stream.flush()
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(f"reindex: {text}", style_func=_plain)

    def close(self) -> None:
        if self.tty:
            self.stream.write("", style_func=_plain)


class Command(BaseCommand):
    help = "Rebuild the search index from every published article (searches go on meanwhile)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        progress = None if options["quiet"] else Progress(self.stderr)
        count = index_rebuild(progress)
        if progress is not None:
            progress.close()
        if not options["quiet"]:
            elapsed = time.monotonic() - started
            self.stdout.write(f"Indexed {count:,} published articles in {elapsed:.1f}s.")
