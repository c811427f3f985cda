"""Newsletter delivery throughput, worker memory, and signup latency.

    .venv/bin/python -m bench.newsletter_bench                      # 10k and 100k, 3 runs each
    .venv/bin/python -m bench.newsletter_bench --sizes 10000 --connections 1,2,4,8 --runs 3
    .venv/bin/python -m bench.newsletter_bench --signups 300 --sizes ""

For each size it builds (or reuses) a SQLite database under --home with that many confirmed
subscribers and one published article. Each run queues a new campaign of that article and starts
real `newsdesk worker` processes sending to a counting SMTP sink (bench.newsletter_sink) in its
own process, on this same machine. A run's rate is recipients / (campaign done − worker
launch): it includes the worker's start-up, the campaign start (render once, fix the recipient
list) and every delivery's SMTP exchange and commit. Peak memory is the worker's VmHWM.

The signup figure is the round trip of POST /newsletter/ (a new address each time) against
`newsdesk serve`, up to the confirmation email being queued.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.report import cpu_model, memory_gib

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "newsdesk.cli"]
SLUG = "bench-newsletter"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(home: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    return {**clean, "NEWSDESK_HOME": str(home), "PYTHONPATH": str(REPO), **extra}


def run_cli(home: Path, *args: str, **extra: str) -> str:
    result = subprocess.run(
        [*CLI, *args], env=env_for(home, **extra), cwd=home, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"newsdesk {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


SETUP = """
import sys
from django.utils import timezone
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic
n = int(sys.argv[-1]) if sys.argv[-1].isdigit() else {n}
author = Author.objects.create(name="Bench Author", slug="bench-author")
topic = Topic.objects.create(name="Energy", slug="energy")
body = open("{body}", encoding="utf-8").read()
article = Article(title="Why the grid cannot keep up", slug="{slug}", dek="Queues for grid "
    "connections now stretch into the 2030s.", body=body, status="published",
    published_at=timezone.now())
services.article_save(article=article, user=None)
ArticleAuthor.objects.create(article=article, author=author)
article.topics.set([topic])
newsletter = Newsletter.objects.get(slug="every-new-analysis")
link = Subscriber.newsletters.through
for start in range(0, {n}, 5000):
    people = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{{i}}@mail{{i % 40}}.example", domain=f"mail{{i % 40}}.example",
                   name=f"Reader {{i}}", status="active", confirmed_at=timezone.now())
        for i in range(start, min(start + 5000, {n}))
    )
    link.objects.bulk_create(link(subscriber_id=p.pk, newsletter_id=newsletter.pk) for p in people)
