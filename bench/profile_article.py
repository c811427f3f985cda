"""Where the time of one uncached article page goes, in process, through the real WSGI handler.

    .venv/bin/python -m bench.profile_article [--requests 300] [--cprofile FILE]

Uses the corpus that bench.http_bench builds (var/bench), with the knowledge rows of
bench.article_knowledge and the stored page parts it adds. Times are CPU time of this process
(time.process_time), which other load on a shared machine disturbs far less than wall time.
Reports the median CPU time per page, the SQL queries of one page with their median times, the
time spent in SQL and in templates, a small page (robots.txt) through the same middleware as a
floor, and the fixes of bench.whatif one by one and together (patched in this process only).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import whatif

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpRequest

REPO = Path(__file__).resolve().parent.parent


class Timer:
    """Accumulates SQL time (execute_wrapper) and template time (patched Template.render)."""

    def __init__(self) -> None:
        self.sql_s = 0.0
        self.template_s = 0.0
        self.queries: dict[str, list[float]] = defaultdict(list)

    def sql(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        start = time.process_time()
        try:
            return execute(sql, params, many, ctx)
        finally:
            spent = time.process_time() - start
            self.sql_s += spent
            self.queries[_shape(sql)].append(spent * 1000)


def _shape(sql: str) -> str:
    """A query without its values: the tables it reads, and whether it counts."""
    tables = dict.fromkeys(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    kind = "COUNT" if "COUNT(" in sql else "SELECT"
    return f"{kind} {', '.join(tables)}"


@contextmanager
def timing_templates(timer: Timer) -> Iterator[None]:
    from django.template.backends.django import Template

    original = Template.render

    def render(
        self: Template, context: dict[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        start = time.process_time()
        try:
            return original(self, context, request)
        finally:
            timer.template_s += time.process_time() - start

    Template.render = render  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Template.render = original  # type: ignore[method-assign]


def get(handler: WSGIHandler, path: str) -> int:
    """One GET through the WSGI handler, as gunicorn would call it; returns the body size."""
    from django.test import RequestFactory

    environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1").environ
    status: list[str] = []

    def start_response(code: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
        status.append(code)

    body = handler(environ, start_response)
    size = sum(len(chunk) for chunk in body)
    if not status[0].startswith("200"):
        raise SystemExit(f"{path} answered {status[0]}")
    return size


def time_pages(handler: WSGIHandler, paths: Sequence[str]) -> tuple[float, Timer]:
    """Median milliseconds per page, and where the total time went."""
    from django.db import connection

    timer = Timer()
    samples = []
    with connection.execute_wrapper(timer.sql), timing_templates(timer):
        for path in paths:
            start = time.process_time()
            get(handler, path)
            samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), timer


def report_queries(handler: WSGIHandler, paths: Sequence[str]) -> None:
    _, timer = time_pages(handler, paths)
    pages = len(paths)
    total = sum(len(v) for v in timer.queries.values())
    print(f"SQL queries per article page: {total / pages:.1f}")
    for shape, times in sorted(timer.queries.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {len(times) / pages:4.1f} x {statistics.median(times):6.2f} ms  {shape}")


VARIANTS: dict[str, tuple[str, ...]] = {
    "today": (),
    **{fix: (fix,) for fix in whatif.PROPOSED},
    "+".join(whatif.DEFAULT): whatif.DEFAULT,
    "all four": whatif.PROPOSED,
}


def report_variants(handler: WSGIHandler, paths: Sequence[str], rounds: int) -> None:
    """Variants interleaved over several rounds; the median of the rounds' medians is shown."""
    medians: dict[str, list[float]] = defaultdict(list)
    timers: dict[str, Timer] = {}
    for _ in range(rounds):
        for name, fixes in VARIANTS.items():
            with whatif.applied(fixes):
                median_ms, timers[name] = time_pages(handler, paths)
            medians[name].append(median_ms)
        medians["robots.txt (floor)"].append(time_pages(handler, ["/robots.txt"] * 100)[0])
    pages = len(paths)
    print(f"\n{'variant':24} {'ms/page':>8} {'SQL ms':>8} {'template ms':>12}  (last round)")
    for name, values in medians.items():
        line = f"  {name:22} {statistics.median(values):8.2f}"
        if name in timers:
            timer = timers[name]
            line += f" {timer.sql_s * 1000 / pages:8.2f} {timer.template_s * 1000 / pages:12.2f}"
        print(line)


def report_cprofile(handler: WSGIHandler, paths: Sequence[str], out: Path | None) -> None:
    profile = cProfile.Profile()
    with whatif.applied(whatif.PROPOSED):
        profile.runcall(lambda: [get(handler, p) for p in paths])
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream).strip_dirs().sort_stats("cumulative")
    stats.print_stats(35)
    if out is not None:
        out.write_text(stream.getvalue(), encoding="utf-8")
        print(f"\ncProfile of {len(paths)} pages with all four fixes: {out}")
    else:
        print(stream.getvalue())


def setup(home: Path) -> WSGIHandler:
    os.environ.setdefault("NEWSDESK_HOME", str(home))
    os.environ.setdefault("NEWSDESK_DATABASE_URL", "sqlite:///bench.sqlite3")
    os.environ["NEWSDESK_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    return WSGIHandler()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_article", description=__doc__)
    parser.add_argument("--home", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--requests", type=int, default=300, help="pages per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of variants")
    parser.add_argument("--cprofile", type=Path, help="write the cProfile listing here")
    args = parser.parse_args(argv)
    handler = setup(args.home.resolve())
    from newsdesk.publishing.models import Article

    slugs = list(Article.objects.published().values_list("slug", flat=True))
    random.Random(3).shuffle(slugs)
    paths = [f"/articles/{slug}/" for slug in slugs[: args.requests]]
    print(f"{len(slugs)} published articles; page of {get(handler, paths[0]):,} bytes")
    time_pages(handler, paths[:50])  # warm: imports, template compilation, SQLite page cache
    report_queries(handler, paths)
    report_variants(handler, paths, args.rounds)
    report_cprofile(handler, paths, args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
