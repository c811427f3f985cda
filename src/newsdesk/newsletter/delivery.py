"""The delivery engine: workers claim deliveries, send them over open connections, record each.

The promise
-----------
Kill any worker at any moment (``kill -9``, power cut of a worker host) and start it again, or
not: every recipient of a campaign still gets its message, nobody is skipped, and at most one
message per SMTP connection open at the moment of the crash is sent twice.

Why it holds
------------
- The recipient list is fixed when the campaign starts: one ``Delivery`` row per subscriber.
- A connection claims a batch of rows under a lease it keeps renewing; no two connections ever
  hold the same row (``claims``).
- Before it hands message *k* to the server, the connection commits "*k* is in flight" on its
  claim, in the same commit as every refusal or skip since the last one; every claimed row
  before *k* was accepted (``recorder``). So at any moment a connection has at most one
  message the server may have taken without our knowing.
- When a dead connection's lease runs out, its rows before *k* are recorded as sent, the rest go
  back to the queue, and *k* itself is queued again flagged ``possible_duplicate``: that resend
  is the only duplicate the connection can cause. It keeps its Message-ID, so receivers that
  de-duplicate on it show it once.
- A row leaves its claim only with a recorded outcome: sent, failed, bounced, skipped, or
  queued again (4xx answer with backoff, a dropped connection, a crash).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connections
from django.utils import timezone

from newsdesk.newsletter import campaigns, render, services, tokens
from newsdesk.newsletter import conf as confmod
from newsdesk.newsletter.claims import Batch, claim_batch, sweep
from newsdesk.newsletter.compose import Prepared, UnsendableMessage, smtp_address
from newsdesk.newsletter.models import Campaign, Delivery, Subscriber
from newsdesk.newsletter.recorder import Recorder
from newsdesk.newsletter.transports import (
    Bounce,
    ConnectionLost,
    PermanentFailure,
    TemporaryFailure,
    Transport,
    open_transport,
)

log = logging.getLogger("newsdesk.newsletter")

RETRY_LIMIT = 6
ROUND_SECONDS = 5.0  # one worker turn; other jobs (scheduled publishing...) get theirs between
UNREACHABLE_BACKOFF = 15.0
D = Delivery.State

_unreachable_until = 0.0  # monotonic time; set when the mail server cannot be reached


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 4 ** max(attempts - 1, 0), 6 * 3600))


# --- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    email: str
    subscriber_id: int | None
    name: str
    key: str
    status: str


class Throttle:
    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next > now:
            time.sleep(self.next - now)
        self.next = max(self.next, now) + self.interval


class Messages:
    """Each campaign's prepared message(s), built once per connection and reused."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, tuple[int, ...]], Prepared | None] = {}
        self._digests: dict[int, list[render.DigestItem]] = {}

    def for_rows(self, campaign: Campaign, rows: list[Row]) -> Callable[[Row], Prepared | None]:
        if campaign.kind == Campaign.Kind.ARTICLE:
            prepared = self._article(campaign)
            return lambda row: prepared
        follows = services.followed_topics([r.subscriber_id for r in rows if r.subscriber_id])
        return lambda row: self._digest(campaign, follows.get(row.subscriber_id or 0, set()))

    def _article(self, campaign: Campaign) -> Prepared:
        key = (campaign.pk, ())
        if key not in self._cache:
            self._cache[key] = campaigns.snapshot_prepared(campaign)
        prepared = self._cache[key]
        assert prepared is not None
        return prepared

    def _digest(self, campaign: Campaign, topics: set[int]) -> Prepared | None:
        if campaign.pk not in self._digests:
            self._digests[campaign.pk] = render.digest_items(campaign.snapshot["article_ids"])
        items = [
            item for item in self._digests[campaign.pk] if not topics or item.topic_ids & topics
        ]
        key = (campaign.pk, tuple(item.article.pk for item in items))
        if key not in self._cache:
            self._cache[key] = campaigns.digest_prepared(campaign, items) if items else None
        return self._cache[key]


def _rows(claim_id: int) -> list[Row]:
    values = (
        Delivery.objects.filter(claim_id=claim_id, state=D.CLAIMED)
        .order_by("id")
        .values_list(
            "id", "email", "subscriber_id", "subscriber__name", "subscriber__key",
            "subscriber__status",
        )
    )  # fmt: skip
    return [Row(i, e, s, n or "", k or "", st or "") for i, e, s, n, k, st in values]


