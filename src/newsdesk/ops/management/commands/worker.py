from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.ops.worker import Worker


class Command(BaseCommand):
    help = "Run background work: scheduled publishing and every job in settings.WORKER_JOBS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--poll", type=float, default=None, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--drain", action="store_true", help="exit once there is nothing left to do"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Worker(poll=options["poll"]).run(max_idle_loops=1 if options["drain"] else None)
