"""Campaign workflows: create, schedule, start (fix the recipients), pause, resume, cancel.

Sending itself is the delivery engine's (``newsletter.delivery``); these functions only move a
campaign between states and prepare what the engine sends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.newsletter import render
from newsdesk.newsletter.compose import (
    Content,
    Prepared,
    UnsendableMessage,
    check_header,
    new_marker,
)
from newsdesk.newsletter.models import Campaign, Delivery, Newsletter, Subscriber
from newsdesk.newsletter.services import send_one
from newsdesk.publishing.models import Article, Topic

log = logging.getLogger("newsdesk.newsletter")

C = Campaign.State
D = Delivery.State
# Receiving domains with fewer recipients than this share one queue (and one connection cap),
# so a long tail of small domains does not cost a claim each.
SMALL_DOMAIN = 50
PREVIEW_TOKEN = "preview"


class CampaignError(ValueError):
    """Something an editor asked for that cannot be done; the message says why."""


def campaign_create(
    *,
    newsletter: Newsletter,
    kind: str = Campaign.Kind.ARTICLE,
    article: Article | None = None,
    subject: str = "",
    topics: Iterable[Topic] = (),
    user: User | None = None,
    auto: bool = False,
) -> Campaign:
    live = article is not None and Article.objects.published().filter(pk=article.pk).exists()
    if kind == Campaign.Kind.ARTICLE and not live:
        raise CampaignError("an article campaign needs a published article")
    try:
        check_header("subject", subject)
    except UnsendableMessage as exc:
        raise CampaignError(str(exc)) from None
    campaign = Campaign.objects.create(
        newsletter=newsletter, kind=kind, article=article, subject=subject.strip(),
        created_by=user, auto=auto,
    )  # fmt: skip
    campaign.audience_topics.set(list(topics))
    return campaign


def campaign_schedule(*, campaign: Campaign, at: datetime | None = None) -> Campaign:
    """Queue a draft to start at ``at`` (now when None); the worker starts it."""
    updated = Campaign.objects.filter(pk=campaign.pk, state=C.DRAFT).update(
        state=C.SCHEDULED, scheduled_at=at or timezone.now()
    )
    if not updated:
        raise CampaignError(f"only a draft can be scheduled; this campaign is {campaign.state}")
    campaign.refresh_from_db()
    return campaign


def _move(campaign: Campaign, source: tuple[str, ...], target: str, verb: str) -> Campaign:
    if not Campaign.objects.filter(pk=campaign.pk, state__in=source).update(state=target):
        campaign.refresh_from_db()
        raise CampaignError(f"cannot {verb} a campaign that is {campaign.state}")
    campaign.refresh_from_db()
    return campaign


def campaign_pause(*, campaign: Campaign) -> Campaign:
    return _move(campaign, (C.SENDING, C.SCHEDULED), C.PAUSED, "pause")


def campaign_resume(*, campaign: Campaign) -> Campaign:
    target = C.SENDING if campaign.started_at else C.SCHEDULED
    return _move(campaign, (C.PAUSED,), target, "resume")


@transaction.atomic
def campaign_cancel(*, campaign: Campaign) -> Campaign:
    campaign = _move(campaign, (C.DRAFT, C.SCHEDULED, C.SENDING, C.PAUSED), C.CANCELLED, "cancel")
    # Rows held by a connection are given back as cancelled by that connection itself.
    Delivery.objects.filter(campaign=campaign, state=D.QUEUED).update(state=D.CANCELLED)
    Campaign.objects.filter(pk=campaign.pk).update(finished_at=timezone.now())
    return campaign


def campaign_note_error(campaign: Campaign, error: str) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        last_error=f"{timezone.now():%Y-%m-%d %H:%M:%S} {error}"[:2000]
    )


def _audience(campaign: Campaign) -> Any:
    audience = Subscriber.objects.filter(
        status=Subscriber.Status.ACTIVE, newsletters=campaign.newsletter
    )
    topic_ids = list(campaign.audience_topics.values_list("pk", flat=True))
    if topic_ids:
        follows = Subscriber.topics.through.objects.filter(
            subscriber_id=OuterRef("pk"), topic_id__in=topic_ids
        )
        audience = audience.filter(Exists(follows))
    return audience.order_by("pk")


def _fix_recipients(campaign: Campaign, now: datetime) -> int:
    """One delivery row per subscriber in the audience, in one statement."""
    columns = _audience(campaign).annotate(sid=F("pk"), saddr=F("email"), sdomain=F("domain"))
    sql, params = columns.values_list("sid", "saddr", "sdomain").query.sql_with_params()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (campaign_id, subscriber_id, email, domain, state, attempts, "
            "next_attempt_at, possible_duplicate, error) "
            f"SELECT %s, a.sid, a.saddr, a.sdomain, %s, 0, %s, %s, '' FROM ({sql}) a",
            [campaign.pk, D.QUEUED, connection.ops.adapt_datetimefield_value(now), False, *params],
        )
        count = cursor.rowcount
        cursor.execute(
            f"UPDATE {table} SET domain = '' WHERE campaign_id = %s AND domain IN ("
            f"SELECT domain FROM {table} WHERE campaign_id = %s "
            "GROUP BY domain HAVING COUNT(*) < %s)",
            [campaign.pk, campaign.pk, SMALL_DOMAIN],
        )
    return int(count)


def _snapshot(campaign: Campaign, now: datetime) -> dict[str, Any]:
    subject = render.campaign_subject(campaign)
    if campaign.kind == Campaign.Kind.DIGEST:
        ids = render.digest_article_ids(now)
        if not ids:
            raise CampaignError("no article was published in the past week")
        return {"subject": subject, "article_ids": ids}
    article = campaign.article
    if article is None or not article.is_live:
        raise CampaignError("the article is no longer published")
    content = render.article_content(article, campaign.newsletter, subject, new_marker())
    return {
        "subject": subject,
        "html": content.html,
        "text": content.text,
        "marker": content.marker,
    }


def campaign_start(*, campaign_id: int, now: datetime | None = None) -> Campaign | None:
    """Fix the recipient list and the message, and hand the campaign to the workers."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = (
            Campaign.objects.select_for_update(of=("self",))
            .filter(pk=campaign_id, state=C.SCHEDULED)
            .select_related("newsletter", "article")
            .first()
        )
        if campaign is None:
            return None  # another worker started it, or an editor paused or cancelled it
        try:
            campaign.snapshot = _snapshot(campaign, now)
        except CampaignError as exc:
            campaign.state, campaign.last_error, campaign.finished_at = C.CANCELLED, str(exc), now
            campaign.save(update_fields=["state", "last_error", "finished_at"])
            log.warning("campaign %s cancelled: %s", campaign.pk, exc)
            return campaign
        count = _fix_recipients(campaign, now)
        campaign.state, campaign.started_at = C.SENDING, now
        campaign.save(update_fields=["snapshot", "state", "started_at"])
    log.info("campaign %s started for %d recipients", campaign.pk, count)
    return campaign


