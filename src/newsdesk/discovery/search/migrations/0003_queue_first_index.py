"""A site that already has articles gets its search index from the worker after upgrading."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def queue_rebuild(apps: Any, schema_editor: Any) -> None:
    Article = apps.get_model("publishing", "Article")
    Task = apps.get_model("ops", "Task")
    if Article.objects.filter(status="published").exists():
        Task.objects.get_or_create(name="search.rebuild", key="", state="queued")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("ops", "0001_initial")]

    operations = [migrations.RunPython(queue_rebuild, migrations.RunPython.noop)]
