"""Cached pages follow a stored extraction: article sections, entity pages and directories
change with it even when no article, author or topic row did."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from newsdesk.knowledge.signals import extracted
from newsdesk.publishing import pagecache


@receiver(extracted, dispatch_uid="knowledge-invalidate-pages")
def invalidate_pages(sender: Any, article_id: int, **kwargs: Any) -> None:
    # On commit: a reader must not cache the page again from the rows of before the change.
    transaction.on_commit(pagecache.invalidate)
