from __future__ import annotations

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "newsdesk.ingest"
    label = "ingest"
    verbose_name = "Import and export"

    def ready(self) -> None:
        from newsdesk.ingest import conf

        conf.load()  # a bad NEWSDESK_IMPORT_* value stops start-up with one line
