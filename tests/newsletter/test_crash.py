"""The crash-safety promise, tested for real.

Two `newsdesk worker` processes send a campaign to a real SMTP server on loopback; they are
killed with SIGKILL several times, twice at the worst moment (the server has taken a message
and the worker has not heard the answer yet), twice at random moments, and started again.
In the end every recipient got the message, nobody was skipped, and the only duplicates are
messages that were in flight on a connection of a killed worker, each flagged in its record.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from aiosmtpd.smtp import SMTP, Envelope

from tests.newsletter.conftest import Received, Recorder, running_server
from tests.ops.process import CLI, cli_env, newsdesk

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 2000
WORKERS = 2
CONNECTIONS = 4  # each worker's default
SETUP = f"""
from django.utils import timezone
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, ArticleAuthor, Author
author = Author.objects.create(name="Crash Tester", slug="crash-tester")
article = Article(title="Crash test", slug="crash-test", body="## One\\n\\nText.",
                  status="published", published_at=timezone.now())
services.article_save(article=article, user=None)
ArticleAuthor.objects.create(article=article, author=author)
newsletter = Newsletter.objects.get(slug="every-new-analysis")
people = Subscriber.objects.bulk_create(
    Subscriber(email=f"r{{i}}@d{{i % 3}}.example", domain=f"d{{i % 3}}.example", status="active")
    for i in range({RECIPIENTS})
)
link = Subscriber.newsletters.through
link.objects.bulk_create(link(subscriber_id=p.pk, newsletter_id=newsletter.pk) for p in people)
"""


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    # Pipelining, as production relays do: the commands and the message go out back to back.
    with running_server(pipelining=True) as server:
        yield server


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite in the test's home; on a PostgreSQL run, a fresh database on that server."""
    server = os.environ.get("NEWSDESK_DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield f"sqlite:///{tmp_path}/crash.sqlite3"
        return
    name = f"crash_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(_dsn(server), autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()


def _dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def _states(url: str) -> Counter[str]:
    query = "SELECT state, COUNT(*) FROM newsletter_delivery GROUP BY state"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            return Counter(dict(db.execute(query).fetchall()))
    with psycopg.connect(_dsn(url)) as db:
        return Counter(dict(db.execute(query).fetchall()))


def _flagged(url: str) -> set[str]:
    query = "SELECT email FROM newsletter_delivery WHERE possible_duplicate"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            return {row[0] for row in db.execute(query)}
    with psycopg.connect(_dsn(url)) as db:
        return {row[0] for row in db.execute(query)}


class Workers:
    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home, self.env = home, env
        self.procs: list[subprocess.Popen[bytes]] = []
        self.kills = 0  # worker processes killed, each with up to CONNECTIONS connections open

    def start(self, n: int = 1) -> None:
        for _ in range(n):
            log = (self.home / f"worker-{len(self.procs)}.log").open("wb")
            self.procs.append(
                subprocess.Popen(
                    [*CLI, "worker", "--poll", "0.2"], env=self.env, cwd=self.home,
                    stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip

    def alive(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in self.procs if p.poll() is None]

    def kill(self, procs: list[subprocess.Popen[bytes]]) -> None:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            self.kills += 1
        for proc in procs:
            proc.wait(timeout=10)

    def stop(self) -> None:
        for proc in self.alive():
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _kill_in_flight(smtp: Recorder, workers: Workers, at: list[int]) -> None:
    """Kill every worker right after the server took message number ``at[0]``, unanswered."""
    lock = threading.Lock()

    async def hook(server: SMTP, envelope: Envelope) -> str | None:
        with lock:
            due = at and len(smtp.received) >= at[0]
            if due:
                at.pop(0)
        if not due:
            return None
        smtp.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), b""))
        workers.kill(workers.alive())
        return "250 2.0.0 accepted (by a server whose client is gone)"

    smtp.data_hook = hook


def _wait(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_kill_9_during_a_send_loses_nobody_and_doubles_at_most_one_per_connection(
    tmp_path: Path, smtp_server: tuple[Recorder, int], database_url: str
) -> None:
    smtp, port = smtp_server
    db = {"NEWSDESK_DATABASE_URL": database_url}
    assert newsdesk(tmp_path, "manage", "migrate", "-v0", **db).returncode == 0
    made = newsdesk(tmp_path, "manage", "shell", "-c", SETUP, **db)
    assert made.returncode == 0, made.stderr
    sent = newsdesk(tmp_path, "campaign", "send", "--article", "crash-test", **db)
    assert sent.returncode == 0, sent.stderr
    campaign_id = sent.stdout.strip()

    worker_env = {
        **cli_env(tmp_path, **db),
        "NEWSDESK_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "tests.newsletter.crash_settings",
        "PYTHONPATH": str(ROOT),
    }
    workers = Workers(tmp_path, worker_env)
    worst_moments = [RECIPIENTS // 5, RECIPIENTS * 3 // 5]
    _kill_in_flight(smtp, workers, worst_moments)
    rng = random.Random(3)
    try:
        workers.start(WORKERS)
        for round_ in range(4):
            if round_ % 2 == 0:  # the worst moment, chosen by the server
                _wait(lambda: not workers.alive(), 60, "the in-flight kill")
            else:  # a random moment, chosen by us
                before = len(smtp.received)
                _wait(lambda b=before: len(smtp.received) > b + 50, 60, "progress")
                time.sleep(rng.uniform(0.0, 0.3))
                workers.kill(workers.alive()[:1])
            workers.start(WORKERS - len(workers.alive()))
        _wait(lambda: _states(database_url).keys() <= {"sent"}, 90, "the campaign to finish")
    finally:
        workers.stop()

    status = newsdesk(tmp_path, "campaign", "status", campaign_id, "--json", **db)
    assert json.loads(status.stdout) == {
        "id": int(campaign_id), "state": "done", "total": RECIPIENTS, "sent": RECIPIENTS,
        "failed": 0, "bounced": 0,
    }  # fmt: skip
    received = Counter(address for r in smtp.received for address in r.recipients)
    everyone = {f"r{i}@d{i % 3}.example" for i in range(RECIPIENTS)}
    assert set(received) == everyone  # nobody skipped
    doubled = {address for address, n in received.items() if n > 1}
    extra = sum(n - 1 for n in received.values())
    flagged = _flagged(database_url)
    assert doubled <= flagged  # every duplicate is on record
    # At most one message in flight per connection of each killed worker. (A message can be in
    # flight at two kills in a row, so one recipient may get it three times; the total holds.)
    assert extra <= workers.kills * CONNECTIONS
    assert len(flagged) <= workers.kills * CONNECTIONS
    assert workers.kills >= 4
