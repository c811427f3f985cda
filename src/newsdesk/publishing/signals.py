"""Any change to what readers see drops the cached pages once the transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from newsdesk.publishing import models
from newsdesk.publishing.events import notify_article_changed
from newsdesk.publishing.pagecache import invalidate

_PUBLIC_MODELS = (
    models.Article,
    models.Author,
    models.Topic,
    models.ArticleAuthor,
    models.SlugRedirect,
)


def _on_change(sender: type, **kwargs: Any) -> None:
    transaction.on_commit(invalidate)


for _model in _PUBLIC_MODELS:
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"pagecache-save-{_model.__name__}")
    post_delete.connect(_on_change, sender=_model, dispatch_uid=f"pagecache-del-{_model.__name__}")


def _on_article_delete(sender: type, instance: models.Article, **kwargs: Any) -> None:
    notify_article_changed(instance.pk)


post_delete.connect(_on_article_delete, sender=models.Article, dispatch_uid="tasks-article-delete")
m2m_changed.connect(_on_change, sender=models.Article.topics.through, dispatch_uid="pagecache-m2m")
