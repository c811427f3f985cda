"""Start and stop the servers under test, each in its own process group on a loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServerSpec:
    """How to serve: `newsdesk serve` as configured, or an alternative for comparison only."""

    kind: str  # "serve" | "gunicorn" (sync workers) | "gthread" | "granian" | "whatif"
    workers: int
    threads: int = 1
    fixes: tuple[str, ...] = ()  # for "whatif": the bench.whatif fixes to apply

    def __post_init__(self) -> None:
        # "sync" named `newsdesk serve` while that ran sync workers; other benches still say so.
        if self.kind == "sync":
            object.__setattr__(self, "kind", "serve")

    @property
    def label(self) -> str:
        if self.kind == "serve":
            return f"newsdesk serve --workers {self.workers}"
        if self.kind == "whatif":
            return f"gunicorn {self.shape} + {'+'.join(self.fixes)}"
        if self.kind == "granian":
            return f"granian {self.workers} x{self.threads} threads"
        return f"gunicorn {self.shape}"

    @property
    def shape(self) -> str:
        return (
            f"{self.workers} gthread x{self.threads}" if self.threaded else f"{self.workers} sync"
        )

    @property
    def threaded(self) -> bool:
        return self.kind == "gthread" or (self.kind == "whatif" and self.threads > 1)

    @property
    def slug(self) -> str:
        fixes = f"-{len(self.fixes)}fixes" if self.fixes else ""
        return f"{self.kind}-{self.workers}x{self.threads}{fixes}"


@dataclass
class Server:
    spec: ServerSpec
    cache_seconds: int
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float:
        """User plus system CPU time of every live process in the server's group so far."""
        return group_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        """SIGTERM to the whole group (master and workers), SIGKILL after 15 s."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def group_cpu_seconds(pgid: int) -> float:
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces; the fields after its ")" do not.
            fields = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[2]) == pgid:  # fields[0] is field 3 (state); pgrp is field 5
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _command(spec: ServerSpec, port: int, granian: str | None) -> list[str]:
    python = sys.executable
    if spec.kind == "serve":
        newsdesk = str(Path(python).with_name("newsdesk"))
        return [newsdesk, "serve", "--host", HOST, "--port", str(port),
                "--workers", str(spec.workers)]  # fmt: skip
    if spec.kind in {"gunicorn", "gthread", "whatif"}:
        # The other options of newsdesk.ops.server.serve; the worker class and app vary.
        app = "bench.whatif:application" if spec.kind == "whatif" else "newsdesk.wsgi:application"
        return [
            python, "-m", "gunicorn", app, "--bind", f"{HOST}:{port}",
            "--workers", str(spec.workers),
            "--worker-class", "gthread" if spec.threaded else "sync",
            "--threads", str(spec.threads), "--timeout", "60", "--keep-alive", "5",
            "--preload", "--log-level", "warning",
        ]  # fmt: skip
    if spec.kind == "granian":
        if granian is None:
            raise SystemExit("granian was asked for but --granian names no executable")
        return [
            granian, "--interface", "wsgi", "--host", HOST, "--port", str(port),
            "--workers", str(spec.workers), "--blocking-threads", str(spec.threads),
            "--log-level", "warning", "newsdesk.wsgi:application",
        ]  # fmt: skip
    raise ValueError(f"unknown server kind {spec.kind!r}")


def _environment(env: dict[str, str], spec: ServerSpec) -> dict[str, str]:
    merged = {**os.environ, **env}
    if spec.kind == "whatif":
        merged["NEWSDESK_BENCH_WHATIF"] = ",".join(spec.fixes)
    if spec.kind == "granian":
        # Granian runs from its own virtualenv; give it this one's packages and the source tree.
        site = sysconfig.get_paths()["purelib"]
        merged["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), site])
    return merged


def start(
    spec: ServerSpec, *, env: dict[str, str], cache_seconds: int, logs: Path, granian: str | None
) -> Server:
    port = free_port()
    full_env = {**env, "NEWSDESK_PAGE_CACHE_SECONDS": str(cache_seconds)}
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{spec.slug}-cache{cache_seconds}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            _command(spec, port, granian),
            cwd=REPO,
            env=_environment(full_env, spec),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches every worker
        )
    server = Server(spec, cache_seconds, port, process, log_path)
    try:
        wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_healthy(server: Server, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.spec.label} exited; see {server.log_path}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{server.spec.label} did not answer /healthz in {timeout_s:.0f}s")


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (names lower-cased: some servers send them so) and body."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        headers = {name.lower(): value for name, value in answer.headers.items()}
        return answer.status, headers, answer.read()
