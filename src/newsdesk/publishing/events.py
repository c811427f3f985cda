"""What other apps hear when an article changes (saved, published, unpublished, deleted).

Two ways to listen, both fired inside the transaction that makes the change:
- ``article_changed`` (a Django signal, called with ``article_id``) for cheap work that must
  commit or roll back with the change itself, such as the search index row;
- ``tasks.on_article_change(name)`` for work the worker does afterwards, such as related
  articles or extraction.
Listeners look the article up themselves: it may be unpublished or gone.
"""

from __future__ import annotations

from django.dispatch import Signal

from newsdesk.ops import tasks

article_changed = Signal()


def notify_article_changed(article_id: int) -> None:
    article_changed.send(sender=None, article_id=article_id)
    tasks.article_changed(article_id)
