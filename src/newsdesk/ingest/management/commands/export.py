from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.ingest.export import ExportError, export_all


class Command(BaseCommand):
    help = (
        "Export everything into an empty folder: ghost.json (Ghost JSON), articles/*.md "
        "(Markdown with front matter), content/images/ (media), subscribers.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, metavar="DIR")
        parser.add_argument("--json", action="store_true", help="print a summary object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = export_all(options["out"])
        except (ExportError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        for name in report.missing:
            self.stderr.write(f"note: media file {name} is missing and was not exported")
        self.stdout.write(
            f"{report.articles} articles, {report.files} media files, "
            f"{report.subscribers} subscribers written to {options['out']}"
        )
