"""`newsdesk serve`: gunicorn in front of the WSGI app, optionally with a worker beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


class NewsdeskServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from newsdesk.wsgi import application

        return application


# Measured in docs/benchmarks.md (bench/http_bench.py): pages are CPU-bound, so one process per
# core serves as much as 2 x cores + 1 sync processes with less switching, and threads keep HTTP
# keep-alive connections open (sync workers close every connection), which served cached pages
# 1.5-2.7x and static files 1.1-1.7x faster; a request that waits no longer stalls a worker.
THREADS = 4


def default_workers() -> int:
    return max(2, os.cpu_count() or 1)


def serve(*, host: str, port: int, workers: int, access_log: bool, with_worker: bool) -> None:
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "max_requests": 0,
        "preload_app": True,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "newsdesk",
    }
    if not with_worker:
        NewsdeskServer(options).run()
        return
    worker = subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "worker"])

    def stop_worker(arbiter: Any) -> None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()

    options["on_exit"] = stop_worker
    try:
        NewsdeskServer(options).run()
    finally:
        if worker.poll() is None:
            stop_worker(None)
