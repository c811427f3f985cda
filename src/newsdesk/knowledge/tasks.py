"""Extraction runs in the worker after every change to an article, drafts included (editors
see the checks' warnings on drafts), never in a request."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import pre_delete

from newsdesk.knowledge import curation, services, signals
from newsdesk.knowledge.models import Mention
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article

EXTRACT = "knowledge.extract"


@tasks.handler(EXTRACT, lease_seconds=900)
def extract(key: str) -> None:
    services.article_extract(article_id=int(key))


tasks.on_article_change(EXTRACT)


@tasks.handler(curation.ANNOUNCE)
def announce(key: str) -> None:
    # An editor merged or split entities this article names: search and related articles
    # follow, as after an extraction.
    with transaction.atomic():
        signals.extracted.send(sender=None, article_id=int(key))


def _recount_after_delete(sender: type, instance: Article, **kwargs: Any) -> None:
    # The article's mentions go with it, and once it is gone the worker cannot tell whose
    # counts it was part of: note them now, recount once the deletion commits.
    ids = set(Mention.objects.filter(article_id=instance.pk).values_list("entity_id", flat=True))
    if ids:
        transaction.on_commit(lambda: services.refresh_counts(ids))


pre_delete.connect(_recount_after_delete, sender=Article, dispatch_uid="knowledge-recount")
