"""Claims: which connection of which worker holds which deliveries, and for how long.

A connection claims a batch of due deliveries of one receiving domain in one transaction
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the transaction holds the
database's only write lock), so no two connections ever hold the same delivery. The claim's
``inflight`` names the one delivery on the wire; every claimed delivery before it, in id
order, is sent (see ``recorder``). ``sweep`` turns a dead connection's claim back into
records: sent before ``inflight``, queued again from it on, ``inflight`` flagged as a
possible duplicate.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from newsdesk.newsletter import conf as confmod
from newsdesk.newsletter.models import Campaign, Claim, Delivery

log = logging.getLogger("newsdesk.newsletter")
D = Delivery.State


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:200]


@dataclass
class Batch:
    claim: Claim
    campaign: Campaign
    rate_share: float  # messages per second this connection may send; 0 for no limit


def claim_batch(campaign_id: int, cfg: confmod.Conf, now: datetime | None = None) -> Batch | None:
    """Claim up to ``cfg.batch`` due deliveries of one receiving domain, within its cap."""
    now = now or timezone.now()
    with transaction.atomic():
        # The campaign row lock makes counting and opening connections one step, so the
        # per-domain cap holds with any number of workers.
        campaign = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("newsletter")
            .filter(pk=campaign_id, state=Campaign.State.SENDING)
            .first()
        )
        if campaign is None:
            return None
        live = dict(
            Claim.objects.filter(campaign=campaign, expires_at__gte=now)
            .values_list("domain")
            .annotate(n=Count("id"))
            .values_list("domain", "n")
        )
        full = [domain for domain, n in live.items() if n >= cfg.domain_connections]
        due = Delivery.objects.filter(
            campaign=campaign, state=D.QUEUED, next_attempt_at__lte=now
        ).exclude(domain__in=full)
        # In index order (campaign, state, domain, id): the first due row is found at once
        # however far the campaign has got, where ordering by id would skip the sent ones.
        domain = due.order_by("domain", "id").values_list("domain", flat=True).first()
        if domain is None:
            return None
        ids = list(
            due.filter(domain=domain)
            .order_by("id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[: cfg.batch]
        )
        if not ids:
            return None
        lease = timedelta(seconds=cfg.claim_seconds)
        claim = Claim.objects.create(
            campaign=campaign, domain=domain, worker=worker_name(), expires_at=now + lease
        )
        Delivery.objects.filter(pk__in=ids, state=D.QUEUED).update(state=D.CLAIMED, claim=claim)
    rate = campaign.rate_limit or cfg.rate
    share = rate / (sum(live.values()) + 1) if rate else 0.0
    return Batch(claim=claim, campaign=campaign, rate_share=share)


def sweep(now: datetime | None = None) -> int:
    """Turn every claim whose lease ran out back into records; the number of claims."""
    now = now or timezone.now()
    swept = 0
    for pk in Claim.objects.filter(expires_at__lt=now).values_list("pk", flat=True)[:100]:
        with transaction.atomic():
            claim = Claim.objects.select_for_update().filter(pk=pk, expires_at__lt=now).first()
            if claim is None:
                continue  # its owner renewed it, or another worker swept it
            claim.delete()
            held = Delivery.objects.filter(claim_id=pk, state=D.CLAIMED)
            if claim.inflight is not None:
                # Its last heartbeat is the best we know of when these went out.
                held.filter(id__lt=claim.inflight).update(
                    state=D.SENT, sent_at=claim.renewed_at, claim=None, attempts=F("attempts") + 1
                )
                held.filter(id=claim.inflight).update(
                    state=D.QUEUED, claim=None, possible_duplicate=True, next_attempt_at=now,
                    attempts=F("attempts") + 1,
                )  # fmt: skip
            held.update(state=D.QUEUED, claim=None)
        swept += 1
        if claim.inflight is not None:
            log.warning(
                "claim %s expired with delivery %s in flight: it will be sent again",
                pk,
                claim.inflight,
            )
    return swept
