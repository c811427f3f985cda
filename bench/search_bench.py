"""Search latency at several corpus sizes: the search function, and the whole /search/ request.

    .venv/bin/python -m bench.search_bench --sizes 1000,10000,100000
    .venv/bin/python scripts/pgcluster.py -- .venv/bin/python -m bench.search_bench --sizes 1000

SQLite by default (a database per size under --home, reused between runs); PostgreSQL when
NEWSDESK_DATABASE_URL points at one (a database per size beside it). Each size runs in its own
process: it builds the corpus with bench/corpus.py when missing, indexes it (timed), draws the
fixed query set (bench/search_queries.py), warms up, then times every query --runs times in a
shuffled order, through `selectors.search` and then through Django's test client. A query's
figure is its median over the runs; the table gives the median and 95th percentile over queries.
Prints a Markdown report for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.report import cpu_model, memory_gib

REPO = Path(__file__).resolve().parent.parent


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
    }


# ---------------------------------------------------------------------------------------------
# The worker: one corpus size, in its own process (Django settings are per process).


def _prepare(articles: int, reindex: bool) -> float | None:
    """Corpus and index in place; the seconds a full reindex took, when one was needed."""
    from django.core.management import call_command

    from bench import corpus
    from newsdesk.discovery.search.models import SearchEntry
    from newsdesk.discovery.search.services import index_rebuild
    from newsdesk.publishing.models import Article

    with contextlib.redirect_stdout(sys.stderr):
        if corpus.main(["--articles", str(articles), "--reuse", "--reset"]) != 0:
            raise SystemExit("the corpus could not be built")
        call_command("collectstatic", interactive=False, verbosity=0)
    if not reindex and SearchEntry.objects.count() == Article.objects.published().count():
        return None
    started = time.perf_counter()
    index_rebuild(lambda done, total: print(f"reindex {done}/{total}", file=sys.stderr))
    return time.perf_counter() - started


def _time_each(
    count: int, runs: int, call: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per query: medians of ``runs`` timings, shuffled each run.

    CPU is this process's time (Python and, for SQLite, the database engine; not PostgreSQL's
    server): on a machine shared with other work it shows the cost without the waiting.
    """
    wall: dict[int, list[float]] = {i: [] for i in range(count)}
    cpu: dict[int, list[float]] = {i: [] for i in range(count)}
    order = list(range(count))
    for run in range(runs):
        random.Random(run).shuffle(order)
        for i in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            call(i)
            cpu[i].append((time.process_time() - started_cpu) * 1000)
            wall[i].append((time.perf_counter() - started) * 1000)
    return (
        [statistics.median(wall[i]) for i in range(count)],
        [statistics.median(cpu[i]) for i in range(count)],
    )


def _index_update_ms(samples: int = 30) -> float:
    from newsdesk.discovery.search.services import index_articles
    from newsdesk.publishing.models import Article

    ids = list(Article.objects.published().order_by("?").values_list("pk", flat=True)[:samples])
    timings = []
    for pk in ids:
        started = time.perf_counter()
        index_articles([pk])
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _database_mb() -> float:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        return sum(p.stat().st_size for p in name.parent.glob(name.name + "*")) / 2**20
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0]) / 2**20


