"""What the entity rules cost next to spaCy, and a quick recall check, on PolNeAR dev texts.

    .venv/bin/python -m bench.entities_bench            # 5 runs of the rules over all texts

Reads every text once with ``nlp.read`` (spaCy: NER everywhere, tagger and parser where
needed), then times ``entities.extract`` over all of them ``--runs`` times, on one core.
The check: PolNeAR's attribution sources that look like names (one to four capitalized words,
not a pronoun), and how many of them a mention of some entity covers. It measures recall of
names only; precision and kinds are left to the gold set (bench/knowledge_eval.py).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsdesk.knowledge import entities, nlp
from newsdesk.lib.text import count_words

DATASET = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "quotes-polnear"
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "You", "A", "An", "This", "His", "Her"}


def name_sources(annotation: Path) -> list[tuple[int, int]]:
    spans = []
    for line in annotation.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].startswith("Source ") or ";" in parts[1]:
            continue
        _, start, end = parts[1].split()
        words = re.sub(r"^(?:The|the)\s+", "", parts[2]).split()
        name_like = 1 <= len(words) <= 4 and all(w[0].isupper() for w in words)
        if name_like and words[0] not in _NOT_NAMES:
            spans.append((int(start), int(end)))
    return spans


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folder = DATASET / args.split
    paths = sorted((folder / "text").glob("*.txt"))
    if not paths:
        sys.exit(f"no texts under {folder}/text")
    nlp.model()
    bodies = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(count_words(b) for b in bodies)
    started = time.process_time()
    texts = [nlp.read(b) for b in bodies]
    reading = time.process_time() - started
    timings = []
    for _ in range(args.runs):
        started = time.process_time()
        found = [entities.extract(t) for t in texts]
        timings.append(time.process_time() - started)
    rules = statistics.median(timings)
    covered = total = 0
    for path, result in zip(paths, found, strict=True):
        spans = [(m.start, m.end) for e in result for m in e.mentions]
        for annotation in (folder / "attributions").glob(f"{path.stem}_*.ann"):
            for start, end in name_sources(annotation):
                total += 1
                covered += any(s < end and e > start for s, e in spans)
            break  # one annotator per article
    print(f"texts: {len(texts)}, words: {words:,}")
    print(f"nlp.read (spaCy) CPU s: {reading:.2f} ({words / reading:,.0f} words/s)")
    print(
        f"entities.extract CPU s, median of {args.runs}: {rules:.3f} ({words / rules:,.0f} words/s)"
    )
    print(f"rules / spaCy: {rules / reading:.1%}")
    print(
        f"entities: {sum(len(r) for r in found):,}, mentions: "
        f"{sum(len(e.mentions) for r in found for e in r):,}"
    )
    print(f"name-like sources covered by a mention: {covered}/{total} = {covered / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
