"""Worker tasks of related articles (see ops.tasks); each is idempotent."""

from __future__ import annotations

from typing import Any

from newsdesk.discovery.related import rebuild, services
from newsdesk.knowledge.signals import extracted
from newsdesk.ops import tasks

tasks.on_article_change(services.REFRESH)


def _refresh_after_extraction(sender: object, *, article_id: int, **kwargs: Any) -> None:
    # The entities it names are a signal: recompute with them. Queued in the extraction's own
    # transaction, so the task sees the mentions it was queued for.
    tasks.enqueue(services.REFRESH, str(article_id))


extracted.connect(_refresh_after_extraction, dispatch_uid="related-refresh-extracted")


@tasks.handler(services.REFRESH, lease_seconds=120)
def refresh(key: str) -> None:
    services.related_refresh(article_id=int(key))


@tasks.handler(services.RELIST, lease_seconds=120)
def relist(key: str) -> None:
    services.related_relist(article_id=int(key))


# A rebuild of 100,000 articles takes minutes (docs/benchmarks.md); the lease is generous so
# that no second worker starts the same rebuild while the first is still at it.
@tasks.handler(services.REBUILD, lease_seconds=3 * 3600)
def rebuild_all(key: str) -> None:
    rebuild.related_rebuild()
