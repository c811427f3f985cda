"""/api/v1/subscribers: the newsletter's readers, for editors' tokens only."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from newsdesk.api.native import present, schemas
from newsdesk.api.native.auth import editor_token, publisher
from newsdesk.api.native.params import PageNumber, PerPage, RowId
from newsdesk.newsletter import services as newsletter
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing.models import Topic

router = Router(tags=["subscribers"], auth=editor_token)
ERRORS: dict[int, Any] = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.ValidationErrors,
}


def _subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.prefetch_related("newsletters", "topics")


def _newsletters(slugs: list[str]) -> list[Newsletter]:
    found = {n.slug: n for n in Newsletter.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise HttpError(400, f"No newsletter with the slug {missing[0]!r}.")
    return list(found.values())


def _topics(slugs: list[str]) -> list[Topic]:
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise HttpError(400, f"No topic with the slug {missing[0]!r}.")
    return list(found.values())


def _one(subscriber_id: int) -> Subscriber:
    return get_object_or_404(_subscribers(), pk=subscriber_id)


@router.get("/subscribers", response={200: schemas.SubscriberList, **ERRORS})
def list_subscribers(
    request: HttpRequest,
    page: PageNumber = 1,
    per_page: PerPage = 50,
    status: Query[Subscriber.Status | None] = None,
) -> dict[str, Any]:
    """Newest first."""
    publisher(request)
    subscribers = _subscribers()
    if status is not None:
        subscribers = subscribers.filter(status=status)
    total = subscribers.count()
    start = (page - 1) * per_page
    return {
        **present.pagination(page, per_page, total),
        "items": [present.subscriber(s) for s in subscribers[start : start + per_page]],
    }


@router.post("/subscribers", response={201: schemas.Subscriber, **ERRORS})
def add_subscriber(request: HttpRequest, payload: schemas.SubscriberIn) -> Status[dict[str, Any]]:
    """Add a reader. Unless `confirmed`, they get the confirmation email and stay pending."""
    publisher(request)
    try:
        email = newsletter.normalize_email(payload.email)
    except newsletter.InvalidAddress as exc:
        raise HttpError(400, str(exc)) from None
    if Subscriber.objects.filter(email=email).exists():
        raise HttpError(409, f"{email} is already a subscriber.")
    wanted = [n.pk for n in _newsletters(payload.newsletters)]
    try:
        with transaction.atomic():
            if payload.confirmed:
                added = Subscriber.objects.create(
                    email=email, name=newsletter.clean_name(payload.name), source="api"
                )
                newsletter.subscriber_confirm(subscriber=added, newsletter_ids=wanted)
            else:
                newsletter.subscriber_signup(email=email, name=payload.name, newsletter_ids=wanted)
    except IntegrityError:  # the same address, added at the same moment by someone else
        raise HttpError(409, f"{email} is already a subscriber.") from None
    return Status(201, present.subscriber(_subscribers().get(email=email)))


@router.get("/subscribers/{subscriber_id}", response={200: schemas.Subscriber, **ERRORS})
def read_subscriber(request: HttpRequest, subscriber_id: RowId) -> dict[str, Any]:
    publisher(request)
    return present.subscriber(_one(subscriber_id))


@router.patch("/subscribers/{subscriber_id}", response={200: schemas.Subscriber, **ERRORS})
def update_subscriber(
    request: HttpRequest, subscriber_id: RowId, payload: schemas.SubscriberPatch
) -> dict[str, Any]:
    """Change the name, newsletters or followed topics given; the others stay."""
    publisher(request)
    current = _one(subscriber_id)
    changes = payload.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        raise HttpError(400, "Leave a field out to keep it; null is not a value here.")
    newsletter.subscriber_update(
        subscriber=current,
        name=changes.get("name", current.name),
        newsletters=_newsletters(changes["newsletters"])
        if "newsletters" in changes
        else list(current.newsletters.all()),
        topics=_topics(changes["topics"]) if "topics" in changes else list(current.topics.all()),
    )
    return present.subscriber(_one(subscriber_id))


@router.post(
    "/subscribers/{subscriber_id}/unsubscribe", response={200: schemas.Subscriber, **ERRORS}
)
def unsubscribe(request: HttpRequest, subscriber_id: RowId) -> dict[str, Any]:
    """Stop sending to them; their record and choices stay."""
    publisher(request)
    newsletter.subscriber_unsubscribe(subscriber=_one(subscriber_id))
    return present.subscriber(_one(subscriber_id))


@router.delete("/subscribers/{subscriber_id}", response={204: None, **ERRORS})
def delete_subscriber(request: HttpRequest, subscriber_id: RowId) -> Status[None]:
    """Forget them: their record, and their address in delivery records and the outbox."""
    publisher(request)
    newsletter.subscriber_delete(subscriber=_one(subscriber_id))
    return Status(204, None)
