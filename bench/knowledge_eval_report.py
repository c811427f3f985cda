"""The tables of bench.knowledge_eval, and its section of docs/benchmarks.md."""

from __future__ import annotations

import platform
import re
import shlex
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import cpu_model, memory_gib

if TYPE_CHECKING:
    from bench.knowledge_eval import Report

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
SECTION = "## Knowledge: own annotated set"


def _pct(x: float) -> str:
    return f"{x:.2f}"


def table(report: Report) -> str:
    lines = [
        "| extractor | gold | predicted | matched | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in report.scores.items():
        lines.append(
            f"| {name} | {s.gold} | {s.predicted} | {s.matched} | {_pct(s.precision)} "
            f"| {_pct(s.recall)} | {_pct(s.f1)} |"
        )
    lines += ["", "| over matched items | right | of | accuracy |", "| --- | ---: | ---: | ---: |"]
    for name, a in report.accuracy.items():
        lines.append(f"| {name} | {a.right} | {a.total} | {_pct(a.share)} |")
    lines += [
        "",
        "| check rule | planted | found | matched | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rule, s in sorted(report.rules.items()):
        lines.append(
            f"| {rule} | {s.gold} | {s.predicted} | {s.matched} | {_pct(s.precision)} "
            f"| {_pct(s.recall)} | {_pct(s.f1)} |"
        )
    alarms = report.false_alarms / max(report.articles, 1)
    lines += ["", f"False alarms (findings matching no planted defect): {alarms:.2f} per article."]
    if report.failures:
        lines.append(f"Extractor failures: {len(report.failures)} ({report.failures[0]} ...).")
    return "\n".join(lines) + "\n"


def section(report: Report, argv: Sequence[str]) -> str:
    command = shlex.join([".venv/bin/python", "-m", "bench.knowledge_eval", *argv])
    wall = report.words / report.seconds if report.seconds else 0.0
    cpu = report.words / report.cpu_seconds if report.cpu_seconds else 0.0
    return (
        f"{SECTION}\n\n"
        f"- command: `{command}`\n"
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: "
        f"{cpu_model()}, {memory_gib():.0f} GiB RAM, Linux {platform.release()}, "
        f"Python {platform.python_version()} (shared with other sessions)\n"
        f"- set: {report.articles} original articles, {report.words:,} words, in "
        f"`bench/knowledge_gold/` (conventions in its README); pipeline speed on it "
        f"{cpu:,.0f} words per CPU second ({wall:,.0f} words/s wall-clock; one process, "
        "model loaded beforehand; a side figure, the speed benchmark is elsewhere)\n"
        "- matching: entities by kind and name key (or alias); quotes by overlap of at least "
        "half the gold span; figures by value within 0.5% and overlap of half the shorter span; "
        "events by date, "
        "precision and overlap; findings by rule, field and any overlap; all one-to-one\n\n"
        f"{table(report)}"
    )


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    """Replace our section of docs/benchmarks.md (up to the next ``## ``), or append it."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(SECTION) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")
