"""How fast and how quiet are the editorial checks? Time and false alarms, text-only rules.

    .venv/bin/python -m bench.checks_bench [--runs 15] [--list] [--write]

- Speed: ``checks.run(body, title=, dek=)`` with ``analysis=None``, exactly what the publish
  gate calls inside a request, on a 10,000-word body (the demo articles end to end, repeated)
  and on 5 MB of the same text. Median of ``--runs`` runs, wall time and CPU time of this
  process (the machine is shared: CPU time is what another load disturbs least), with the
  share of ``markup.prose()`` (which the checks need and do not own) and of each rule.
- Alarms: every finding on the demo articles (clean prose, no planted defect) and on the 84
  real news texts of PolNeAR's dev split (read in place from ``../shared/datasets``, never
  copied; first line taken as the title), per rule and per article. ``--list`` prints each one
  so a person can judge it.

``--write`` replaces the "## Knowledge: editorial checks" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import yaml

from bench.report import cpu_model
from newsdesk.knowledge import checks, markup
from newsdesk.knowledge.rules.base import Doc
from newsdesk.knowledge.types import Finding

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "src" / "newsdesk" / "publishing" / "demo" / "articles"
BENCHMARKS = REPO / "docs" / "benchmarks.md"
SECTION = "## Knowledge: editorial checks"
# What reading every alarm by hand found (update it when the rules change).
REVIEW = """\
Every alarm above was read by hand (2026-11-25, `--list`). Demo articles: none. PolNeAR dev:
the 12 unbalanced-quotes alarms are real defects of the texts (a closing mark typed for an
opening one, a curly mark facing the wrong way, a quotation never opened or never closed);
the 3 stray-fragment alarms are NYT section headings left as plain lines
('All Bets Are Off.'); the repeated-text alarm is a tweet quoted twice in one article. The one
false alarm is glued-words on "missinformed", a misspelling rather than two words run
together: 1 false alarm in 84 articles (0.01 per article). On our own annotated set
(`bench.knowledge_eval`, section above) every planted text defect is found with no false
alarm; the remaining false alarms there come from quote-without-speaker on quotes the
extractor left unattributed.
"""
Article = tuple[str, str, str, str]  # name, body, title, dek


def demo() -> Iterator[Article]:
    for path in sorted(DEMO.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        yield path.name, body, str(meta.get("title", "")), str(meta.get("dek", ""))


def polnear(datasets: Path) -> Iterator[Article]:
    for path in sorted(datasets.glob("quotes-polnear/dev/text/*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        yield path.name, body, title, "A dek."  # PolNeAR has no deks; do not count empty ones


def body_of(words: int) -> str:
    text = "\n\n".join(body for _, body, _, _ in demo())
    tokens = text.split(" ")
    while len(tokens) < words * 1.2:
        tokens += tokens
    return " ".join(tokens)[: len(" ".join(tokens[:words]))]


def timed(step: Callable[[], object], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def speed(body: str, runs: int) -> list[tuple[str, float, float]]:
    rows = [
        ("checks.run, all text rules", *timed(lambda: checks.run(body, title="T", dek="D"), runs))
    ]
    rows.append(("of which markup.prose()", *timed(lambda: markup.prose(body), runs)))
    for name, rule in checks.TEXT_RULES.items():
        doc = Doc(body, "T", "D")
        _ = doc.text  # prose and masking are shared by all rules: time the rule alone
        rows.append((f"of which {name}", *timed(lambda: list(rule(doc)), runs)))  # noqa: B023
    return rows


def alarms(articles: list[Article]) -> tuple[Counter[str], list[tuple[str, Finding]]]:
    found: list[tuple[str, Finding]] = []
    for name, body, title, dek in articles:
        found += [(name, f) for f in checks.run(body, title=title, dek=dek)]
    return Counter(f.rule for _, f in found), found


def report(args: argparse.Namespace) -> str:
    body = body_of(10_000)
    big = (body * (5_000_000 // len(body) + 1))[:5_000_000]
    lines = [
        SECTION,
        "",
        f"Measured {date.today().isoformat()} on {cpu_model()} (shared, see the top of this "
        "file) with `.venv/bin/python -m bench.checks_bench --runs "
        f"{args.runs}`: text-only rules, as the publish gate runs them.",
        "",
        f"| 10,000-word body ({len(body):,} chars), median of {args.runs} | wall ms | CPU ms |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {label} | {wall:.1f} | {cpu:.1f} |" for label, wall, cpu in speed(body, args.runs)
    ]
    wall, cpu = timed(lambda: checks.run(big, title="T", dek="D"), 3)
    lines += ["", f"5 MB body: {wall / 1000:.2f} s wall, {cpu / 1000:.2f} s CPU (median of 3).", ""]
    lines += [
        "| corpus | articles | findings | per article | by rule |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    listed: list[str] = []
    for label, articles in (
        ("demo articles", list(demo())),
        ("PolNeAR dev", list(polnear(args.datasets))),
    ):
        by_rule, found = alarms(articles)
        rules = ", ".join(f"{rule} {count}" for rule, count in sorted(by_rule.items())) or "none"
        n = len(articles)
        lines.append(f"| {label} | {n} | {len(found)} | {len(found) / max(n, 1):.2f} | {rules} |")
        listed += [
            f"{label}: {name} {f.rule} [{f.start}:{f.end}] {f.excerpt!r}" for name, f in found
        ]
    lines += ["", REVIEW]
    if args.list:
        print("\n".join(listed), file=sys.stderr)
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    current = path.read_text(encoding="utf-8")
    start = current.find(SECTION)
    if start < 0:
        path.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    following = current.find("\n## ", start + len(SECTION))
    rest = "" if following < 0 else current[following:]
    path.write_text(current[:start] + text + rest, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.checks_bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--list", action="store_true", help="print every finding to stderr")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    text = report(args)
    print(text)
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
