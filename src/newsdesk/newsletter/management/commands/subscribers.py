from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.newsletter import csvio


class Command(BaseCommand):
    help = "Newsletter subscribers: `import FILE.csv [--confirmed]` or `export` (CSV on stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        load = actions.add_parser("import", help="add or update subscribers from a CSV file")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--confirmed",
            action="store_true",
            help="the addresses already opted in: no confirmation email",
        )
        actions.add_parser("export", help="every subscriber as CSV on standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            csvio.export_csv(sys.stdout)
            return
        path: Path = options["file"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                report = csvio.import_csv(stream, confirmed=options["confirmed"])
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None
        except csvio.CSVError as exc:
            raise CommandError(f"{path}: {exc}") from None
        for error in report.errors:
            self.stderr.write(f"{path}: {error}")
        self.stdout.write(
            "{created} created, {updated} updated, {failed} failed".format(**report.as_dict())
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} row(s) could not be imported")
