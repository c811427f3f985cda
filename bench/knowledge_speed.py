"""How fast is the knowledge pipeline? Words per second on one core, and peak memory.

    .venv/bin/python -m bench.knowledge_speed [--datasets ../shared/datasets] [--runs 3]

The text is PolNeAR's dev split (84 real news articles, read in place, never copied) plus the
demo articles. Each variant runs in its own fresh process pinned to one core, so peak memory
(ru_maxrss) is that variant's alone; each is run ``--runs`` times and the median reported.
Words are counted as the site counts them (``lib.text.count_words``); spaCy's own speed
figures count tokens, punctuation included, so that column is given too.

Variants, all in the same run:
- ``spacy-full``: the model exactly as shipped (all six components over every sentence): the
  reference the issue quotes at about 9,400 words/s.
- ``spacy-ours``: only what the pipeline loads, parsing every sentence.
- ``pipeline``: ``knowledge.pipeline.analyze`` end to end (selective parsing, all extractors
  and checks).
- ``pipeline-fewer-parses``: the same, but sentences whose only claim to a parse is a number
  are not parsed (the figures extractor falls back to its patterns there): the alternative
  that was measured and not adopted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.report import cpu_model

REPO = Path(__file__).resolve().parent.parent
VARIANTS = ("spacy-full", "spacy-ours", "pipeline", "pipeline-fewer-parses")


def corpus(datasets: Path) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(datasets.glob("quotes-polnear/dev/text/*.txt"))
    ]
    demo = REPO / "src/newsdesk/publishing/demo/articles"
    for path in sorted(demo.glob("*.md")):
        texts.append(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
    return texts


def measure(variant: str, datasets: Path) -> dict[str, float]:
    """Run in a child pinned to one core: time one pass over the corpus after a warm-up."""
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    import spacy

    from newsdesk.knowledge import lexicon, nlp, pipeline
    from newsdesk.lib.text import count_words

    texts = corpus(datasets)
    words = sum(count_words(t) for t in texts)
    if variant == "pipeline-fewer-parses":
        cues = sorted(lexicon.SPEECH_VERBS | lexicon.NAMING_VERBS, key=len, reverse=True)
        pattern = r'["“”„‟«»]|\b(?:' + "|".join(cues) + r"|according)\b"
        lexicon._NEEDS_PARSE = re.compile(pattern, re.IGNORECASE)
    if variant.startswith("pipeline"):

        def run() -> None:
            for text in texts:
                pipeline.analyze(text)

        pipeline.analyze(texts[0])  # warm caches and lazy imports outside the clock
    else:
        model = spacy.load(nlp.MODEL) if variant == "spacy-full" else nlp.model()

        def run() -> None:
            for _ in model.pipe(texts):
                pass

        model(texts[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    run()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    tokenizer = spacy.blank("en").tokenizer
    tokens = sum(len(tokenizer(t)) for t in texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"words": words, "tokens": tokens, "seconds": seconds, "cpu": cpu, "peak_mib": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.datasets)))
        return 0
    results: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    load = os.getloadavg()[0]
    for _ in range(args.runs):
        for variant in VARIANTS:  # interleaved, so drifting load hits every variant alike
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.knowledge_speed",
                    "--child",
                    variant,
                    "--datasets",
                    str(args.datasets),
                ],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            )
            results[variant].append(json.loads(done.stdout.strip().splitlines()[-1]))
    first = results["pipeline"][0]
    print(
        f"{cpu_model()}, one core; {len(corpus(args.datasets))} articles, "
        f"{int(first['words']):,} words ({int(first['tokens']):,} tokens); "
        f"median of {args.runs}; load average at start {load:.1f}\n"
    )
    print("| variant | words/s | tokens/s | words per CPU second | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for variant, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = max(r["peak_mib"] for r in runs)
        print(
            f"| {variant} | {first['words'] / seconds:,.0f} | {first['tokens'] / seconds:,.0f} "
            f"| {first['words'] / cpu:,.0f} | {peak:,.0f} MiB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
