from __future__ import annotations

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "newsdesk.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from newsdesk.publishing import signals  # noqa: F401  (connects the receivers)
