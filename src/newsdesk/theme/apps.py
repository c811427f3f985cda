from __future__ import annotations

from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "newsdesk.theme"
    label = "theme"
    verbose_name = "Theme"
