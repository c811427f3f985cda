"""Original demo content: three authors, a handful of topics and a dozen analyses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from newsdesk.ingest.services import ImportReport, import_markdown_paths
from newsdesk.publishing.models import Author, Topic

DEMO_DIR = Path(__file__).resolve().parent.parent / "publishing" / "demo"


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((DEMO_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@transaction.atomic
def load_demo() -> ImportReport:
    for row in _load("authors.yaml"):
        Author.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "bio": row["bio"]}
        )
    for row in _load("topics.yaml"):
        Topic.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row["description"]}
        )
    return import_markdown_paths([DEMO_DIR / "articles"])