print(Subscriber.objects.count())
"""
DEMO_BODY = REPO / "src/newsdesk/publishing/demo/articles/01-grid-data-centre-boom.md"


def prepare(home: Path, size: int) -> None:
    if (home / "var" / "newsdesk.sqlite3").exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    run_cli(home, "manage", "migrate", "-v0")
    body = DEMO_BODY.read_text(encoding="utf-8").split("---", 2)[2]
    body_file = home / "body.md"
    body_file.write_text(body, encoding="utf-8")
    script = SETUP.format(n=size, body=body_file, slug=SLUG)
    print(f"prepared {run_cli(home, 'manage', 'shell', '-c', script).strip()} subscribers")


def db_query(home: Path, sql: str) -> list[tuple[Any, ...]]:
    import sqlite3

    with sqlite3.connect(home / "var" / "newsdesk.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


@dataclass
class Run:
    size: int
    connections: int
    workers: int
    seconds: float
    sent: int
    sink_messages: int
    peak_rss_mb: float
    worker_cpu: float  # seconds of CPU, all worker processes
    sink_cpu: float
    campaign_seconds: float  # from the campaign's start (render, recipients) to its end

    @property
    def rate(self) -> float:
        return self.sent / self.seconds

    @property
    def campaign_rate(self) -> float:
        return self.sent / self.campaign_seconds


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a live process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cancel_leftovers(home: Path) -> None:
    """An interrupted earlier run must not send in this one."""
    import sqlite3

    with sqlite3.connect(home / "var" / "newsdesk.sqlite3", timeout=30) as db:
        db.execute(
            "UPDATE newsletter_campaign SET state = 'cancelled' "
            "WHERE state IN ('scheduled', 'sending', 'paused')"
        )
        db.execute(
            "UPDATE newsletter_delivery SET state = 'cancelled' "
            "WHERE state IN ('queued', 'claimed', 'sending')"
        )


def one_run(home: Path, size: int, connections: int, workers: int) -> Run:
    _cancel_leftovers(home)
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.newsletter_sink", "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    procs: list[subprocess.Popen[bytes]] = []
    try:
        assert sink.stderr is not None
        sink.stderr.readline()  # listening
        campaign = int(run_cli(home, "campaign", "send", "--article", SLUG).strip())
        extra = {
            "NEWSDESK_EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "NEWSDESK_EMAIL_CONNECTIONS": str(connections),
            "NEWSDESK_EMAIL_DOMAIN_CONNECTIONS": "64",
        }
        started = time.monotonic()
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [*CLI, "worker", "--poll", "0.2"],
                    env=env_for(home, **extra),
                    cwd=home,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        query = f"SELECT state FROM newsletter_campaign WHERE id = {campaign}"
        while db_query(home, query)[0][0] != "done":
            time.sleep(0.05)
        seconds = time.monotonic() - started
        peak = max(peak_rss_mb(p.pid) for p in procs)
        worker_cpu = sum(cpu_seconds(p.pid) for p in procs)
        sink_cpu = cpu_seconds(sink.pid)
    finally:
        sink.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
    out, _ = sink.communicate(timeout=30)
    sent = db_query(
        home,
        f"SELECT COUNT(*) FROM newsletter_delivery WHERE campaign_id = {campaign} "
        "AND state = 'sent'",
    )[0][0]
    messages = json.loads(out)["messages"]
    # Stored as text by SQLite; the campaign's own start and end, without process start-up.
    start, end = db_query(
        home, f"SELECT started_at, finished_at FROM newsletter_campaign WHERE id = {campaign}"
    )[0]
    span = (_parse(end) - _parse(start)).total_seconds()
    return Run(
        size, connections, workers, seconds, sent, messages, peak, worker_cpu, sink_cpu, span
    )


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def signup_latency(home: Path, count: int) -> list[float]:
    port = free_port()
    extra = {
        "DJANGO_SETTINGS_MODULE": "bench.newsletter_settings",
        "NEWSDESK_PAGE_CACHE_SECONDS": "0",
    }
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env_for(home, **extra), cwd=home, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        timings = []
        stamp = int(time.time())
        for n in range(count + 20):
            data = urllib.parse.urlencode(
                {"email": f"signup{stamp}.{n}@example.com", "name": "Bench", "website": ""}
            ).encode()
            began = time.perf_counter()
            with urllib.request.urlopen(f"{base}/newsletter/", data=data, timeout=10) as answer:
                answer.read()
                assert answer.status == 200
            if n >= 20:  # the first requests warm each worker up
                timings.append((time.perf_counter() - began) * 1000)
        return timings
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--home", type=Path, default=REPO / "var" / "bench" / "newsletter")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--connections", default="4", help="per worker, comma-separated")
    parser.add_argument("--workers", default="1", help="worker processes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--signups", type=int, default=300)
    args = parser.parse_args()
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, {memory_gib():.0f} GiB")
    print(f"command: {' '.join(sys.argv)}  date: {time.strftime('%Y-%m-%d')}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    configs = [
        (int(c), int(w)) for w in args.workers.split(",") for c in args.connections.split(",")
    ]
    for size in sizes:
        home = args.home / f"n{size}"
        prepare(home, size)
        runs: dict[tuple[int, int], list[Run]] = {config: [] for config in configs}
        for _ in range(args.runs):  # alternate the configurations, so noise hurts them alike
            for connections, workers in configs:
                run = one_run(home, size, connections, workers)
                runs[(connections, workers)].append(run)
                print(
                    f"  n={size} conn={connections} workers={workers}: {run.seconds:.1f} s, "
                    f"{run.rate:.0f} msg/s from launch, {run.campaign_rate:.0f} msg/s from "
                    f"campaign start, sink got {run.sink_messages}, "
                    f"peak {run.peak_rss_mb:.0f} MB, CPU µs/msg: worker "
                    f"{run.worker_cpu / run.sent * 1e6:.0f}, "
                    f"sink {run.sink_cpu / run.sent * 1e6:.0f}",
                    flush=True,
                )  # fmt: skip
        print(
            "\n| recipients | connections × workers | msg/s, campaign start to end "
            "(median; runs) | msg/s from worker launch (median; runs) "
            "| worker CPU per message | peak worker RSS |"
        )
        print("| ---: | :---: | --- | --- | ---: | ---: |")
        for (connections, workers), done in runs.items():
            rates = [r.rate for r in done]
            spans = [r.campaign_rate for r in done]
            print(
                f"| {size:,} | {connections} × {workers} | **{statistics.median(spans):,.0f}**; "
                f"{', '.join(f'{r:,.0f}' for r in spans)} | "
                f"{statistics.median(rates):,.0f}; {', '.join(f'{r:,.0f}' for r in rates)} | "
                f"{statistics.median(r.worker_cpu / r.sent * 1e6 for r in done):.0f} µs | "
                f"{max(r.peak_rss_mb for r in done):.0f} MB |"
            )
    if args.signups:
        home = args.home / "signup"
        if not (home / "var" / "newsdesk.sqlite3").exists():
            home.mkdir(parents=True, exist_ok=True)
            run_cli(home, "manage", "migrate", "-v0")
        medians = []
        for _ in range(max(args.runs, 1)):
            timings = signup_latency(home, args.signups)
            medians.append(statistics.median(timings))
            print(
                f"  signup: median {statistics.median(timings):.1f} ms, "
                f"p95 {statistics.quantiles(timings, n=20)[-1]:.1f} ms over {len(timings)}"
            )
        print(
            "\nsignup POST → confirmation queued: median of run medians "
            f"{statistics.median(medians):.1f} ms"
        )


if __name__ == "__main__":
    main()
