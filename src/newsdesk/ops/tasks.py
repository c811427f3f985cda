"""A durable task queue in the database, run by `newsdesk worker`.

Work is enqueued in the same transaction as the change that calls for it, so it is never lost
and never runs for a change that was rolled back. Workers claim a task with a conditional
UPDATE (the attempt count is the version), hold it under a lease, and delete it when done. A
worker killed mid-task leaves its lease to expire; another worker then takes the task again, so
handlers must be idempotent: "bring X up to date", not "append to X".
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newsdesk.ops.models import Task

log = logging.getLogger("newsdesk.tasks")

Handler = Callable[[str], None]
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Registered:
    function: Handler
    lease: timedelta


_HANDLERS: dict[str, Registered] = {}
_ARTICLE_CHANGE: list[str] = []


def handler(name: str, *, lease_seconds: int = 600) -> Callable[[Handler], Handler]:
    """Register ``function(key)`` as the handler of tasks called ``name``."""

    def register(function: Handler) -> Handler:
        _HANDLERS[name] = Registered(function, timedelta(seconds=lease_seconds))
        return function

    return register


def on_article_change(name: str) -> None:
    """Run the task ``name`` with the article's id whenever an article changes or goes."""
    if name not in _ARTICLE_CHANGE:
        _ARTICLE_CHANGE.append(name)


def enqueue(name: str, key: str = "", *, delay: timedelta | None = None) -> None:
    when = timezone.now() + (delay or timedelta())
    try:
        with transaction.atomic():
            Task.objects.get_or_create(
                name=name, key=key, state=Task.State.QUEUED, defaults={"run_after": when}
            )
    except IntegrityError:
        pass  # queued by a concurrent transaction in the meantime: the same work


def enqueue_many(name: str, keys: Iterable[str]) -> None:
    """``enqueue`` for many keys in one statement; keys already queued are left as they are."""
    now = timezone.now()
    Task.objects.bulk_create(
        [Task(name=name, key=key, run_after=now) for key in dict.fromkeys(keys)],
        ignore_conflicts=True,
        batch_size=500,
    )


def article_changed(article_id: int) -> None:
    for name in _ARTICLE_CHANGE:
        enqueue(name, str(article_id))


def claim(now: datetime | None = None) -> Task | None:
    now = now or timezone.now()
    due = Q(state=Task.State.QUEUED, run_after__lte=now) | Q(
        state=Task.State.RUNNING, lease_until__lt=now
    )
    for pk, name, state, attempts in Task.objects.filter(due).values_list(
        "pk", "name", "state", "attempts"
    )[:10]:
        lease = _HANDLERS[name].lease if name in _HANDLERS else timedelta(minutes=10)
        claimed = Task.objects.filter(pk=pk, state=state, attempts=attempts).update(
            state=Task.State.RUNNING, attempts=attempts + 1, lease_until=now + lease
        )
        if claimed:
            return Task.objects.get(pk=pk)
    return None


def _settle(task: Task, **fields: object) -> None:
    # Only while we still hold it: if our lease ran out and another worker took the task,
    # its outcome is the one that counts.
    Task.objects.filter(pk=task.pk, state=Task.State.RUNNING, attempts=task.attempts).update(
        **fields
    )


def _requeue(task: Task, error: str) -> None:
    backoff = timedelta(seconds=10 * 4 ** (task.attempts - 1))
    try:
        with transaction.atomic():
            _settle(
                task, state=Task.State.QUEUED, run_after=timezone.now() + backoff, last_error=error
            )
    except IntegrityError:
        # The same work was queued again meanwhile; that task will do it.
        Task.objects.filter(pk=task.pk, state=Task.State.RUNNING, attempts=task.attempts).delete()


def run_one() -> bool:
    """Claim and run one due task; False when there was none."""
    task = claim()
    if task is None:
        return False
    registered = _HANDLERS.get(task.name)
    if registered is None:
        _settle(task, state=Task.State.FAILED, last_error=f"no handler named {task.name!r}")
        return True
    if task.attempts > MAX_ATTEMPTS:  # a task that keeps killing its worker
        _settle(task, state=Task.State.FAILED, last_error="gave up: the worker died each time")
        return True
    try:
        registered.function(task.key)
    except Exception:
        error = traceback.format_exc(limit=20)
        log.warning("task %s failed (attempt %d)", task, task.attempts)
        if task.attempts >= MAX_ATTEMPTS:
            _settle(task, state=Task.State.FAILED, last_error=error)
        else:
            _requeue(task, error)
        return True
    Task.objects.filter(pk=task.pk, state=Task.State.RUNNING, attempts=task.attempts).delete()
    return True


def retry(task: Task) -> None:
    """Put a failed task back in the queue (from the desk)."""
    Task.objects.filter(pk=task.pk, state=Task.State.FAILED).update(
        state=Task.State.QUEUED, attempts=0, run_after=timezone.now(), last_error=""
    )
