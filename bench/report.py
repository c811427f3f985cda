"""The Markdown report of a benchmark run: machine, versions, command, and one table."""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from bench.servers import REPO
from bench.wrk import WrkResult, summarize

if TYPE_CHECKING:
    from bench.http_bench import Plan


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} + uncommitted changes" if dirty else commit


def _wrk_version() -> str:
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    first = (done.stdout or done.stderr).splitlines()
    return first[0].split(" Copyright")[0] if first else "unknown"


@dataclass(frozen=True)
class Meta:
    command: str
    date: str
    machine: str
    software: str
    code: str
    articles: int
    page_bytes: int
    hot: int
    load: str

    @classmethod
    def collect(
        cls,
        argv: Sequence[str],
        started: float,
        articles: int,
        page_bytes: int,
        hot: int,
        load_at_start: float,
    ) -> Meta:
        cpus = len(os.sched_getaffinity(0))
        return cls(
            command=shlex.join([".venv/bin/python", "-m", "bench.http_bench", *argv[1:]]),
            date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
            machine=(
                f"{cpus} CPUs ({cpu_model()}), {memory_gib():.0f} GiB RAM, "
                f"Linux {platform.release()}"
            ),
            software=(
                f"Python {platform.python_version()}, Django {_version('django')}, "
                f"gunicorn {_version('gunicorn')}, WhiteNoise {_version('whitenoise')}, "
                f"{_wrk_version()}"
            ),
            code=_git_state(),
            articles=articles,
            page_bytes=page_bytes,
            hot=hot,
            load=f"{load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
        )


def markdown(
    meta: Meta,
    plan: Plan,
    results: Mapping[tuple[str, str], Sequence[WrkResult]],
    hit_ratios: Mapping[tuple[str, str], float],
) -> str:
    options = plan.wrk
    lines = [
        f"#### Article page, {meta.articles:,} published articles in SQLite ({meta.date})",
        "",
        f"- command: `{meta.command}`",
        f"- machine: {meta.machine}",
        f"- software: {meta.software}",
        f"- code: git {meta.code}",
        f"- 1-minute load average: {meta.load} (other sessions share this machine)",
        f"- load: wrk {options.threads} thread(s), {options.connections} connections, "
        f"{plan.runs} runs x {plan.duration_s} s per cell after a warm-up, servers alternated "
        "within each round; figures are medians (min-max of req/s in brackets)",
        f"- pages: uncached rotates over all {meta.articles:,} article URLs "
        "(`NEWSDESK_PAGE_CACHE_SECONDS=0`); cached rotates over the "
        f"{meta.hot} newest (default cache, refilled before each run); static is a "
        f"{meta.page_bytes:,}-byte file from WhiteNoise, the median size of an article page",
        "- server CPU ms/req: user+system time of the server's processes during the run over "
        "its requests; req/s if alone: CPU count / (server + wrk CPU per request), what this "
        "machine would do with no other load on it (an estimate, not a measurement)",
        "",
        "| server | case | req/s | p50 ms | p99 ms | errors | vs static "
        "| server CPU ms/req | req/s if alone |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for spec in plan.specs:
        static = results.get((spec.slug, "static"))
        static_rps = summarize(static).rps if static else 0.0
        for case in plan.cases:
            s = summarize(results[(spec.slug, case)])
            ratio = f"{s.rps / static_rps:.2f}" if static_rps and case != "static" else ""
            label = case
            if (spec.slug, case) in hit_ratios:
                label += f" (hits {hit_ratios[(spec.slug, case)]:.0%})"
            lines.append(
                f"| {spec.label} | {label} | {s.rps:,.0f} ({s.rps_min:,.0f}-{s.rps_max:,.0f}) "
                f"| {s.lat_p50_ms:.1f} | {s.lat_p99_ms:.1f} | {s.errors} | {ratio} "
                f"| {s.server_cpu_ms:.2f} | {s.projected_rps:,.0f} |"
            )
    return "\n".join(lines) + "\n"
