"""How a connection records what it does, one commit per message.

Deliveries of a claim are sent in id order. Before handing message *k* to the server, the
connection commits ``claim.inflight = k`` together with the outcomes of anything but success
since its last commit (refusals, skips). That one commit says both "message *k* may be on its
way" and "every claimed delivery before *k* was accepted", so success costs a single small
write to the claim row; the accepted deliveries themselves are marked sent in one statement at
the end of the batch. A crash at any point leaves at most one delivery in doubt per
connection: the one named by ``inflight``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from newsdesk.newsletter.commits import Statement, commit_inline
from newsdesk.newsletter.models import Campaign, Claim, Delivery, Subscriber

CHECK_SECONDS = 1.0  # how often a connection renews its lease and looks at the campaign's state

D = Delivery.State
_T = Delivery._meta.db_table
_C = Claim._meta.db_table
_IN_FLIGHT = f"UPDATE {_C} SET inflight = %s WHERE id = %s"
_RENEW = f"UPDATE {_C} SET expires_at = %s, renewed_at = %s WHERE id = %s"
_OUTCOME = (
    f"UPDATE {_T} SET state = %s, error = %s, attempts = attempts + %s, "
    "next_attempt_at = COALESCE(%s, next_attempt_at), "
    "possible_duplicate = (possible_duplicate OR %s), claim_id = NULL "
    "WHERE id = %s AND claim_id = %s"
)
_SENT_UP_TO = (
    f"UPDATE {_T} SET state = 'sent', sent_at = %s, error = '', attempts = attempts + 1, "
    "claim_id = NULL WHERE claim_id = %s AND state = 'claimed' AND id <= %s"
)
_RELEASE = f"UPDATE {_T} SET state = %s, claim_id = NULL WHERE claim_id = %s AND state = 'claimed'"
_FORGET = f"DELETE FROM {_C} WHERE id = %s"
_BOUNCED = (
    f"UPDATE {Subscriber._meta.db_table} SET status = 'bounced' WHERE id = %s AND status = 'active'"
)


def db_time(value: datetime | None) -> Any:
    return None if value is None else connection.ops.adapt_datetimefield_value(value)


@dataclass
class Recorder:
    claim_id: int
    campaign_id: int
    lease: timedelta
    pending: list[Statement] = field(default_factory=list)
    accepted_up_to: int = 0  # the last delivery the server accepted
    next_check: float = 0.0
    stopped: str = ""  # why this batch must end early: "lost", "paused", "cancelled"

    def outcome(
        self,
        row_id: int,
        state: str,
        *,
        error: str = "",
        tried: bool = True,
        retry_at: datetime | None = None,
        duplicate: bool = False,
    ) -> None:
        """Anything but acceptance; written with the next commit."""
        params = [state, error[:2000], int(tried), db_time(retry_at), duplicate]
        self.pending.append((_OUTCOME, [*params, row_id, self.claim_id]))

    def bounce_subscriber(self, subscriber_id: int | None) -> None:
        if subscriber_id is not None:
            self.pending.append((_BOUNCED, [subscriber_id]))

    def accepted(self, row_id: int) -> None:
        self.accepted_up_to = row_id

    def _campaign_moved(self) -> bool:
        state = Campaign.objects.filter(pk=self.campaign_id).values_list("state", flat=True)
        current = state.first()
        if current != Campaign.State.SENDING:
            self.stopped = str(current)
        return bool(self.stopped)

    def sending(self, row_id: int) -> bool:
        """Commit the outcomes so far and name ``row_id`` as on the wire; False: stop here."""
        statements, self.pending = self.pending, []
        if time.monotonic() >= self.next_check:
            self.next_check = time.monotonic() + CHECK_SECONDS
            if self._campaign_moved():
                self.pending = statements  # finish() writes them
                return False
            now = timezone.now()
            statements.append((_RENEW, [db_time(now + self.lease), db_time(now), self.claim_id]))
        statements.append((_IN_FLIGHT, [row_id, self.claim_id]))
        if commit_inline(statements)[-1] != 1:
            self.stopped = "lost"  # our lease ran out and another worker took these rows
        return not self.stopped

    def finish(self) -> None:
        """Record the accepted and what is left; give back what this connection did not send."""
        if not self.stopped:
            self._campaign_moved()
        left = D.CANCELLED if self.stopped == Campaign.State.CANCELLED else D.QUEUED
        statements = [*self.pending]
        if self.stopped != "lost":
            statements += [
                (_SENT_UP_TO, [db_time(timezone.now()), self.claim_id, self.accepted_up_to]),
                (_RELEASE, [left, self.claim_id]),
            ]
        statements.append((_FORGET, [self.claim_id]))
        self.pending = []
        commit_inline(statements)
