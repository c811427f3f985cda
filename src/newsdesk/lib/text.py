"""Small text helpers shared by rendering, imports and templates."""

from __future__ import annotations

import math
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
WORDS_PER_MINUTE = 230


def slugify(value: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated; never empty."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "section"


def count_words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
