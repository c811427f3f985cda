"""Content API throughput: `posts/?limit=15&include=tags,authors` on a 10,000-post corpus.

    .venv/bin/python -m bench.api_bench                      # 2 sync workers, 3 runs of 10 s
    .venv/bin/python -m bench.api_bench --workers 2,3 --runs 5

Builds (or reuses) a SQLite corpus under --home with bench.corpus, makes a Content API key with
`newsdesk apikey create`, starts `newsdesk serve` with the page cache off and on (bench.servers),
and runs wrk (bench.wrk) in rounds that alternate between them. Cases:

- first-page: the one URL of the target, again and again (a front-end's home page);
- pages:      the same query over its first 200 pages (a crawler or a static-site build).

Prints a Markdown table of medians for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import report, servers, wrk
from bench.http_bench import _run_python
from bench.servers import Server, ServerSpec

QUERY = "limit=15&include=tags,authors"
CASES = ("first-page", "pages")
PAGES = 200


@dataclass(frozen=True)
class Setup:
    home: Path
    env: dict[str, str]
    key: str


def prepare(home: Path, articles: int) -> Setup:
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_DATABASE_URL": "sqlite:///bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
    }
    print(_run_python(env, "-m", "bench.corpus", "--articles", str(articles), "--reuse").strip())
    _run_python(env, "-m", "newsdesk.cli", "manage", "collectstatic", "--noinput", "-v0")
    key = _run_python(env, "-m", "newsdesk.cli", "apikey", "create", "--name", "bench").strip()
    return Setup(home, env, key)


def paths(case: str, key: str) -> list[str]:
    base = f"/ghost/api/content/posts/?key={key}&{QUERY}"
    if case == "first-page":
        return [base]
    return [f"{base}&page={n}" for n in range(1, PAGES + 1)]


def check_answer(server: Server, key: str, articles: int) -> int:
    """The answer is what the target asks for; returns its size in bytes."""
    status, _, content = servers.fetch(server.base_url + paths("first-page", key)[0])
    data = json.loads(content)
    if status != 200 or len(data["posts"]) != 15 or "authors" not in data["posts"][0]:
        raise SystemExit(f"unexpected answer {status}: {content[:200]!r}")
    if data["meta"]["pagination"]["total"] != articles:
        raise SystemExit(f"expected {articles} posts, the API has {data['meta']['pagination']}")
    return len(content)


def run(
    specs: list[ServerSpec], setup: Setup, args: argparse.Namespace
) -> dict[tuple[str, str, int], list[wrk.WrkResult]]:
    options = wrk.WrkOptions(threads=args.threads, connections=args.connections)
    started: dict[tuple[str, int], Server] = {}
    results: dict[tuple[str, str, int], list[wrk.WrkResult]] = {}
    logs = setup.home / "logs"
    try:
        for spec in specs:
            for seconds in (0, 600):
                started[(spec.slug, seconds)] = servers.start(
                    spec, env=setup.env, cache_seconds=seconds, logs=logs, granian=None
                )
        size = check_answer(next(iter(started.values())), setup.key, args.articles)
        print(f"answer: {size} bytes", flush=True)
        with tempfile.TemporaryDirectory(prefix="newsdesk-api-wrk-") as tmp:
            scripts = {
                c: wrk.write_script(Path(tmp) / f"{c}.lua", paths(c, setup.key)) for c in CASES
            }
            for server in started.values():
                for case in CASES:
                    wrk.run(server.base_url, scripts[case], args.warmup, options)
            for round_no in range(1, args.runs + 1):
                order = list(started.items())
                for (slug, seconds), server in order if round_no % 2 else order[::-1]:
                    for case in CASES:
                        result = wrk.run(
                            server.base_url, scripts[case], args.duration, options,
                            server.cpu_seconds,
                        )  # fmt: skip
                        results.setdefault((slug, case, seconds), []).append(result)
                        print(
                            f"round {round_no} {slug} cache {seconds:>3}s {case:10} "
                            f"{result.rps:8.0f} req/s  p50 {result.lat_p50_ms:6.1f} ms  "
                            f"p99 {result.lat_p99_ms:6.1f} ms  errors {result.errors}",
                            flush=True,
                        )
    finally:
        for server in started.values():
            server.stop()
    return results


def markdown(
    results: dict[tuple[str, str, int], list[wrk.WrkResult]], args: argparse.Namespace
) -> str:
    lines = [
        "| server | page cache | case | req/s (median) | min–max | p50 ms | p99 ms | "
        "server CPU ms/req | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (slug, case, seconds), runs in sorted(results.items()):
        s = wrk.summarize(runs)
        cache = "off" if seconds == 0 else f"{seconds} s"
        lines.append(
            f"| {slug} | {cache} | {case} | {s.rps:,.0f} | {s.rps_min:,.0f}–{s.rps_max:,.0f} | "
            f"{s.lat_p50_ms:.1f} | {s.lat_p99_ms:.1f} | {s.server_cpu_ms:.2f} | {s.errors} |"
        )
    header = [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {report.cpu_model()}, {os.cpu_count()} cores, "
        f"{report.memory_gib():.0f} GiB; load average at start {os.getloadavg()[0]:.2f}",
        f"- command: `.venv/bin/python -m bench.api_bench {' '.join(sys.argv[1:])}`".rstrip(),
        f"- corpus: {args.articles} published posts (bench.corpus, SQLite); "
        f"wrk {args.threads} thread(s), {args.connections} connections, "
        f"{args.runs} runs × {args.duration} s per row",
        f"- URL: `/ghost/api/content/posts/?key=…&{QUERY}`; `pages` rotates page=1…{PAGES}",
    ]
    return "\n".join([*header, "", *lines])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.api_bench", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add = parser.add_argument
    add("--articles", type=int, default=10_000)
    add("--home", type=Path, default=servers.REPO / "var" / "bench-api")
    add("--workers", default="2", help="sync worker counts for `newsdesk serve` (default 2)")
    add("--runs", type=int, default=3)
    add("--duration", type=int, default=10, help="seconds per measured run")
    add("--warmup", type=int, default=3)
    add("--threads", type=int, default=1)
    add("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.duration < 1 or args.articles < 15:
        parser.error("--runs and --duration must be positive and --articles at least 15")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    specs = [ServerSpec("sync", int(n)) for n in args.workers.split(",") if n.strip()]
    setup = prepare(args.home.resolve(), args.articles)
    results = run(specs, setup, args)
    print("\n" + markdown(results, args))
    medians = {
        f"{k[0]}/{k[1]}/{k[2]}": statistics.median(r.rps for r in v) for k, v in results.items()
    }
    (setup.home / "last-api-results.json").write_text(json.dumps(medians, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
