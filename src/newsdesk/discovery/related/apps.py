from __future__ import annotations

from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "newsdesk.discovery.related"
    label = "related"
    verbose_name = "Related articles"
