"""Placeholder until the figure extractor lands."""

from __future__ import annotations

from newsdesk.knowledge.nlp import Text
from newsdesk.knowledge.types import Figure


def extract(text: Text) -> list[Figure]:
    return []
