"""What do the figure and event extractors cost next to spaCy?

    .venv/bin/python -m bench.figures_events_bench [--datasets ../shared/datasets] [--runs 5]

The text is PolNeAR's dev split (real news, read in place, never copied). Pinned to one core:
``nlp.read`` (spaCy: NER everywhere, tagger and parser where needed) once per run, then
``figures.extract`` and ``events.extract`` over the read texts; medians of ``--runs`` runs.
Also counts what they find, as a sanity line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from bench.report import cpu_model

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

    from newsdesk.knowledge import events, figures, nlp
    from newsdesk.lib.text import count_words

    paths = sorted(args.datasets.glob("quotes-polnear/dev/text/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        print(f"no PolNeAR texts under {args.datasets}", file=sys.stderr)
        return 1
    words = sum(count_words(t) for t in texts)
    published = date(2016, 11, 1)
    nlp.read(texts[0])  # load the model outside the clock
    timings: dict[str, list[float]] = {"spaCy (nlp.read)": [], "figures": [], "events": []}
    found = {"figures": 0, "events": 0}
    for _ in range(args.runs):
        started = time.perf_counter()
        read = [nlp.read(t) for t in texts]
        timings["spaCy (nlp.read)"].append(time.perf_counter() - started)
        started = time.perf_counter()
        found["figures"] = sum(len(figures.extract(r)) for r in read)
        timings["figures"].append(time.perf_counter() - started)
        started = time.perf_counter()
        found["events"] = sum(len(events.extract(r, published)) for r in read)
        timings["events"].append(time.perf_counter() - started)
    spacy_seconds = statistics.median(timings["spaCy (nlp.read)"])
    print(
        f"{cpu_model()}, one core; {len(texts)} PolNeAR dev articles, {words:,} words; "
        f"median of {args.runs}; load average at start {os.getloadavg()[0]:.1f}\n"
    )
    print("| step | seconds | words/s | share of spaCy's time | found |")
    print("|---|---:|---:|---:|---:|")
    for step, runs in timings.items():
        seconds = statistics.median(runs)
        count = found.get(step)
        print(
            f"| {step} | {seconds:.3f} | {words / seconds:,.0f} | "
            f"{seconds / spacy_seconds:.1%} | {count if count is not None else ''} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
