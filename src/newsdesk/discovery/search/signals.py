"""Listeners that keep the index in step with what readers may see."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save

from newsdesk.knowledge.signals import extracted
from newsdesk.ops import tasks
from newsdesk.publishing.events import article_changed
from newsdesk.publishing.models import Author, Topic

_OLD_NAME = "_search_old_name"


def _on_article_changed(sender: object, *, article_id: int, **kwargs: Any) -> None:
    from newsdesk.discovery.search.services import index_on_commit

    index_on_commit(article_id)


def _remember_name(sender: type[Topic | Author], instance: Topic | Author, **kwargs: Any) -> None:
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True)
        setattr(instance, _OLD_NAME, old.first())


def _on_rename(
    sender: type[Topic | Author], instance: Topic | Author, created: bool, **kwargs: Any
) -> None:
    old = getattr(instance, _OLD_NAME, None)
    if created or old is None or old == instance.name:
        return
    # A rename changes the text of each of the articles; the worker redoes them, since a
    # popular topic has too many to redo inside the editor's request. Queued in the same
    # transaction as the rename, so neither is lost without the other.
    tasks.enqueue("search.topic" if sender is Topic else "search.author", str(instance.pk))


article_changed.connect(_on_article_changed, dispatch_uid="search-index-article")
# The entities an article mentions are part of its document (names in the head, facets).
extracted.connect(_on_article_changed, dispatch_uid="search-index-extracted")
for _model in (Topic, Author):
    pre_save.connect(_remember_name, sender=_model, dispatch_uid=f"search-name-{_model.__name__}")
    post_save.connect(_on_rename, sender=_model, dispatch_uid=f"search-rename-{_model.__name__}")
