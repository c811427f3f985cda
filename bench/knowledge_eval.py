"""How good is the knowledge pipeline? Our own annotated articles, scored extractor by extractor.

    .venv/bin/python -m bench.knowledge_eval [--json] [--write]

Each article in ``bench/knowledge_gold/`` (Markdown with front matter) has a hand-written
``.gold.json`` beside it (conventions in that folder's README). The pipeline runs on every body
with the front matter's title, dek and date, exactly as the worker would, and is scored:

- entities: a prediction matches a gold entity of the same kind when the names.key of its name
  or of one of its aliases equals that of the gold name or one of the gold aliases;
- quotes: character overlap of at least half the gold span; also kind, speaker (names.key equal
  to the gold speaker's, to one of its aliases', or to its surname; for an unnamed source, one
  description contained in the other), role and organization accuracy over the matched quotes;
- figures: overlap of at least half the shorter of the two spans and a value within 0.5%;
  unit, rate, period and previous value accuracy over the matched figures;
- events: equal date and precision and overlap of at least half the gold sentence;
- checks, per rule: equal rule and field, and any overlap with the gold excerpt; false alarms
  per article = findings matching no gold finding / articles.

Every match is one-to-one, greedy by overlap. Gold spans are located by their text (the
``occurrence``-th time it appears, first by default), so gold never depends on offsets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from bench.knowledge_eval_report import section, table, write_section
from newsdesk.knowledge import names
from newsdesk.knowledge.types import Analysis, Entity, Event, Figure, Finding, Quote

ROOT = Path(__file__).resolve().parent
GOLD_DIR = ROOT / "knowledge_gold"
VALUE_TOLERANCE = 0.005
KINDS = ("PERSON", "ORG", "PLACE", "GROUP")
QUOTE_KINDS = ("direct", "mixed", "indirect")
PRECISIONS = ("day", "month", "year")
RULES = (
    "glued-words",
    "unbalanced-quotes",
    "repeated-text",
    "stray-fragment",
    "title-length",
    "dek-length",
    "quote-without-speaker",
    "conflicting-roles",
    "conflicting-figures",
    "heading-order",
)
# The text each gold section is located by.
SPAN_KEYS = {"quotes": "text", "figures": "text", "events": "text", "findings": "excerpt"}
P = TypeVar("P")
G = TypeVar("G")


class GoldError(ValueError):
    """A gold file that does not fit its article: the message names the file and the item."""


@dataclass(frozen=True)
class Located:
    """A gold item with the span its text occupies in the body (or title or dek)."""

    data: dict[str, Any]
    start: int
    end: int


@dataclass
class GoldArticle:
    path: Path
    title: str
    dek: str
    published: date
    body: str
    gold: dict[str, list[dict[str, Any]]]

    def field_text(self, name: str) -> str:
        return {"title": self.title, "dek": self.dek}.get(name, self.body)

    def locate(self, section: str, key: str) -> list[Located]:
        """Every item of a gold section with its span; GoldError if a text is not there."""
        out = []
        for number, item in enumerate(self.gold.get(section, []), start=1):
            haystack = self.field_text(item.get("field", "body"))
            text = item[key]
            start = -1
            for _ in range(int(item.get("occurrence", 1))):
                start = haystack.find(text, start + 1)
                if start == -1:
                    raise GoldError(f"{self.path.name}: {section} #{number}: {text!r} not found")
            out.append(Located(item, start, start + len(text)))
        return out


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    # The importer's own splitter, so that body offsets are those `newsdesk import` stores.
    from newsdesk.ingest.frontmatter import split_front_matter

    meta, body = split_front_matter(text)
    if meta is None:
        raise GoldError(f"{path.name}: no front matter")
    return meta, body


def _published(value: Any, path: Path) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    raise GoldError(f"{path.name}: front matter has no date")


def load(root: Path = GOLD_DIR) -> list[GoldArticle]:
    articles = []
    for path in sorted(root.glob("[0-9][0-9]-*.md")):
        meta, body = _front_matter(path.read_text(encoding="utf-8"), path)
        gold_path = path.with_suffix(".gold.json")
        if not gold_path.exists():
            raise GoldError(f"{path.name}: no {gold_path.name}")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = GoldArticle(
            path=path,
            title=str(meta.get("title") or ""),
            dek=str(meta.get("dek") or ""),
            published=_published(meta.get("date"), path),
            body=body,
            gold=gold,
        )
        for part, key in SPAN_KEYS.items():
            article.locate(part, key)  # a gold text not in its article stops the run here
        articles.append(article)
    return articles


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: int, predicted: int, matched: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.matched += matched

    def as_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def count(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Report:
    articles: int = 0
    words: int = 0
    seconds: float = 0.0  # wall-clock time in the pipeline
    cpu_seconds: float = 0.0  # this process's CPU time in it (the machine is shared)
    scores: dict[str, Score] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    rules: dict[str, Score] = field(default_factory=lambda: {rule: Score() for rule in RULES})
    false_alarms: int = 0
    failures: list[str] = field(default_factory=list)
    # What went wrong, item by item, for `--misses`: "file: section: gold/predicted/wrong ...".
    misses: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def acc(self, name: str) -> Accuracy:
        return self.accuracy.setdefault(name, Accuracy())

    def as_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "words_per_second": round(self.words / self.seconds) if self.seconds else None,
            "words_per_cpu_second": (
                round(self.words / self.cpu_seconds) if self.cpu_seconds else None
            ),
            "extractors": {name: s.as_json() for name, s in self.scores.items()},
            "accuracy": {
                name: {"right": a.right, "total": a.total, "share": round(a.share, 3)}
                for name, a in self.accuracy.items()
            },
            "checks": {rule: s.as_json() for rule, s in self.rules.items()},
            "false_alarms_per_article": round(self.false_alarms / max(self.articles, 1), 2),
            "failures": self.failures,
        }


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair(
    golds: Sequence[G], preds: Sequence[P], closeness: Callable[[G, P], float | None]
) -> list[tuple[G, P]]:
    """One-to-one matching, closest pairs first; closeness None means "no match"."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            c = closeness(g, p)
            if c is not None:
                candidates.append((-c, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((golds[gi], preds[pi]))
    return out


def half_of_gold(g: Located, start: int, end: int) -> float | None:
    shared = overlap((g.start, g.end), (start, end))
    return shared if shared * 2 >= g.end - g.start and shared > 0 else None


def _keys(*nameset: str | None) -> set[str]:
    return {k for k in (names.key(n) for n in nameset if n) if k}


def _entity_keys(data: dict[str, Any]) -> set[str]:
    return _keys(data.get("name"), *data.get("aliases", []))


def score_entities(article: GoldArticle, predicted: list[Entity], report: Report) -> None:
    golds = article.gold.get("entities", [])

    def close(g: dict[str, Any], p: Entity) -> float | None:
        same = g["kind"] == p.kind and _entity_keys(g) & _keys(p.name, *p.aliases)
        return 1.0 if same else None

    matches = pair(golds, predicted, close)
    report.score("entities").add(len(golds), len(predicted), len(matches))
    note = _noter(article, "entities", report)
    found = {id(g) for g, _ in matches}
    said = {id(p) for _, p in matches}
    note_all = [f"missed {g['kind']} {g['name']}" for g in golds if id(g) not in found]
    note_all += [f"extra {p.kind} {p.name} {p.aliases}" for p in predicted if id(p) not in said]
    for text in note_all:
        note(text)


def _same_name(gold: str | None, predicted: str | None) -> bool:
    return names.key(gold or "") == names.key(predicted or "")


def _speaker_right(article: GoldArticle, gold: str | None, predicted: str | None) -> bool:
    if not gold:
        return not predicted
    said = names.key(predicted or "")
    accepted = _keys(gold)
    named = False
    for entity in article.gold.get("entities", []):
        if accepted & _entity_keys(entity):
            accepted |= _entity_keys(entity)
            named = True
    if not said:
        return False
    if not named:
        # An unnamed source ("budget officials", "residents along the busiest corridors"):
        # the head words are enough, where the description stops is not the point.
        return f" {said} " in f" {names.key(gold)} " or f" {names.key(gold)} " in f" {said} "
    return said in accepted or [said] == names.key(gold).split()[-1:]


def score_quotes(article: GoldArticle, predicted: list[Quote], report: Report) -> None:
    golds = article.locate("quotes", "text")
    matches = pair(golds, predicted, lambda g, p: half_of_gold(g, p.start, p.end))
    report.score("quotes").add(len(golds), len(predicted), len(matches))
    for kind in QUOTE_KINDS:
        of_kind = [g for g in golds if g.data["kind"] == kind]
        found = sum(1 for g, p in matches if g.data["kind"] == p.kind == kind)
        said = sum(1 for p in predicted if p.kind == kind)
        report.score(f"quotes: {kind}").add(len(of_kind), said, found)
    note = _noter(article, "quotes", report)
    for g, p in matches:
        checks = {
            "kind": (g.data["kind"] == p.kind, p.kind),
            "speaker": (_speaker_right(article, g.data["speaker"], p.speaker), p.speaker),
            "role": (_same_name(g.data.get("role"), p.role), p.role),
            "organization": (
                _same_name(g.data.get("organization"), p.organization),
                p.organization,
            ),
        }
        for name, (right, said_value) in checks.items():
            report.acc(f"quote {name}").count(right)
            if not right:
                note(f"wrong {name} {said_value!r} (gold {g.data.get(name)!r}): {g.data['text']!r}")
    _note_unmatched(note, golds, predicted, matches, lambda p: p.text)


def _noter(article: GoldArticle, section: str, report: Report) -> Callable[[str], None]:
    return lambda text: report.misses.append(f"{article.path.name}: {section}: {text[:160]}")


def _note_unmatched(
    note: Callable[[str], None],
    golds: Sequence[Located],
    predicted: Sequence[P],
    matches: Sequence[tuple[Located, P]],
    show: Callable[[P], str],
) -> None:
    found = {id(g) for g, _ in matches}
    said = {id(p) for _, p in matches}
    for g in golds:
        if id(g) not in found:
            note(f"missed {json.dumps(g.data, ensure_ascii=False)}")
    for p in predicted:
        if id(p) not in said:
            note(f"extra {show(p)!r}")


def _value_close(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) <= VALUE_TOLERANCE * abs(gold)


def _unit(unit: str | None) -> str:
    return names.key(unit or "").removesuffix("s")


def score_figures(article: GoldArticle, predicted: list[Figure], report: Report) -> None:
    golds = article.locate("figures", "text")

    def close(g: Located, p: Figure) -> float | None:
        # Half of the SHORTER span: where a figure's words end ("60%" or "60% of its
        # electricity", "about €72" or "€72 a tonne") is a matter of convention, while the
        # value, which must agree, carries the meaning.
        shared = overlap((g.start, g.end), (p.start, p.end))
        shorter = min(g.end - g.start, p.end - p.start)
        near = shared > 0 and shared * 2 >= shorter
        return float(shared) if near and _value_close(g.data["value"], p.value) else None

    matches = pair(golds, predicted, close)
    report.score("figures").add(len(golds), len(predicted), len(matches))
    _note_unmatched(
        _noter(article, "figures", report),
        golds,
        predicted,
        matches,
        lambda p: f"{p.text} = {p.value:g} {p.unit} per {p.per} in {p.period}",
    )
    for g, p in matches:
        report.acc("figure unit").count(_unit(g.data.get("unit")) == _unit(p.unit))
        report.acc("figure per").count(_same_name(g.data.get("per"), p.per))
        report.acc("figure period").count(_same_name(g.data.get("period"), p.period))
        report.acc("figure previous").count(_value_close(g.data.get("previous"), p.previous))


def score_events(article: GoldArticle, predicted: list[Event], report: Report) -> None:
    golds = article.locate("events", "text")

    def close(g: Located, p: Event) -> float | None:
        same_date = (g.data["date"], g.data["precision"]) == (p.date, p.precision)
        return half_of_gold(g, p.start, p.end) if same_date else None

    matches = pair(golds, predicted, close)
    report.score("events").add(len(golds), len(predicted), len(matches))
    _note_unmatched(
        _noter(article, "events", report),
        golds,
        predicted,
        matches,
        lambda p: f"{p.date} ({p.date_text}): {p.text}",
    )


def score_findings(article: GoldArticle, predicted: list[Finding], report: Report) -> None:
    golds = article.locate("findings", "excerpt")

    def close(g: Located, p: Finding) -> float | None:
        same = g.data["rule"] == p.rule and g.data.get("field", "body") == p.field
        shared = overlap((g.start, g.end), (p.start, p.end))
        # An empty span (a missing space, an empty dek) counts where it touches the other.
        empty = g.start == g.end or p.start == p.end
        touching = empty and p.start <= g.end and g.start <= p.end
        return float(shared) + touching if same and (shared or touching) else None

    matches = pair(golds, predicted, close)
    for rule in {*RULES, *(g.data["rule"] for g in golds), *(p.rule for p in predicted)}:
        report.rules.setdefault(rule, Score()).add(
            sum(1 for g in golds if g.data["rule"] == rule),
            sum(1 for p in predicted if p.rule == rule),
            sum(1 for g, _ in matches if g.data["rule"] == rule),
        )
    report.false_alarms += len(predicted) - len(matches)
    _note_unmatched(
        _noter(article, "findings", report),
        golds,
        predicted,
        matches,
        lambda p: f"{p.rule}: {p.excerpt}",
    )


def score(article: GoldArticle, analysis: Analysis, report: Report) -> None:
    report.articles += 1
    report.words += analysis.words
    report.failures += [f"{article.path.name}: {failure}" for failure in analysis.failures]
    score_entities(article, analysis.entities, report)
    score_quotes(article, analysis.quotes, report)
    score_figures(article, analysis.figures, report)
    score_events(article, analysis.events, report)
    score_findings(article, analysis.findings, report)


Analyzer = Callable[[GoldArticle], Analysis]


def run_pipeline(article: GoldArticle) -> Analysis:
    from newsdesk.knowledge import pipeline

    return pipeline.analyze(
        article.body, title=article.title, dek=article.dek, published=article.published
    )


def evaluate(articles: Iterable[GoldArticle], analyze: Analyzer = run_pipeline) -> Report:
    report = Report()
    for article in articles:
        started, cpu_started = time.perf_counter(), time.process_time()
        analysis = analyze(article)
        report.seconds += time.perf_counter() - started
        report.cpu_seconds += time.process_time() - cpu_started
        score(article, analysis, report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.knowledge_eval", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--misses", action="store_true", help="list every miss and extra")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="the annotated set")
    args = parser.parse_args(argv)
    try:
        articles = load(args.gold)
        from newsdesk.knowledge import nlp

        nlp.model()  # loaded once, outside the timed runs
        report = evaluate(articles)
    except GoldError as exc:
        print(f"bench.knowledge_eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(table(report), end="")
    if args.misses:
        print("\n".join(report.misses))
    if args.write:
        shown = [
            a for a in (sys.argv[1:] if argv is None else argv) if a not in ("--json", "--misses")
        ]
        write_section(section(report, shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
