"""Quote extraction against PolNeAR's attribution gold (real US political news, 2016).

    .venv/bin/python -m bench.polnear_eval [--split dev] [--errors N]

How it counts, exactly:
- One annotator per article: of the article's `.ann` files, the one whose name sorts first.
- Gold: every `Attribution` event with a Content span. Direct when the content (its first
  piece) starts with a quotation mark; indirect (mixed included) otherwise. Attributions of
  thought or intention stay in the gold only when they are reported speech: an indirect
  attribution is kept when its cue contains "according to", a word of the verb-of-saying list
  below, or is only punctuation (":" or a dash standing for "said"); a direct one always.
- Unit: PolNeAR makes one attribution of a split quote (`“A,” she said, “B.”`) and of quoted
  sentences that follow an attributed one, with discontinuous content; the extractor makes
  one quote per passage. Before matching, consecutive direct predictions that share a cue
  (``Found.cue_start``) within one paragraph are joined into one span, from the first's start
  to the last's end: a change of unit, not of what was found.
- Matching, per class (predicted direct vs gold direct; predicted indirect+mixed vs gold
  indirect): a prediction matches a gold attribution when the characters they share are at
  least half the gold content's length (overlap / len(gold) >= 0.5, gold = the union of its
  pieces); pairs are taken one-to-one, greedily by decreasing overlap. A prediction that
  matches only a gold attribution the filter left out counts neither way.
- Speaker accuracy, over matched pairs: correct when the predicted speaker's words (the
  subject of the cue, or the pronoun) overlap the gold Source span, or when the predicted
  speaker's resolved name and the gold Source text share a name key or a surname (PolNeAR has
  no coreference chains, so this stands in for "the same entity"). With no gold Source, it is
  correct when no speaker was predicted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsdesk.knowledge import entities, names, nlp, quotes
from newsdesk.knowledge.types import Entity

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "quotes-polnear"
_SAYING_BASES = """
    say tell add note argue explain state write warn claim insist ask announce suggest
    acknowledge confirm deny declare report recall observe point predict caution concede
    contend admit reply respond remark estimate stress emphasize emphasise call tweet post
    testify allege assert describe accuse charge complain comment mention promise pledge vow
    urge threaten boast joke quip blast slam attack criticize criticise cite echo chant
    question reiterate repeat insist maintain counter retort shout yell scream whisper
    announce disclose reveal concede advise recommend demand propose tout praise decry
    dismiss rebut dispute contradict lament acknowledge brag interject muse speak talk
    read continue conclude explain indicate inform notify publish quote told wrote said
"""
_IRREGULAR = {"tell": ["told"], "write": ["wrote", "written"], "say": ["said"], "read": ["read"]}
QUOTE_MARKS = "\"“”„«»'‘"


def saying_forms() -> frozenset[str]:
    forms: set[str] = set()
    for base in _SAYING_BASES.split():
        stem = base[:-1] if base.endswith("e") else base
        forms |= {base, base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
        if base.endswith("y"):
            forms |= {base[:-1] + "ies", base[:-1] + "ied"}
        forms |= set(_IRREGULAR.get(base, []))
    return frozenset(forms)


SAYING = saying_forms()


@dataclass(frozen=True)
class Gold:
    pieces: list[tuple[int, int]]
    direct: bool
    source: list[tuple[int, int]]
    source_text: str
    kept: bool
    cue: str = ""

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.pieces)


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    direct: bool
    speaker: str | None
    speaker_span: tuple[int, int] | None


def _ranges(spec: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in spec.split(";"))]


def read_gold(path: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind, _, spec = fields[1].partition(" ")
            spans[fields[0]] = (kind, _ranges(spec), fields[2] if len(fields) > 2 else "")
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(part.split(":", 1) for part in fields[1].split()))
    out: list[Gold] = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        pieces = spans[event["Content"]][1]
        direct = text[pieces[0][0] : pieces[0][1]].lstrip()[:1] in QUOTE_MARKS
        source = spans.get(event.get("Source", ""), ("", [], ""))
        cue = spans.get(event.get("Cue", ""), ("", [], ""))[2]
        out.append(Gold(pieces, direct, source[1], source[2], direct or is_saying(cue), cue))
    return out


def is_saying(cue: str) -> bool:
    cue = cue.lower().strip()
    if "according to" in cue or (cue and not re.search(r"\w", cue)):
        return True
    return any(word in SAYING for word in re.findall(r"[a-z]+", cue))


def overlap(start: int, end: int, pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in pieces)


def speaker_right(pred: Predicted, gold: Gold) -> bool:
    if not gold.source:
        return pred.speaker is None and pred.speaker_span is None
    if pred.speaker_span and overlap(*pred.speaker_span, gold.source) > 0:
        return True
    if not pred.speaker:
        return False
    mine, theirs = names.key(pred.speaker), names.key(gold.source_text)
    return bool(mine) and (mine == theirs or mine.split()[-1] == (theirs.split() or [""])[-1])


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speakers: int = 0

    def line(self, name: str) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        s = self.speakers / self.matched if self.matched else 0.0
        return (
            f"| {name} | {self.gold} | {self.predicted} | {self.matched} | {p:.3f} | {r:.3f} "
            f"| {f:.3f} | {s:.3f} |"
        )


def score(
    preds: list[Predicted], golds: list[Gold], direct: bool, tally: Tally
) -> list[tuple[str, Predicted | Gold]]:
    """Adds one article's counts for one class; returns its misses for --errors."""
    mine = [p for p in preds if p.direct == direct]
    theirs = [g for g in golds if g.direct == direct]
    pairs = sorted(
        (
            (overlap(p.start, p.end, g.pieces), i, j)
            for i, p in enumerate(mine)
            for j, g in enumerate(theirs)
        ),
        reverse=True,
    )
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    misses: list[tuple[str, Predicted | Gold]] = []
    ignored = 0
    for shared, i, j in pairs:
        if i in taken_p or j in taken_g or shared * 2 < theirs[j].length:
            continue
        taken_p.add(i)
        taken_g.add(j)
        if not theirs[j].kept:
            ignored += 1
        elif speaker_right(mine[i], theirs[j]):
            tally.matched += 1
            tally.speakers += 1
        else:
            tally.matched += 1
            misses.append(("speaker", mine[i]))
    tally.predicted += len(mine) - ignored
    tally.gold += sum(1 for g in theirs if g.kept)
    misses += [("false", mine[i]) for i in range(len(mine)) if i not in taken_p]
    misses += [("missed", g) for j, g in enumerate(theirs) if j not in taken_g and g.kept]
    return misses


