from __future__ import annotations

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "newsdesk.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from newsdesk.publishing import pagestore, signals  # noqa: F401  (connect receivers)
