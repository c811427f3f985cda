"""Editors' corrections to the site's entities: merge several into one, split one in two.

Both pin the names they move, and extraction never moves a pinned name, so a correction
survives every later extraction: the next article's "IEA" resolves where the editor put it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from newsdesk.knowledge import names, services
from newsdesk.knowledge.models import Entity, EntityName, EventEntity, Mention, Quote
from newsdesk.ops import tasks as ops_tasks
from newsdesk.publishing import pagestore
from newsdesk.publishing.pagecache import invalidate as invalidate_pages

# The worker task that sends `extracted` for an article whose entities an editor changed.
ANNOUNCE = "knowledge.announce"


class CurationError(ValueError):
    """A merge or split that cannot be done; the message says why, for the editor."""


def _announce(article_ids: set[int]) -> None:
    # The stored page parts and cached pages go stale with the change itself; search and
    # related articles follow through `extracted`, sent by the worker (tasks.ANNOUNCE): a large
    # entity's articles are too many to re-index inside the editor's request.
    pagestore.invalidate(article_ids)
    ops_tasks.enqueue_many(ANNOUNCE, [str(pk) for pk in sorted(article_ids)])
    transaction.on_commit(invalidate_pages)


@transaction.atomic
def entity_merge(*, survivor: Entity, losers: Sequence[Entity]) -> Entity:
    """Fold ``losers`` into ``survivor``: names (pinned), mentions, quotes, timeline links."""
    loser_ids = sorted({e.pk for e in losers} - {survivor.pk})
    if not loser_ids:
        raise CurationError("Choose at least two entities to merge.")
    locked = list(
        Entity.objects.select_for_update().filter(pk__in=[survivor.pk, *loser_ids]).order_by("pk")
    )
    if any(e.kind != survivor.kind for e in locked):
        raise CurationError("Only entities of one kind can be merged (a person with people...).")
    articles = set(
        Mention.objects.filter(entity_id__in=loser_ids).values_list("article_id", flat=True)
    )
    EntityName.objects.filter(entity_id__in=[survivor.pk, *loser_ids]).update(
        entity=survivor, pinned=True
    )
    for mention in Mention.objects.filter(entity_id__in=loser_ids).order_by("pk"):
        _move_mention(mention, survivor)
    Quote.objects.filter(entity_id__in=loser_ids).update(entity=survivor)
    for link in EventEntity.objects.filter(entity_id__in=loser_ids).order_by("pk"):
        if EventEntity.objects.filter(event_id=link.event_id, entity=survivor).exists():
            link.delete()
        else:
            EventEntity.objects.filter(pk=link.pk).update(entity=survivor)
    # Forward the losers, and whatever was already forwarded to them, straight to the survivor.
    Entity.objects.filter(merged_into_id__in=loser_ids).update(merged_into=survivor)
    Entity.objects.filter(pk__in=loser_ids).update(merged_into=survivor)
    services.refresh_counts([survivor.pk, *loser_ids])
    _announce(articles)
    survivor.refresh_from_db()
    return survivor


def _move_mention(mention: Mention, survivor: Entity) -> None:
    # One mention per article and entity: when both were named in one article, add them up.
    kept = Mention.objects.filter(article_id=mention.article_id, entity=survivor).first()
    if kept is None:
        Mention.objects.filter(pk=mention.pk).update(entity=survivor)
        return
    kept.count += mention.count
    if mention.first_start < kept.first_start:
        kept.first_start, kept.first_end = mention.first_start, mention.first_end
    kept.role = kept.role or mention.role
    kept.organization = kept.organization or mention.organization
    kept.save(update_fields=["count", "first_start", "first_end", "role", "organization"])
    mention.delete()


@transaction.atomic
def entity_split(*, entity: Entity, name_ids: Sequence[int]) -> Entity:
    """A new entity takes the chosen names and the articles that named ``entity`` by them."""
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    all_names = list(entity.names.order_by("pk"))
    moving = [n for n in all_names if n.pk in set(name_ids)]
    if not moving:
        raise CurationError("Choose the names the new entity takes.")
    if len(moving) == len(all_names):
        raise CurationError("Leave at least one name with the original entity.")
    fullest = max(moving, key=lambda n: len(n.name))
    new = Entity.objects.create(
        kind=entity.kind, name=fullest.name, slug=services.unique_entity_slug(fullest.name)
    )
    keys = {n.key for n in moving}
    EntityName.objects.filter(pk__in=[n.pk for n in moving]).update(entity=new, pinned=True)
    EntityName.objects.filter(entity=entity).update(pinned=True)
    moved = [m for m in entity.mentions.all() if names.key(m.name) in keys]
    articles = {m.article_id for m in moved}
    Mention.objects.filter(pk__in=[m.pk for m in moved]).update(entity=new)
    Quote.objects.filter(entity=entity, article_id__in=articles).update(entity=new)
    EventEntity.objects.filter(entity=entity, event__article_id__in=articles).update(entity=new)
    if names.key(entity.name) in keys:
        remaining = [n for n in all_names if n.key not in keys]
        entity.name = max(remaining, key=lambda n: len(n.name)).name
        entity.save(update_fields=["name"])
    services.refresh_counts([entity.pk, new.pk])
    _announce(articles)
    new.refresh_from_db()
    return new
