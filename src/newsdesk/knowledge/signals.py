"""``extracted`` is sent (with ``article_id``) inside the transaction that stores an article's
extraction, so search, related articles and cached pages can follow what it found."""

from __future__ import annotations

from django.dispatch import Signal

extracted = Signal()
