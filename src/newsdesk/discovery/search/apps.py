from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsdesk.discovery.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from newsdesk.discovery.search import signals  # noqa: F401  (connects the listeners)
