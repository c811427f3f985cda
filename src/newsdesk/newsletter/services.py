"""Subscriber workflows: sign up, confirm, change preferences, leave, come back, be forgotten."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from newsdesk.newsletter import conf, render, tokens
from newsdesk.newsletter.compose import Prepared
from newsdesk.newsletter.models import Delivery, Newsletter, OutboxMessage, Subscriber, domain_of
from newsdesk.newsletter.transports import open_transport
from newsdesk.ops import tasks
from newsdesk.publishing.models import Topic

log = logging.getLogger("newsdesk.newsletter")

LINK_TASK = "newsletter.link"
S = Subscriber.Status


class InvalidAddress(ValueError):
    pass


def normalize_email(raw: str) -> str:
    """The address as we store it, or InvalidAddress with a message for the reader."""
    email = raw.strip()
    if len(email) > 254 or "\n" in email or "\r" in email:
        raise InvalidAddress("Enter a valid email address.")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidAddress("Enter a valid email address.") from None
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def clean_name(raw: str) -> str:
    """A display name that can never carry a header of its own."""
    return " ".join(raw.split())[:200]


def default_newsletter_ids() -> list[int]:
    return list(Newsletter.objects.active().filter(default=True).values_list("pk", flat=True))


def subscriber_signup(*, email: str, name: str = "", newsletter_ids: Iterable[int] = ()) -> None:
    """Ask the owner of ``email`` to confirm, or remind an active subscriber of their links.

    Does the same visible thing whatever the address's state, so the form cannot tell anyone
    who subscribes. Sends at most one email per address in ``resend_seconds``.
    """
    address = normalize_email(email)
    wanted = (
        sorted(
            Newsletter.objects.active()
            .filter(pk__in=list(newsletter_ids))
            .values_list("pk", flat=True)
        )
        or default_newsletter_ids()
    )
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=address, defaults={"name": clean_name(name), "domain": domain_of(address)}
        )
        recent = subscriber.last_link_sent_at and now - subscriber.last_link_sent_at < timedelta(
            seconds=conf.load().resend_seconds
        )
        if recent:
            return
        if not created and not subscriber.is_active and name and not subscriber.name:
            subscriber.name = clean_name(name)
        subscriber.last_link_sent_at = now
        subscriber.save(update_fields=["name", "last_link_sent_at"])
        kind = "manage" if subscriber.is_active else "confirm"
        ids = ",".join(str(n) for n in wanted)
        tasks.enqueue(LINK_TASK, f"{kind}:{subscriber.pk}:{ids}")


def send_link_email(key: str) -> None:
    """The confirmation (or "manage your subscription") email, sent by the worker."""
    kind, subscriber_id, ids = key.split(":")
    subscriber = Subscriber.objects.filter(pk=int(subscriber_id)).first()
    if subscriber is None:
        return  # deleted meanwhile
    newsletter_ids = tuple(int(n) for n in ids.split(",") if n)
    if kind == "confirm":
        token = tokens.make(tokens.CONFIRM, subscriber.pk, subscriber.key, newsletter_ids)
    else:
        token = render.manage_token(subscriber)
    names = list(Newsletter.objects.filter(pk__in=newsletter_ids).values_list("name", flat=True))
    content = render.link_email(kind, subscriber, token, names)
    send_one(content_prepared=render.prepared(content, None), to=subscriber.email)


def send_one(*, content_prepared: Prepared, to: str, name: str = "", token: str = "") -> None:
    """Send a single message now (confirmations, test sends), on a connection of its own."""
    cfg = conf.load()
    message = content_prepared.personalize(
        to=to, name=name, token=token, message_id=f"{uuid.uuid4().hex}@{cfg.mail_domain}"
    )
    transport = open_transport()
    try:
        transport.connect()
        transport.send(cfg.from_address, to, message)
    finally:
        transport.close()


def subscriber_from_token(purpose: str, token: str) -> tuple[Subscriber, tokens.Payload]:
    """The subscriber a link is for; ``tokens.BadToken`` when it is forged, expired or revoked."""
    cfg = conf.load()
    days = cfg.confirm_days if purpose == tokens.CONFIRM else cfg.link_days
    payload = tokens.read(purpose, token, max_age=timedelta(days=days))
    subscriber = Subscriber.objects.filter(pk=payload.subscriber_id, key=payload.key).first()
    if subscriber is None:
        raise tokens.BadToken(expired=False)
    return subscriber, payload


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber, newsletter_ids: Iterable[int]) -> Subscriber:
    wanted = list(Newsletter.objects.active().filter(pk__in=list(newsletter_ids)))
    if subscriber.status in (S.PENDING, S.UNSUBSCRIBED, S.BOUNCED, S.COMPLAINED):
        subscriber.status = S.ACTIVE
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    if wanted:
        subscriber.newsletters.add(*wanted)
    elif not subscriber.newsletters.exists():
        subscriber.newsletters.add(*default_newsletter_ids())
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.status != S.UNSUBSCRIBED:
        subscriber.status = S.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def subscriber_resubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Back in, from a link only they received: that click is the confirmation."""
    return subscriber_confirm(subscriber=subscriber, newsletter_ids=())


@transaction.atomic
def subscriber_update(
    *, subscriber: Subscriber, name: str, newsletters: Iterable[Newsletter], topics: Iterable[Topic]
) -> Subscriber:
    subscriber.name = clean_name(name)
    subscriber.save(update_fields=["name"])
    subscriber.newsletters.set(list(newsletters))
    subscriber.topics.set(list(topics))
    return subscriber


@transaction.atomic
def subscriber_delete(*, subscriber: Subscriber) -> None:
    """Forget a subscriber: their row, their address in delivery records and in the outbox."""
    deliveries = Delivery.objects.filter(subscriber=subscriber)
    deliveries.filter(state__in=[Delivery.State.QUEUED, Delivery.State.CLAIMED]).update(
        state=Delivery.State.SKIPPED, error="the subscriber deleted their data", claim=None
    )
    deliveries.update(email="(deleted)", domain="")
    OutboxMessage.objects.filter(recipient=subscriber.email).delete()
    subscriber.delete()


def subscriber_data(subscriber: Subscriber) -> dict[str, Any]:
    """Everything we hold about a subscriber, for them to download."""

    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    deliveries = subscriber.deliveries.select_related("campaign").order_by("id")
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "status": subscriber.status,
        "created_at": when(subscriber.created_at),
        "confirmed_at": when(subscriber.confirmed_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "newsletters": [n.name for n in subscriber.newsletters.all()],
        "topics": [t.name for t in subscriber.topics.all()],
        "emails": [
            {"subject": str(d.campaign), "state": d.state, "sent_at": when(d.sent_at)}
            for d in deliveries
        ],
    }


def followed_topics(subscriber_ids: list[int]) -> dict[int, set[int]]:
    follows: dict[int, set[int]] = {}
    through = Subscriber.topics.through.objects.filter(subscriber_id__in=subscriber_ids)
    for subscriber_id, topic_id in through.values_list("subscriber_id", "topic_id"):
        follows.setdefault(subscriber_id, set()).add(topic_id)
    return follows
