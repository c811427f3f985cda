"""Newsletters and members (Ghost's word for subscribers) with their newsletter choices.

The newsletter app's services are built for readers: a signup sends a confirmation email and
a confirmation adds default newsletters. An import moves people who already chose, so it sets
their state and choices as the source says, and sends nothing. Addresses are normalized with
the newsletter app's own rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from newsdesk.ingest.items import ItemError, MemberItem, NewsletterItem
from newsdesk.ingest.models import ImportedItem
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.newsletter.services import InvalidAddress, clean_name, normalize_email

if TYPE_CHECKING:
    from newsdesk.ingest.apply import Applier

Kind = ImportedItem.Kind


def apply_newsletter(applier: Applier, item: NewsletterItem) -> int:
    link = applier.links.get(Kind.NEWSLETTER, item.key)
    newsletter = Newsletter.objects.filter(pk=link.object_id).first() if link else None
    newsletter = newsletter or Newsletter.objects.filter(slug=item.slug).first()
    created = newsletter is None
    newsletter = newsletter or Newsletter(slug=item.slug)
    values = {
        "name": item.name[:100],
        "description": item.description[:300],
        "active": item.active,
        "default": item.default,
        "position": item.position,
        "new_articles": item.new_articles,
    }
    changed = any(getattr(newsletter, k) != v for k, v in values.items())
    for name, value in values.items():
        setattr(newsletter, name, value)
    if created or changed:
        newsletter.save()
    applier.outcome("newsletter", created, changed)
    applier.links.remember(Kind.NEWSLETTER, item.key, newsletter.pk)
    return newsletter.pk


def apply_member(applier: Applier, item: MemberItem) -> None:
    try:
        email = normalize_email(item.email)
    except InvalidAddress:
        raise ItemError(f"{item.email!r} is not an email address") from None
    if item.status not in Subscriber.Status.values:
        raise ItemError(f"status {item.status!r} is not one of {', '.join(Subscriber.Status)}")
    link = applier.links.get(Kind.MEMBER, item.key)
    subscriber = Subscriber.objects.filter(pk=link.object_id).first() if link else None
    subscriber = subscriber or Subscriber.objects.filter(email=email).first()
    created = subscriber is None
    subscriber = subscriber or Subscriber(email=email, source="import")
    now = timezone.now()
    active = item.status == Subscriber.Status.ACTIVE
    values = {
        "email": email,
        "name": clean_name(item.name),
        "status": item.status,
        "created_at": item.created_at or subscriber.created_at or now,
        "confirmed_at": item.confirmed_at or subscriber.confirmed_at or (now if active else None),
        "unsubscribed_at": item.unsubscribed_at or subscriber.unsubscribed_at,
    }
    changed = any(getattr(subscriber, k) != v for k, v in values.items())
    for name, value in values.items():
        setattr(subscriber, name, value)
    if created or changed:
        subscriber.save()
    newsletters = [applier.newsletters[k] for k in item.newsletter_keys if k in applier.newsletters]
    topics = [applier.topics[k] for k in item.topic_keys if k in applier.topics]
    before = (
        sorted(subscriber.newsletters.values_list("pk", flat=True)),
        sorted(subscriber.topics.values_list("pk", flat=True)),
    )
    if before != (sorted(newsletters), sorted(t.pk for t in topics)):
        subscriber.newsletters.set(newsletters)
        subscriber.topics.set(topics)
        changed = True
    applier.outcome("member", created, changed)
    applier.links.remember(Kind.MEMBER, item.key, subscriber.pk)
