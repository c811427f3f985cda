"""HTTP throughput of the article page, uncached and cached, next to a static file of equal size.

    .venv/bin/python -m bench.http_bench                 # 10k corpus, 2/3/5 sync workers
    .venv/bin/python -m bench.http_bench --workers 2,5 --alt gthread:2x4 --granian PATH

Builds (or reuses) a SQLite corpus under --home, starts every server under test on its own
loopback port, warms each one, then runs wrk in rounds that alternate between the servers so
that a noisy neighbour hurts them all alike. Prints a Markdown report for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import report, servers, wrk
from bench.servers import Server, ServerSpec

CASES = ("uncached", "cached", "static")
ALT_KINDS = ("gunicorn", "gthread", "granian", "whatif")
STATIC_NAME = "bench/article-size.html"


@dataclass(frozen=True)
class Plan:
    specs: list[ServerSpec]
    cases: list[str]
    runs: int
    duration_s: int
    warmup_s: int
    hot: int
    wrk: wrk.WrkOptions


@dataclass
class Workload:
    home: Path
    env: dict[str, str]
    slugs: list[str]  # every published article, newest first
    page_bytes: int = 0

    def paths(self, case: str, hot: int) -> list[str]:
        if case == "static":
            return [f"/static/{STATIC_NAME}"]
        chosen = self.slugs[:hot] if case == "cached" else self.slugs
        paths = [f"/articles/{slug}/" for slug in chosen]
        random.Random(7).shuffle(paths)
        return paths


def _run_python(env: dict[str, str], *args: str, timeout: int = 1800) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=servers.REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


LIST_SLUGS = (
    "import django; django.setup()\n"
    "from newsdesk.publishing.models import Article\n"
    "print('\\n'.join(Article.objects.published().order_by('-published_at')"
    ".values_list('slug', flat=True)))"
)


def prepare(home: Path, articles: int) -> Workload:
    """The corpus, the collected static files and the list of slugs."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_DATABASE_URL": "sqlite:///bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
    }
    print(_run_python(env, "-m", "bench.corpus", "--articles", str(articles), "--reuse").strip())
    _run_python(env, "-m", "newsdesk.cli", "manage", "collectstatic", "--noinput", "-v0")
    # The page's knowledge sections read stored extraction rows; the corpus has none.
    print(_run_python(env, "-m", "bench.article_knowledge").strip())
    rebuild_related(env)
    render_pages(env)
    slugs = _run_python(env, "-c", LIST_SLUGS).split()
    if len(slugs) != articles:
        raise SystemExit(f"expected {articles} published articles, found {len(slugs)}")
    return Workload(home=home, env=env, slugs=slugs)


def rebuild_related(env: dict[str, str]) -> None:
    """Precompute related-article lists, as the worker would have, where the app has them.

    bulk_create sends no signals, so the worker never saw the corpus arrive; without this the
    page would take the slow fallback that exists for articles not yet indexed.
    """
    listing = _run_python(env, "-m", "newsdesk.cli", "manage", "help", "--commands")
    if "related" not in listing.split():
        print("related: no `related` command in this tree; pages use the fallback query")
        return
    started = time.monotonic()
    _run_python(env, "-m", "newsdesk.cli", "manage", "related", "--rebuild", "--quiet")
    print(f"related: lists rebuilt in {time.monotonic() - started:.0f}s")


RENDER_PAGES = (
    "import django; django.setup()\n"
    "from newsdesk.publishing import pagestore, selectors\n"
    "from newsdesk.publishing.models import Article\n"
    "done = 0\n"
    "for slug in list(Article.objects.published().values_list('slug', flat=True)):\n"
    "    item = selectors.live_article_with_page(slug)\n"
    "    if item is not None and pagestore.stored_parts(item) is None:\n"
    "        pagestore.refresh(item); done += 1\n"
    "print(done)"
)


def render_pages(env: dict[str, str]) -> None:
    """Store the article pages' rendered parts, as the first reader after each change would.

    Trees without publishing.pagestore (a `before` run) have nothing to render.
    """
    started = time.monotonic()
    try:
        done = _run_python(env, "-c", RENDER_PAGES).strip()
    except SystemExit as error:
        print(f"pages: nothing stored ({str(error).splitlines()[-1]})")
        return
    print(f"pages: {done} stored in {time.monotonic() - started:.0f}s")