def worker(articles: int, runs: int, reindex: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench import search_queries
    from newsdesk.discovery.search import selectors
    from newsdesk.discovery.search.forms import SearchForm

    reindex_s = _prepare(articles, reindex)
    queries = search_queries.build()
    filters = []
    for query in queries:  # parsed as the view does, outside the timing
        form = SearchForm(dict(query.params))
        form.is_valid()
        filters.append(form.filters())
    client = Client(HTTP_HOST="localhost")

    def function(i: int) -> selectors.SearchPage:
        return selectors.search(queries[i].params["q"], filters[i])

    def request(i: int) -> object:
        response = client.get("/search/", queries[i].params)
        assert response.status_code == 200, (response.status_code, queries[i].params)
        return response

    for i in range(len(queries)):  # warm-up: caches, stemmer, connection
        function(i)
        request(i)
    found = [function(i) for i in range(len(queries))]
    function_ms, function_cpu = _time_each(len(queries), runs, function)
    request_ms, _ = _time_each(len(queries), runs, request)
    kinds = sorted({query.kind for query in queries})
    return {
        "articles": articles,
        "vendor": connection.vendor,
        "queries": len(queries),
        "reindex_s": reindex_s,
        "index_update_ms": _index_update_ms(),
        "database_mb": _database_mb(),
        "function": summary(function_ms),
        "function_cpu": summary(function_cpu),
        "request": summary(request_ms),
        "by_kind": {
            kind: {
                "function": statistics.median(
                    ms for ms, q in zip(function_ms, queries, strict=True) if q.kind == kind
                ),
                "request": statistics.median(
                    ms for ms, q in zip(request_ms, queries, strict=True) if q.kind == kind
                ),
            }
            for kind in kinds
        },
        "empty": sum(1 for page in found if not page.total),
        "slowest": sorted(
            zip(function_ms, [q.label() for q in queries], strict=True), reverse=True
        )[:5],
    }


# ---------------------------------------------------------------------------------------------
# The parent: one worker per size, then the report.


def _postgres_url(base: str, articles: int) -> str:
    """A database per size in the same cluster, created on first use."""
    import psycopg

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_search_{articles}"
    with psycopg.connect(base, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_size(articles: int, runs: int, home: Path, reindex: bool) -> dict[str, Any]:
    base = os.environ.get("NEWSDESK_DATABASE_URL", "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    if base.startswith(("postgres://", "postgresql://")):
        env["NEWSDESK_DATABASE_URL"] = _postgres_url(base, articles)
        env["NEWSDESK_HOME"] = str(home / f"postgres-{articles}")
    else:
        env.pop("NEWSDESK_DATABASE_URL", None)
        env["NEWSDESK_HOME"] = str(home / f"sqlite-{articles}")
    (Path(env["NEWSDESK_HOME"]) / "var").mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "bench.search_bench", "--worker", str(articles)]
    done = subprocess.run(
        [*command, "--runs", str(runs), *(["--reindex"] if reindex else [])],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(
    results: list[dict[str, Any]], argv: Sequence[str], started: float, load_at_start: float
) -> str:
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[results[0]["vendor"]]
    cpus = len(os.sched_getaffinity(0))
    runs = argv[argv.index("--runs") + 1] if "--runs" in argv else "5"
    lines = [
        f"#### {vendor} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))})",
        "",
        f"- command: `{shlex.join(['.venv/bin/python', '-m', 'bench.search_bench', *argv])}`",
        f"- machine: {cpus} CPUs ({cpu_model()}), {memory_gib():.0f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}; "
        f"load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        "(other sessions share the machine: compare the CPU column)",
        f"- {results[0]['queries']} queries, each timed {runs} times (its median counts); "
        "function = `selectors.search()` (page 1, with snippets); "
        "request = the whole `GET /search/` through Django's test client",
        "",
        "| articles | function median ms | function p95 ms | function CPU median / p95 ms "
        "| request median ms | request p95 ms | reindex s | one article re-indexed ms "
        "| database MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        reindex = f"{r['reindex_s']:.0f}" if r["reindex_s"] is not None else "(reused)"
        lines.append(
            f"| {r['articles']:,} | {r['function']['median']:.1f} | {r['function']['p95']:.1f} "
            f"| {r['function_cpu']['median']:.1f} / {r['function_cpu']['p95']:.1f} "
            f"| {r['request']['median']:.1f} | {r['request']['p95']:.1f} | {reindex} "
            f"| {r['index_update_ms']:.1f} | {r['database_mb']:,.0f} |"
        )
    kinds = list(results[-1]["by_kind"])
    lines += ["", "Median ms by kind of query (function / request):", ""]
    lines.append("| articles | " + " | ".join(kinds) + " |")
    lines.append("| ---: |" + " ---: |" * len(kinds))
    for r in results:
        cells = [
            f"{r['by_kind'][k]['function']:.1f} / {r['by_kind'][k]['request']:.1f}" for k in kinds
        ]
        lines.append(f"| {r['articles']:,} | " + " | ".join(cells) + " |")
    last = results[-1]
    slow = "; ".join(f"`{label}` {ms:.0f} ms" for ms, label in last["slowest"])
    lines += ["", f"Slowest at {last['articles']:,} (function): {slow}."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timings per query (median kept)")
    parser.add_argument("--home", type=Path, default=Path("/tmp/newsdesk-search-bench"))
    parser.add_argument(
        "--reindex", action="store_true", help="time a full reindex even when the index is there"
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(args_list)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.worker:
        print(json.dumps(worker(args.worker, args.runs, args.reindex)))
        return 0
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, such as 1000,10000")
    started, load_at_start = time.time(), os.getloadavg()[0]
    results = []
    for size in sizes:
        print(f"search_bench: {size:,} articles...", file=sys.stderr, flush=True)
        results.append(run_size(size, args.runs, args.home, args.reindex))
    print(report(results, args_list, started, load_at_start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
