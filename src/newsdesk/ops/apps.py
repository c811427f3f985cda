from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "newsdesk.ops"
    label = "ops"
    verbose_name = "Operations"
