"""Placeholder until the event extractor lands."""

from __future__ import annotations

from datetime import date

from newsdesk.knowledge.nlp import Text
from newsdesk.knowledge.types import Event


def extract(text: Text, published: date) -> list[Event]:
    return []
