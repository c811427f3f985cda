from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from newsdesk.ops import tasks
from newsdesk.ops.models import Task
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

calls: list[str] = []


@tasks.handler("test.record", lease_seconds=60)
def record(key: str) -> None:
    calls.append(key)


@tasks.handler("test.explode")
def explode(key: str) -> None:
    raise RuntimeError(f"cannot do {key}")


@pytest.fixture(autouse=True)
def _clean_calls() -> Iterator[None]:
    calls.clear()
    yield
    calls.clear()


def test_it_runs_a_task_once_and_deletes_it() -> None:
    tasks.enqueue("test.record", "a")
    assert tasks.run_one() is True
    assert calls == ["a"]
    assert not Task.objects.exists()
    assert tasks.run_one() is False


def test_the_same_pending_work_is_queued_once() -> None:
    for _ in range(3):
        tasks.enqueue("test.record", "a")
    tasks.enqueue("test.record", "b")
    assert Task.objects.count() == 2


def test_many_keys_are_queued_at_once_each_once() -> None:
    tasks.enqueue("test.record", "b")
    tasks.enqueue_many("test.record", ["a", "b", "c", "a"])
    assert sorted(Task.objects.values_list("key", flat=True)) == ["a", "b", "c"]
    while tasks.run_one():
        pass
    assert sorted(calls) == ["a", "b", "c"]


def test_work_queued_while_the_same_task_runs_is_kept() -> None:
    tasks.enqueue("test.record", "a")
    running = tasks.claim()
    assert running is not None
    tasks.enqueue("test.record", "a")  # a change that arrives during the run
    assert Task.objects.filter(state=Task.State.QUEUED).count() == 1


def test_a_delayed_task_waits_its_turn() -> None:
    tasks.enqueue("test.record", "later", delay=timedelta(minutes=5))
    assert tasks.run_one() is False
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert tasks.run_one() is True
    assert calls == ["later"]


def test_a_failing_task_retries_with_backoff_then_fails_with_its_error() -> None:
    tasks.enqueue("test.explode", "x")
    now = timezone.now()
    for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
        with time_machine.travel(now, tick=False):
            assert tasks.run_one() is True
        task = Task.objects.get()
        assert task.attempts == attempt
        assert "cannot do x" in task.last_error
        now = task.run_after + timedelta(seconds=1)
    assert task.state == Task.State.FAILED
    tasks.retry(task)
    assert Task.objects.get().state == Task.State.QUEUED


def test_a_task_held_by_a_dead_worker_is_taken_again_after_its_lease() -> None:
    tasks.enqueue("test.record", "a")
    dead = tasks.claim()  # this worker is killed before it finishes
    assert dead is not None
    assert tasks.claim() is None  # leased: nobody else takes it meanwhile
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert tasks.run_one() is True
    assert calls == ["a"]
    assert not Task.objects.exists()


def test_a_worker_whose_lease_ran_out_does_not_clobber_the_new_holder() -> None:
    tasks.enqueue("test.explode", "x")
    slow = tasks.claim()
    assert slow is not None
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        fresh = tasks.claim()
    assert fresh is not None and fresh.attempts == 2
    tasks._settle(slow, state=Task.State.FAILED, last_error="late")
    assert Task.objects.get().state == Task.State.RUNNING


def test_an_unknown_task_fails_clearly() -> None:
    Task.objects.create(name="gone.away", key="1")
    assert tasks.run_one() is True
    assert Task.objects.get().last_error == "no handler named 'gone.away'"


def test_article_changes_queue_the_subscribed_tasks(make_article: MakeArticle) -> None:
    tasks.on_article_change("test.record")
    try:
        article = make_article()
        Task.objects.all().delete()
        from newsdesk.publishing import services

        services.article_unpublish(article=article, user=None)
        article_id = article.pk
        Article.objects.filter(pk=article_id).delete()
        # Other apps subscribe to article changes too; this test follows its own task only.
        mine = Task.objects.filter(name="test.record")
        assert list(mine.values_list("key", flat=True)) == [str(article_id)]
        Task.objects.exclude(name="test.record").delete()
        assert tasks.run_one() is True
        assert calls == [str(article_id)]
    finally:
        tasks._ARTICLE_CHANGE.remove("test.record")
