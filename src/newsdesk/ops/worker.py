"""The background worker: polls the database for due work and does one item at a time.

Each job is a function that does at most one unit of work and returns something truthy when it
did. Jobs claim their rows with conditional UPDATEs, so any number of workers can run side by
side. A job that raises is logged and the loop goes on; a lost database is waited out.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils.module_loading import import_string

log = logging.getLogger("newsdesk.worker")

Job = Callable[[], object]


def load_jobs() -> list[tuple[str, Job]]:
    return [(path, import_string(path)) for path in settings.WORKER_JOBS]


def run_once(jobs: list[tuple[str, Job]]) -> bool:
    """Give every job one turn; True when any of them did some work."""
    busy = False
    for name, job in jobs:
        try:
            busy = bool(job()) or busy
        except DatabaseError as exc:
            log.warning("database error in %s, will retry: %s", name, str(exc).splitlines()[0])
            for conn in connections.all():
                conn.close()
            time.sleep(1.0)
        except Exception:
            log.exception("job %s failed; the worker goes on", name)
    return busy


class Worker:
    def __init__(
        self, jobs: list[tuple[str, Job]] | None = None, poll: float | None = None
    ) -> None:
        self.jobs = jobs if jobs is not None else load_jobs()
        self.poll = settings.WORKER_POLL_SECONDS if poll is None else poll
        self.stopping = False

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        if not self.stopping:
            log.info("stopping after the current item")
        self.stopping = True

    def run(self, *, max_idle_loops: int | None = None) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        log.info("worker started with %d job(s)", len(self.jobs))
        idle = 0
        while not self.stopping:
            close_old_connections()
            if run_once(self.jobs):
                idle = 0
                continue
            idle += 1
            if max_idle_loops is not None and idle >= max_idle_loops:
                break
            deadline = time.monotonic() + self.poll
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, self.poll))
        log.info("worker stopped")
