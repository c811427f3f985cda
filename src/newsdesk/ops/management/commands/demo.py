from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.ops.demo import load_demo
from newsdesk.publishing.models import Article


class Command(BaseCommand):
    help = "Load the original demo content (idempotent: running it again updates in place)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="only when there are no articles"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("Articles exist already; demo content not loaded.")
            return
        report = load_demo()
        if report.errors:
            raise CommandError("; ".join(report.errors))
        self.stdout.write(
            f"Demo content: {len(report.created)} articles created, {len(report.updated)} updated."
        )