def measure_page_size(work: Workload, granian: str | None) -> int:
    """Median byte size of 50 article pages, from a short-lived uncached server."""
    probe = servers.start(
        ServerSpec("serve", 2), env=work.env, cache_seconds=0, logs=_logs(work), granian=granian
    )
    try:
        sizes = []
        for path in work.paths("uncached", len(work.slugs))[:50]:
            status, _, body = servers.fetch(probe.base_url + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            sizes.append(len(body))
    finally:
        probe.stop()
    return int(statistics.median(sizes))


def write_static_file(work: Workload, size: int) -> Path:
    """An HTML file of exactly ``size`` bytes where WhiteNoise looks at start-up."""
    target = work.home / "var" / "static" / STATIC_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    head = "<!doctype html>\n<title>static twin of an article page</title>\n<p>"
    filler = ("static bytes " * (size // 13 + 1))[: max(0, size - len(head) - 1)]
    target.write_text((head + filler + "\n")[:size], encoding="ascii")
    return target


def _logs(work: Workload) -> Path:
    return work.home / "logs"


def start_servers(plan: Plan, work: Workload, granian: str | None) -> dict[tuple[str, str], Server]:
    """One server per (spec, cache setting) that some case needs, keyed by (spec slug, case)."""
    started: dict[tuple[str, str], Server] = {}
    for spec in plan.specs:
        by_cache: dict[int, Server] = {}
        for case in plan.cases:
            seconds = 600 if case == "cached" else 0
            if seconds not in by_cache:
                print(f"starting {spec.label} (page cache {seconds}s)", flush=True)
                by_cache[seconds] = servers.start(
                    spec, env=work.env, cache_seconds=seconds, logs=_logs(work), granian=granian
                )
            started[(spec.slug, case)] = by_cache[seconds]
    return started


def hit_ratio(server: Server, paths: Sequence[str], samples: int = 200) -> float:
    """Share of X-Cache: hit over fresh connections, which land on random workers."""
    hits = 0
    for i in range(samples):
        _, headers, _ = servers.fetch(server.base_url + paths[i % len(paths)])
        hits += headers.get("x-cache") == "hit"
    return hits / samples


def warm_up(plan: Plan, work: Workload, started: dict[tuple[str, str], Server], tmp: Path) -> None:
    for (slug, case), server in started.items():
        script = wrk.write_script(tmp / f"{case}.lua", work.paths(case, plan.hot))
        wrk.run(server.base_url, script, plan.warmup_s, plan.wrk)
        if case == "cached":
            ratio = fill_cache(plan, work, server, script)
            print(f"warmed {slug} {case}: cache hit ratio {ratio:.0%}", flush=True)


def fill_cache(plan: Plan, work: Workload, server: Server, script: Path) -> float:
    """Load the hot pages until (almost) every worker has them all; returns the hit ratio.

    Called before every cached run too: entries live NEWSDESK_PAGE_CACHE_SECONDS (600 s), and
    a run that met a wave of expiries would measure re-rendering, not the cache.
    """
    hot = work.paths("cached", plan.hot)
    deadline = time.monotonic() + 180
    ratio = hit_ratio(server, hot)
    while ratio < 0.98 and time.monotonic() < deadline:
        wrk.run(server.base_url, script, plan.warmup_s, plan.wrk)
        ratio = hit_ratio(server, hot)
    return ratio


def measure(
    plan: Plan,
    work: Workload,
    started: dict[tuple[str, str], Server],
    tmp: Path,
    hits: dict[str, float],
) -> dict[tuple[str, str], list[wrk.WrkResult]]:
    """Every cell ``plan.runs`` times; ``hits`` gets the lowest hit ratio after a cached run."""
    scripts = {c: wrk.write_script(tmp / f"{c}.lua", work.paths(c, plan.hot)) for c in plan.cases}
    results: dict[tuple[str, str], list[wrk.WrkResult]] = {k: [] for k in started}
    hot = work.paths("cached", plan.hot)
    for round_no in range(1, plan.runs + 1):
        for case in plan.cases:
            # Alternate the order of servers each round so none always runs right after another.
            specs = plan.specs if round_no % 2 else list(reversed(plan.specs))
            for spec in specs:
                server = started[(spec.slug, case)]
                if case == "cached":
                    fill_cache(plan, work, server, scripts[case])
                result = wrk.run(
                    server.base_url, scripts[case], plan.duration_s, plan.wrk, server.cpu_seconds
                )
                results[(spec.slug, case)].append(result)
                if case == "cached":
                    hits[spec.slug] = min(hits.get(spec.slug, 1.0), hit_ratio(server, hot))
                print(
                    f"round {round_no}/{plan.runs} {case:8} {spec.label:32} "
                    f"{result.rps:8.0f} req/s  p50 {result.lat_p50_ms:6.1f} ms  "
                    f"p99 {result.lat_p99_ms:6.1f} ms  errors {result.errors}  "
                    f"server CPU {result.server_cpu_ms:5.2f} ms/req  "
                    f"projected {result.projected_rps:6.0f} req/s",
                    flush=True,
                )
    return results


def parse_specs(workers: str, alternatives: str) -> list[ServerSpec]:
    """`2,3` and `gunicorn:5x1,gthread:2x4,granian:2x1,whatif:2x4=nav-exists+conn-reuse`."""
    from bench import whatif

    specs = [ServerSpec("serve", int(n)) for n in workers.split(",") if n.strip()]
    for item in filter(None, (a.strip() for a in alternatives.split(","))):
        kind, _, rest = item.partition(":")
        shape, _, fixes = rest.partition("=")
        count, _, threads = shape.partition("x")
        if kind not in ALT_KINDS or not count.isdigit() or not threads.isdigit():
            raise SystemExit(f"--alt expects KIND:WxT with KIND one of {ALT_KINDS}, not {item!r}")
        chosen = tuple(fixes.split("+")) if fixes else whatif.DEFAULT
        if kind == "whatif" and set(chosen) - set(whatif.FIXES):
            raise SystemExit(f"unknown fixes in {item!r}; known: {', '.join(whatif.FIXES)}")
        specs.append(ServerSpec(kind, int(count), int(threads), chosen if kind == "whatif" else ()))
    return specs


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.http_bench", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add = parser.add_argument
    add("--articles", type=int, default=10_000, help="corpus size (default 10000)")
    add("--home", type=Path, default=servers.REPO / "var" / "bench", help="NEWSDESK_HOME to use")
    add("--workers", default="2,3,5", help="worker counts for `newsdesk serve`")
    add("--alt", default="", help="e.g. gunicorn:5x1,gthread:2x4,granian:2x1,whatif:2x4=conn-reuse")
    add("--granian", default=shutil.which("granian"), help="granian executable for --alt granian")
    add("--cases", default=",".join(CASES), help="uncached,cached,static")
    add("--runs", type=int, default=3, help="measured runs per server and case (default 3)")
    add("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    add("--warmup", type=int, default=3, help="seconds of warm-up per server and case")
    add("--hot", type=int, default=100, help="newest articles rotated in the cached case")
    add("--threads", type=int, default=1, help="wrk threads (default 1)")
    add("--connections", type=int, default=16, help="wrk connections (default 16)")
    add("--markdown", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    unknown = set(args.cases.split(",")) - set(CASES)
    if unknown or args.runs < 1 or args.duration < 1 or args.hot < 1:
        parser.error(f"bad --cases {sorted(unknown)} or non-positive --runs/--duration/--hot")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan(
        specs=parse_specs(args.workers, args.alt),
        cases=[c for c in CASES if c in args.cases.split(",")],
        runs=args.runs,
        duration_s=args.duration,
        warmup_s=args.warmup,
        hot=args.hot,
        wrk=wrk.WrkOptions(threads=args.threads, connections=args.connections),
    )
    started_at = time.time()
    work = prepare(args.home.resolve(), args.articles)
    work.page_bytes = measure_page_size(work, args.granian)
    write_static_file(work, work.page_bytes)
    print(f"article page: {work.page_bytes} bytes (median of 50); static twin written")
    started: dict[tuple[str, str], Server] = {}
    load_at_start = os.getloadavg()[0]
    try:
        started = start_servers(plan, work, args.granian)
        with tempfile.TemporaryDirectory(prefix="newsdesk-wrk-") as tmp:
            warm_up(plan, work, started, Path(tmp))
            hits: dict[str, float] = {}
            results = measure(plan, work, started, Path(tmp), hits)
        ratios = {(slug, "cached"): ratio for slug, ratio in hits.items()}
    finally:
        for server in {id(s): s for s in started.values()}.values():
            server.stop()
    meta = report.Meta.collect(
        sys.argv, started_at, args.articles, work.page_bytes, plan.hot, load_at_start
    )
    text = report.markdown(meta, plan, results, ratios)
    print("\n" + text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    raw = {f"{k[0]}/{k[1]}": [asdict(r) for r in v] for k, v in results.items()}
    (work.home / "last-results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
