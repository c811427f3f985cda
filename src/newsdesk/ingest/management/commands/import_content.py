from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.ingest.services import import_markdown_paths


class Command(BaseCommand):
    help = "Import content: `markdown PATH...` (files or folders of .md with YAML front matter)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=["markdown"], help="what kind of content")
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="print a summary object")

    def handle(self, *args: Any, **options: Any) -> None:
        report = import_markdown_paths(options["paths"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            for error in report.errors:
                self.stderr.write(error)
            summary = report.as_dict()
            self.stdout.write(
                "{created} created, {updated} updated, {failed} failed".format(**summary)
            )
        if report.errors:
            raise CommandError(f"{len(report.errors)} file(s) could not be imported")
