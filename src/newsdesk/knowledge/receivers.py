"""Cached pages follow a stored extraction: article sections, entity pages and directories
change with it even when no article, author or topic row did."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from newsdesk.knowledge.models import Entity, Quote
from newsdesk.knowledge.signals import extracted
from newsdesk.publishing import pagecache, pagestore


@receiver(extracted, dispatch_uid="knowledge-invalidate-pages")
def invalidate_pages(sender: Any, article_id: int, **kwargs: Any) -> None:
    # On commit: a reader must not cache the page again from the rows of before the change.
    transaction.on_commit(pagecache.invalidate)


@receiver(extracted, dispatch_uid="knowledge-article-page")
def rerender_article_page(sender: Any, article_id: int, **kwargs: Any) -> None:
    pagestore.invalidate([article_id])  # its "Voices", "Key figures" and "Timeline"


@receiver(post_save, sender=Entity, dispatch_uid="knowledge-entity-pages")
@receiver(pre_delete, sender=Entity, dispatch_uid="knowledge-entity-pages-delete")
def rerender_quoting_pages(sender: Any, instance: Entity, **kwargs: Any) -> None:
    # "Voices" shows each speaker's name and link: a renamed or deleted entity changes them.
    if kwargs.get("created"):
        return  # extraction creates entities before any quote names them
    transaction.on_commit(pagecache.invalidate)  # its own page, directories, search facets
    quoting = Quote.objects.filter(entity=instance).values_list("article_id", flat=True)
    pagestore.invalidate(quoting)
