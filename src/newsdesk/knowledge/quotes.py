"""Placeholder until the quote extractor lands."""

from __future__ import annotations

from newsdesk.knowledge.nlp import Text
from newsdesk.knowledge.types import Entity, Quote


def extract(text: Text, entities: list[Entity]) -> list[Quote]:
    return []
