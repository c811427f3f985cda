from __future__ import annotations

import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.utils import timezone

from newsdesk.ops.worker import load_jobs, run_once
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle
from tests.ops.process import CLI, cli_env, newsdesk


@pytest.mark.django_db
def test_it_publishes_due_articles_and_stops_when_drained(make_article: MakeArticle) -> None:
    due = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() - timedelta(seconds=1)
    )
    later = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1)
    )
    # Worker.run() would also recycle connections, which a test's transaction cannot survive;
    # the loop itself runs in test_sigterm_stops_a_running_worker_process.
    jobs = load_jobs()
    while run_once(jobs):
        pass
    assert Article.objects.get(pk=due.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=later.pk).status == Article.Status.SCHEDULED


def test_a_failing_job_does_not_stop_the_others() -> None:
    calls: list[str] = []

    def broken() -> bool:
        calls.append("broken")
        raise RuntimeError("boom")

    def lost_database() -> bool:
        calls.append("db")
        raise DatabaseError("server closed the connection unexpectedly")

    def healthy() -> bool:
        calls.append("healthy")
        return True

    assert run_once([("broken", broken), ("db", lost_database), ("healthy", healthy)]) is True
    assert calls == ["broken", "db", "healthy"]


def test_sigterm_stops_a_running_worker_process(tmp_path: Path) -> None:
    assert newsdesk(tmp_path, "manage", "migrate", "-v0").returncode == 0
    worker = subprocess.Popen(
        [*CLI, "worker", "--poll", "0.2"],
        env=cli_env(tmp_path),
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stderr is not None
        # Wait for the loop itself: a signal during start-up simply ends the process.
        deadline = time.monotonic() + 60
        log = ""
        while "worker started" not in log and time.monotonic() < deadline:
            log += worker.stderr.readline()
        assert "worker started" in log
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0
    finally:
        worker.kill()
    log += worker.stderr.read()
    assert "worker stopped" in log
