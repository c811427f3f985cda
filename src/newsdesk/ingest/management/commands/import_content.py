from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.ingest.fetch import FetchError
from newsdesk.ingest.importers import IMPORTERS, SourceError
from newsdesk.ingest.progress import TerminalProgress
from newsdesk.ingest.report import ImportReport
from newsdesk.ingest.services import import_markdown_paths, import_source

KINDS = ["markdown", *IMPORTERS]


class Command(BaseCommand):
    help = "Import content: markdown PATH... | " + " | ".join(
        f"{i.name} {i.takes} ({i.summary})" for i in IMPORTERS.values()
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=KINDS, help="what kind of content")
        parser.add_argument("targets", nargs="+", metavar="PATH|URL")
        parser.add_argument("--json", action="store_true", help="print a summary object")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind, targets = options["source"], options["targets"]
        stream = getattr(self.stderr, "_out", sys.stderr)  # the real stream, to ask isatty()
        progress = TerminalProgress(stream, f"import {kind}")
        if kind == "markdown":
            paths = [Path(t) for t in targets]
            report = import_markdown_paths(paths, dry_run=options["dry_run"], progress=progress)
        else:
            if len(targets) != 1:
                raise CommandError(f"import {kind} takes one {IMPORTERS[kind].takes}")
            try:
                report = import_source(
                    kind=kind, target=targets[0], dry_run=options["dry_run"], progress=progress
                )
            except (SourceError, FetchError) as exc:
                raise CommandError(str(exc)) from None
        self.show(report, as_json=options["json"])
        if report.errors:
            raise CommandError(f"{len(report.errors)} item(s) could not be imported")

    def show(self, report: ImportReport, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        for error in report.errors:
            self.stderr.write(error)
        for note in report.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(report.summary())