def _record_failure(recorder: Recorder, row: Row, exc: Exception) -> None:
    attempts = _attempts(row.id) + 1  # this one included
    if isinstance(exc, Bounce):
        recorder.outcome(row.id, D.BOUNCED, error=str(exc))
        recorder.bounce_subscriber(row.subscriber_id)
    elif isinstance(exc, PermanentFailure):
        recorder.outcome(row.id, D.FAILED, error=str(exc))
    elif attempts >= RETRY_LIMIT:
        recorder.outcome(row.id, D.FAILED, error=f"gave up after {attempts} attempts: {exc}")
    else:
        ambiguous = isinstance(exc, ConnectionLost) and exc.ambiguous
        when = timezone.now() + backoff(attempts)
        recorder.outcome(row.id, D.QUEUED, error=str(exc), retry_at=when, duplicate=ambiguous)


def _attempts(row_id: int) -> int:
    return Delivery.objects.filter(pk=row_id).values_list("attempts", flat=True).first() or 0


def send_batch(batch: Batch, transport: Transport, messages: Messages, cfg: confmod.Conf) -> bool:
    """Send one claimed batch; False when the connection failed and the caller should pause."""
    campaign = batch.campaign
    lease = timedelta(seconds=cfg.claim_seconds)
    recorder = Recorder(batch.claim.pk, campaign.pk, lease)
    throttle = Throttle(batch.rate_share)
    rows = _rows(batch.claim.pk)
    healthy = True
    try:
        transport.connect()
        message_for = messages.for_rows(campaign, rows)
        for row in rows:
            if row.status != Subscriber.Status.ACTIVE:
                reason = "the subscriber left after the campaign started"
                recorder.outcome(row.id, D.SKIPPED, error=reason, tried=False)
                continue
            prepared = message_for(row)
            if prepared is None:
                reason = "no article of the week matches the topics this subscriber follows"
                recorder.outcome(row.id, D.SKIPPED, error=reason, tried=False)
                continue
            try:
                recipient = smtp_address(row.email)
                token = tokens.make(tokens.MANAGE, row.subscriber_id or 0, row.key)
                message = prepared.personalize(
                    to=row.email,
                    name=row.name,
                    token=token,
                    message_id=f"nd.{campaign.nonce}.{row.id}@{cfg.mail_domain}",
                )
            except UnsendableMessage as exc:
                recorder.outcome(row.id, D.FAILED, error=str(exc), tried=False)
                continue
            if not recorder.sending(row.id):
                break
            throttle.wait()
            try:
                transport.send(cfg.from_address, recipient, message)
            except (TemporaryFailure, Bounce, PermanentFailure) as exc:
                _record_failure(recorder, row, exc)
            except ConnectionLost as exc:
                # The next batch reconnects; only a failed connect pauses this worker.
                _record_failure(recorder, row, exc)
                break
            else:
                recorder.accepted(row.id)
    except ConnectionLost as exc:  # could not connect: nothing of this batch went out
        campaigns.campaign_note_error(campaign, str(exc))
        healthy = False
    finally:
        recorder.finish()
    return healthy


def sender_loop(campaign_ids: list[int], cfg: confmod.Conf, deadline: float) -> int:
    """One connection: claim a batch, send it, again, until nothing is due or time is up."""
    global _unreachable_until
    transport = open_transport()
    messages = Messages()
    batches = 0
    try:
        while time.monotonic() < deadline:
            batch = next(
                (b for cid in campaign_ids if (b := claim_batch(cid, cfg)) is not None), None
            )
            if batch is None:
                break
            batches += 1
            if not send_batch(batch, transport, messages, cfg):
                _unreachable_until = time.monotonic() + UNREACHABLE_BACKOFF
                break
    finally:
        transport.close()
    return batches


def _threaded(campaign_ids: list[int], cfg: confmod.Conf, deadline: float) -> int:
    results: list[int] = []

    def run() -> None:
        try:
            results.append(sender_loop(campaign_ids, cfg, deadline))
        except Exception:
            log.exception("a newsletter connection failed; its claim will expire")
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=run, name=f"smtp-{n}") for n in range(cfg.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(results)


def work() -> bool:
    """The worker job: start due campaigns, recover dead claims, send for a few seconds."""
    now = timezone.now()
    busy = campaigns.campaign_start_due(now=now)
    sweep(now)
    campaigns.campaign_finish_done()
    if time.monotonic() < _unreachable_until:
        return busy
    sending = list(
        Campaign.objects.filter(state=Campaign.State.SENDING)
        .order_by("started_at", "id")
        .values_list("pk", flat=True)
    )
    due = Delivery.objects.filter(
        campaign_id__in=sending, state=D.QUEUED, next_attempt_at__lte=now
    ).exists()
    if not due:
        return busy
    cfg = confmod.load()
    deadline = time.monotonic() + ROUND_SECONDS
    if cfg.connections == 1:
        batches = sender_loop(sending, cfg, deadline)
    else:
        batches = _threaded(sending, cfg, deadline)
    campaigns.campaign_finish_done()
    return busy or batches > 0
