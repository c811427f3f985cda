from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OpsConfig(AppConfig):
    name = "newsdesk.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Every app's tasks.py registers its handlers; web processes need the article-change
        # subscriptions too, since they enqueue the work.
        autodiscover_modules("tasks")
