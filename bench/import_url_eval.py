"""How much of an article `import url` keeps: token-level precision, recall and F1 against the
gold bodies of the article-extraction benchmark (181 real news pages).

    .venv/bin/python -m bench.import_url_eval

Reads ``../shared/datasets/html-extraction`` (never copied into the project). Each page goes
through the same extraction `import url` uses (``sources.webpage.extract_markdown``, i.e.
trafilatura to Markdown); the Markdown is rendered to text with our renderer, so the figure is
what a draft would hold. Tokens are lowercased words; precision and recall count the shared
words (as multisets), per page, then averaged over pages. Pages where nothing is extracted
count as zero. Prints a Markdown report for docs/benchmarks.md.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from bench.report import cpu_model

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "datasets" / "html-extraction"


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def scores(extracted: str, gold: str) -> tuple[float, float, float]:
    ours, theirs = tokens(extracted), tokens(gold)
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(ours.values()), overlap / sum(theirs.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from newsdesk.ingest.sources.webpage import extract_markdown
    from newsdesk.lib.markdown import plain_text, render_markdown

    gold = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    results: list[tuple[float, float, float]] = []
    seconds: list[float] = []
    empty = 0
    for key, record in sorted(gold.items()):
        html = gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes())
        started = time.perf_counter()
        markdown = extract_markdown(html, record.get("url"))
        seconds.append(time.perf_counter() - started)
        empty += not markdown
        text = plain_text(render_markdown(markdown).html)
        results.append(scores(text, record["articleBody"]))
    precision, recall, f1 = (statistics.mean(r[i] for r in results) for i in range(3))
    print(f"### `import url` extraction quality ({len(results)} pages)\n")
    print(f"`{' '.join(sys.argv)}` — {time.strftime('%Y-%m-%d')}, {cpu_model()}, "
          f"{os.cpu_count()} cores.\n")  # fmt: skip
    print("| precision | recall | F1 | pages with no text | median extraction time |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| {precision:.3f} | {recall:.3f} | {f1:.3f} | {empty} | "
          f"{statistics.median(seconds) * 1000:.0f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