def articles(split: str) -> Iterator[tuple[str, str, Path]]:
    folder = DATA / split
    for path in sorted((folder / "text").glob("*.txt")):
        notes = sorted((folder / "attributions").glob(path.stem + "_*.ann"))
        if notes:
            yield path.stem, path.read_text(encoding="utf-8"), notes[0]


def predict(body: str) -> tuple[list[Predicted], float, float]:
    started = time.perf_counter()
    text = nlp.read(body)
    found_entities: list[Entity]
    try:
        found_entities = entities.extract(text)
    except Exception:  # another extractor's failure must not stop this evaluation
        found_entities = []
    read = time.perf_counter() - started
    started = time.perf_counter()
    found = quotes.find(text, found_entities)
    spent = time.perf_counter() - started
    preds = [
        Predicted(
            f.quote.start,
            f.quote.end,
            f.quote.kind == "direct",
            f.quote.speaker,
            (f.speaker_start, f.speaker_end) if f.speaker_start is not None else None,  # type: ignore[arg-type]
        )
        for f in found
    ]
    return join_shared_cues(preds, found, body), read, spent


def join_shared_cues(
    preds: list[Predicted], found: list[quotes.Found], body: str
) -> list[Predicted]:
    out: list[Predicted] = []
    last_cue: int | None = None
    for pred, item in zip(preds, found, strict=True):
        previous = out[-1] if out else None
        if (
            previous is not None
            and pred.direct
            and previous.direct
            and item.cue_start is not None
            and item.cue_start == last_cue
            and "\n\n" not in body[previous.end : pred.start]
        ):
            out[-1] = Predicted(
                previous.start, pred.end, True, previous.speaker, previous.speaker_span
            )
        else:
            out.append(pred)
        last_cue = item.cue_start if pred.direct else None
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--errors", type=int, default=0, help="print this many misses")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    nlp.model()
    tallies = {True: Tally(), False: Tally()}
    misses: list[tuple[str, str, str, Predicted | Gold]] = []
    reading: list[float] = []
    quoting: list[float] = []
    for n, (name, body, note) in enumerate(articles(args.split)):
        if args.limit and n >= args.limit:
            break
        golds = read_gold(note, body)
        preds, read, spent = predict(body)
        reading.append(read)
        quoting.append(spent)
        for direct in (True, False):
            for why, item in score(preds, golds, direct, tallies[direct]):
                misses.append((name, "direct" if direct else "indirect", why, item))
        if args.errors:
            _bodies[name] = body
    print(f"PolNeAR {args.split}: {n + 1} articles, one annotator each")
    print("| class | gold | predicted | matched | precision | recall | F1 | speaker accuracy |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(tallies[True].line("direct"))
    print(tallies[False].line("indirect + mixed"))
    share = sum(quoting) / sum(reading)
    print(
        f"quote step: {sum(quoting):.2f} s, {share:.1%} of reading+entities ({sum(reading):.2f} s)"
    )
    print(f"median per article: quotes {statistics.median(quoting) * 1000:.1f} ms")
    for name, cls, why, item in misses[: args.errors]:
        _show(name, cls, why, item)
    return 0


_bodies: dict[str, str] = {}


def _show(name: str, cls: str, why: str, item: Predicted | Gold) -> None:
    body = _bodies[name]
    if isinstance(item, Gold):
        content = " … ".join(body[s:e] for s, e in item.pieces)
        print(f"\n[{cls} {why}] {name}\n  gold: {content[:300]!r}")
        print(f"  source: {item.source_text!r} cue: {item.cue!r}")
    else:
        where = item.speaker_span
        words = body[where[0] : where[1]] if where else None
        print(
            f"\n[{cls} {why}] {name}\n  pred: {body[item.start : item.end][:300]!r}"
            f"\n  speaker: {item.speaker!r} words: {words!r}"
        )


if __name__ == "__main__":
    sys.exit(main())
