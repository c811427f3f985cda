"""Placeholder until the entity extractor lands."""

from __future__ import annotations

from newsdesk.knowledge.nlp import Text
from newsdesk.knowledge.types import Entity


def extract(text: Text) -> list[Entity]:
    return []