def campaign_start_due(*, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    due = Campaign.objects.filter(state=C.SCHEDULED, scheduled_at__lte=now).order_by("scheduled_at")
    started = False
    for pk in due.values_list("pk", flat=True)[:5]:
        started = campaign_start(campaign_id=pk, now=now) is not None or started
    return started


def campaign_finish_done() -> None:
    unfinished = [D.QUEUED, D.CLAIMED]
    for pk in Campaign.objects.filter(state=C.SENDING).values_list("pk", flat=True):
        if not Delivery.objects.filter(campaign_id=pk, state__in=unfinished).exists():
            Campaign.objects.filter(pk=pk, state=C.SENDING).update(
                state=C.DONE, finished_at=timezone.now()
            )


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    counts = dict(
        Delivery.objects.filter(campaign=campaign)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {
        "total": sum(counts.values()),
        "queued": counts.get(D.QUEUED, 0) + counts.get(D.CLAIMED, 0),
        "sent": counts.get(D.SENT, 0),
        "failed": counts.get(D.FAILED, 0),
        "bounced": counts.get(D.BOUNCED, 0),
        "skipped": counts.get(D.SKIPPED, 0),
        "cancelled": counts.get(D.CANCELLED, 0),
    }


def campaign_status(campaign: Campaign) -> dict[str, Any]:
    """The public JSON status (shared/CONTRACT.md)."""
    progress = campaign_progress(campaign)
    return {
        "id": campaign.pk,
        "state": campaign.state,
        "total": progress["total"],
        "sent": progress["sent"],
        "failed": progress["failed"],
        "bounced": progress["bounced"],
    }


# --- what the engine sends -------------------------------------------------------------------


def snapshot_prepared(campaign: Campaign) -> Prepared:
    snap = campaign.snapshot
    content = Content(snap["subject"], snap["text"], snap["html"], snap["marker"])
    return render.prepared(content, campaign.newsletter)


def digest_prepared(campaign: Campaign, items: list[render.DigestItem]) -> Prepared:
    content = render.digest_content(
        items, campaign.newsletter, campaign.snapshot["subject"], new_marker()
    )
    return render.prepared(content, campaign.newsletter)


def campaign_content(campaign: Campaign) -> Content:
    """What the campaign says, as it went out or as it would go out now (for previews)."""
    if campaign.kind == Campaign.Kind.ARTICLE and campaign.snapshot:
        snap = campaign.snapshot
        return Content(snap["subject"], snap["text"], snap["html"], snap["marker"])
    subject = render.campaign_subject(campaign)
    if campaign.kind == Campaign.Kind.DIGEST:
        ids = campaign.snapshot.get("article_ids") or render.digest_article_ids()
        return render.digest_content(
            render.digest_items(ids), campaign.newsletter, subject, new_marker()
        )
    if campaign.article is None:
        raise CampaignError("the campaign's article was deleted")
    return render.article_content(campaign.article, campaign.newsletter, subject, new_marker())


def campaign_preview_html(campaign: Campaign) -> str:
    content = campaign_content(campaign)
    return content.html.replace(content.marker, PREVIEW_TOKEN)


def campaign_test_send(*, campaign: Campaign, to: str) -> None:
    """Send the campaign's message to one address now, marked as a test."""
    content = campaign_content(campaign)
    test = Content(f"[Test] {content.subject}", content.text, content.html, content.marker)
    try:
        prepared = render.prepared(test, campaign.newsletter)
    except UnsendableMessage as exc:
        raise CampaignError(str(exc)) from None
    send_one(content_prepared=prepared, to=to, token=PREVIEW_TOKEN)


def article_autosend(key: str) -> None:
    """Task run on every article change: send an opted-in article once it is live."""
    article = Article.objects.published().filter(pk=int(key), email_on_publish=True).first()
    if article is None:
        return
    for newsletter in Newsletter.objects.active().filter(new_articles=True):
        if Campaign.objects.filter(article=article, newsletter=newsletter, auto=True).exists():
            continue
        try:
            with transaction.atomic():
                campaign = campaign_create(newsletter=newsletter, article=article, auto=True)
                campaign_schedule(campaign=campaign)
        except IntegrityError:
            continue  # another worker created it meanwhile
        log.info("article %s queued to %s as campaign %s", article.pk, newsletter, campaign.pk)
