"""How good are related articles? BASIL same-event triplets hidden among real distractors.

    .venv/bin/python -m bench.related_eval [--datasets ../shared/datasets]

Each of BASIL's 180 articles is a query; its two same-event siblings (same ``triplet-uuid``) are
the relevant answers. The corpus also holds the 924 PolNeAR political news articles as
distractors: real US political reporting of the same kind, none of them a sibling. Both the
blend and the tag baselines get their tags from one fixed keyword-to-topic table (`TOPICS`
below), applied in the same way to every article; BASIL's ``main-entities`` field is not used,
since it is annotated per event and would hand the answer to any method that reads it.
Distractor dates are redrawn uniformly over BASIL's date range (seeded), so that a date cannot
tell a distractor from a BASIL article. Weights are tuned on one half of the triplets and
reported on the other half, both ways round. The data is read in place and never copied.

Entities (the shared-entities signal) come from the knowledge layer's own extractor,
``knowledge.entities.extract(knowledge.nlp.read(title + body))``, run once per article; the
entity keys are cached in a file outside the repository (``--entity-cache``, under /tmp by
default), since spaCy takes a minute or two over the 1,104 articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsdesk.discovery.related import batch, engine

K = 5
SEED = 4
# A desk's sections for US political news; an article gets every topic whose keywords occur
# at least MIN_HITS times in its title and body (stems matched at word starts).
TOPICS: dict[str, str] = {
    "Elections": "election|campaign|voter|ballot|primary|caucus|poll|candidat|nominee",
    "Congress": "congress|senate|senator|house|lawmaker|legislat|speaker|filibuster",
    "Courts": "court|judge|justice|lawsuit|ruling|supreme|attorney|prosecut|indict",
    "Immigration": "immigra|border|deport|asylum|undocumented|migrant|refugee",
    "Economy": "economy|econom|jobs|tax|budget|deficit|debt|unemploy|wage|market",
    "Health": "health|obamacare|affordable care|medicaid|medicare|insurance|hospital|abortion",
    "Security": "terror|military|troops|isis|islamic state|war|attack|defense|pentagon",
    "Diplomacy": "iran|russia|china|israel|diplomat|treaty|foreign|sanction|embassy",
    "Guns": "gun|firearm|shooting|nra|second amendment|rifle",
    "Policing": "police|officer|protest|ferguson|arrest|crime|prison",
    "Environment": "climate|energy|oil|pipeline|coal|environment|emission|epa",
    "Rights": "gay|marriage|civil rights|discriminat|religious|transgender|equality",
}
MIN_HITS = 2
ENTITY_CACHE = Path("/tmp/newsdesk-related-eval/entities.json")


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    body: str
    day: date
    event: str | None  # BASIL triplet uuid; None for a distractor


def load_basil(root: Path) -> list[Article]:
    files = sorted((root / "related-basil" / "articles").glob("*/*.json"))
    out = []
    for number, path in enumerate(files, start=1):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in data["body-paragraphs"])
        day = date.fromisoformat(data["date"])
        out.append(Article(number, data["title"], body, day, data["triplet-uuid"]))
    return out


def distractor_day(rng: random.Random, basil: Sequence[Article], dates: str) -> date:
    """ "spread": uniformly over BASIL's range; "same-days": the day of a random BASIL article,
    so that every query has distractors published on its own day and dates tell nothing."""
    if dates == "same-days":
        return rng.choice(basil).day
    first, last = min(a.day for a in basil), max(a.day for a in basil)
    return date.fromordinal(first.toordinal() + rng.randint(0, (last - first).days))


def load_distractors(root: Path, basil: Sequence[Article], dates: str) -> list[Article]:
    rng = random.Random(SEED)
    files = sorted((root / "quotes-polnear").glob("*/text/*.txt"))
    out = []
    for number, path in enumerate(files, start=len(basil) + 1):
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        day = distractor_day(rng, basil, dates)
        out.append(Article(number, title.strip(), body.strip(), day, None))
    return out


def _extract_keys(article: Article) -> list[str]:
    from newsdesk.knowledge import entities, nlp

    found = entities.extract(nlp.read(f"{article.title}\n\n{article.body}"))
    return sorted({entity.key for entity in found})


def _fingerprint(article: Article) -> str:
    return hashlib.sha1(f"{article.title}\n{article.body}".encode()).hexdigest()[:16]


def entity_keys(articles: Iterable[Article], cache: Path) -> dict[int, list[str]]:
    """Each article's entity keys ("ORG:crisis group"), extracted once and kept in ``cache``."""
    stored: dict[str, list[str]] = {}
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
    out, missing = {}, 0
    for article in articles:
        fingerprint = _fingerprint(article)
        if fingerprint not in stored:
            stored[fingerprint] = _extract_keys(article)
            missing += 1
            if missing % 100 == 0:
                print(f"entities: {missing} articles extracted", file=sys.stderr, flush=True)
        out[article.id] = stored[fingerprint]
    if missing:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored), encoding="utf-8")
    return out


def tag(article: Article) -> frozenset[int]:
    text = f"{article.title}\n{article.body}".lower()
    tags = set()
    for number, keywords in enumerate(TOPICS.values()):
        hits = sum(len(re.findall(r"\b" + re.escape(k), text)) for k in keywords.split("|"))
        if hits >= MIN_HITS:
            tags.add(number)
    return frozenset(tags)


Ranker = Callable[[engine.Features], list[int]]


@dataclass
class Corpus:
    articles: dict[int, Article]
    features: dict[int, engine.Features]
    index: engine.MemoryIndex
    cache: dict[int, list[engine.Features]]

    @classmethod
    def load(cls, root: Path, dates: str, entity_cache: Path = ENTITY_CACHE) -> Corpus:
        basil = load_basil(root)
        articles = {a.id: a for a in basil + load_distractors(root, basil, dates)}
        keys = entity_keys(articles.values(), entity_cache)
        numbers: dict[str, int] = {}
        docs = (
            batch.Document(
                a.id,
                a.title,
                "",
                a.body,
                tag(a),
                float(a.day.toordinal()),
                frozenset(numbers.setdefault(k, len(numbers)) for k in keys[a.id]),
            )
            for a in articles.values()
        )
        features = batch.build(docs).features
        return cls(articles, features, engine.MemoryIndex(features), {})

    def relevant(self, query: int) -> set[int]:
        event = self.articles[query].event
        return {a.id for a in self.articles.values() if a.event == event and a.id != query}

    def blend_ranker(self, blend: engine.Blend) -> Ranker:
        # Exactly MemoryIndex.related, with the (blend-independent) candidates kept for tuning.
        def rank(f: engine.Features) -> list[int]:
            if f.id not in self.cache:
                self.cache[f.id] = self.index.candidates(f)
            return [m.id for m in blend.rank(f, self.cache[f.id], K)]

        return rank

    def tag_ranker(self, order: str) -> Ranker:
        """Ghost themes' related posts: newest first among posts sharing any tag.

        ``order`` "newest" is exactly that; "most-shared" is Newsdesk's old selector (most
        tags shared, then newest); "nearest" orders by closeness in date, a kinder baseline.
        """

        def rank(f: engine.Features) -> list[int]:
            others = [g for g in self.features.values() if g.id != f.id and g.topics & f.topics]
            return [g.id for g in sorted(others, key=lambda g: sort_key(f, g))[:K]]

        def sort_key(f: engine.Features, g: engine.Features) -> tuple[float, ...]:
            if order == "newest":
                return (-g.published, g.id)
            if order == "most-shared":
                return (-len(g.topics & f.topics), -g.published, g.id)
            return (abs(g.published - f.published), g.id)

        return rank


def scores(corpus: Corpus, ranker: Ranker, queries: Iterable[int]) -> tuple[float, float, float]:
    """Mean nDCG@K, precision@K and recall@K over the queries."""
    ndcg = precision = recall = 0.0
    count = 0
    for query in queries:
        relevant = corpus.relevant(query)
        found = ranker(corpus.features[query])
        gains = [1.0 if i in relevant else 0.0 for i in found[:K]]
        dcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains))
        ideal = sum(1.0 / math.log2(r + 2) for r in range(min(len(relevant), K)))
        ndcg += dcg / ideal
        precision += sum(gains) / K
        recall += sum(gains) / len(relevant)
        count += 1
    return ndcg / count, precision / count, recall / count


Weights = tuple[float, float, float, float, float]  # text, topics, recency, half-life, entities
# The blend before entities (text 0.6, topics 0.05, recency 0.1 over 30 days), for comparison.
WITHOUT_ENTITIES: Weights = (0.6, 0.05, 0.1, 30.0, 0.0)
ENTITY_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4)


def make_blend(
    text: float, topics: float, recency: float, half_life: float, entities: float = 0.0
) -> engine.Blend:
    signals: list[tuple[engine.Signal, float]] = [
        (engine.TextSignal(), text),
        (engine.OverlapSignal("topics"), topics),
        (engine.RecencySignal(half_life), recency),
    ]
    if entities:
        signals.append((engine.EntitySignal(), entities))
    return engine.Blend(signals=tuple(signals))


GRID: list[Weights] = [
    (text, topics, recency, half_life, entities)
    for text in (0.6, 0.8, 1.0)
    for topics in (0.0, 0.05, 0.1, 0.2)
    for recency in (0.0, 0.05, 0.1, 0.2)
    for half_life in (7.0, 30.0)
    for entities in (0.0, 0.1, 0.2, 0.3)
    if not (recency == 0.0 and half_life != 30.0)
]


def ndcg_of(corpus: Corpus, weights: Weights, queries: Sequence[int]) -> float:
    return scores(corpus, corpus.blend_ranker(make_blend(*weights)), queries)[0]


def tune(corpus: Corpus, queries: Sequence[int]) -> Weights:
    return max(GRID, key=lambda weights: ndcg_of(corpus, weights, queries))


def tune_entities(corpus: Corpus, queries: Sequence[int]) -> float:
    """The entity weight that is best on ``queries`` with the other weights as they were."""
    text, topics, recency, half_life, _ = WITHOUT_ENTITIES
    return max(
        ENTITY_WEIGHTS,
        key=lambda w: ndcg_of(corpus, (text, topics, recency, half_life, w), queries),
    )


def folds(corpus: Corpus) -> tuple[list[int], list[int]]:
    events = sorted({a.event for a in corpus.articles.values() if a.event})
    random.Random(SEED).shuffle(events)
    half = set(events[: len(events) // 2])
    basil = [a for a in corpus.articles.values() if a.event]
    return [a.id for a in basil if a.event in half], [a.id for a in basil if a.event not in half]


def cells(result: tuple[float, float, float]) -> str:
    return " | ".join(f"{value:.3f}" for value in result)


def report(corpus: Corpus) -> list[str]:
    first, second = folds(corpus)
    everyone = first + second
    lines = ["| method | nDCG@5 | precision@5 | recall@5 |", "| --- | --- | --- | --- |"]
    for name, order in (
        ("tag-only baseline (Ghost themes: newest sharing any tag)", "newest"),
        ("tags, most shared first (Newsdesk before this change)", "most-shared"),
        ("tags, nearest in date first (a kinder baseline)", "nearest"),
    ):
        lines.append(f"| {name} | {cells(scores(corpus, corpus.tag_ranker(order), everyone))} |")
    blends = (
        ("blend as shipped (`DEFAULT_BLEND`)", engine.DEFAULT_BLEND),
        ("blend without entities", make_blend(*WITHOUT_ENTITIES)),
        ("text only", make_blend(1.0, 0.0, 0.0, 30.0)),
        ("text + entities (0.8 / 0.2)", make_blend(0.8, 0.0, 0.0, 30.0, 0.2)),
        ("entities only", make_blend(0.0, 0.0, 0.0, 30.0, 1.0)),
    )
    for name, blend in blends:
        lines.append(f"| {name} | {cells(scores(corpus, corpus.blend_ranker(blend), everyone))} |")
    lines += [
        "",
        "| weights (text, topics, recency, half-life days, entities) | chosen on | reported on "
        "| nDCG@5 | precision@5 | recall@5 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    shipped = corpus.blend_ranker(engine.DEFAULT_BLEND)
    without = corpus.blend_ranker(make_blend(*WITHOUT_ENTITIES))
    for half, queries in (("A", first), ("B", second)):
        lines.append(f"| without entities {WITHOUT_ENTITIES} | A | {half} "
                     f"| {cells(scores(corpus, without, queries))} |")  # fmt: skip
        lines.append(
            f"| `DEFAULT_BLEND` | A | {half} | {cells(scores(corpus, shipped, queries))} |"
        )
    for tuned_on, tested_on, names in ((first, second, "AB"), (second, first, "BA")):
        weight = tune_entities(corpus, tuned_on)
        weights = (*WITHOUT_ENTITIES[:4], weight)
        result = cells(scores(corpus, corpus.blend_ranker(make_blend(*weights)), tested_on))
        lines.append(
            f"| entity weight alone tuned {weights} | {names[0]} | {names[1]} | {result} |"
        )
    for tuned_on, tested_on, names in ((first, second, "AB"), (second, first, "BA")):
        best = tune(corpus, tuned_on)
        result = cells(scores(corpus, corpus.blend_ranker(make_blend(*best)), tested_on))
        lines.append(f"| best of the grid {best} | {names[0]} | {names[1]} | {result} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.related_eval", description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--entity-cache", type=Path, default=ENTITY_CACHE)
    parser.add_argument(
        "--dates", choices=["spread", "same-days", "both"], default="both",
        help="how distractors are dated (see distractor_day); default both, one after the other",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not (args.datasets / "related-basil").is_dir():
        parser.error(f"no related-basil under {args.datasets}")
    for dates in ("spread", "same-days") if args.dates == "both" else (args.dates,):
        corpus = Corpus.load(args.datasets, dates, args.entity_cache)
        basil = sum(1 for a in corpus.articles.values() if a.event)
        tagged = sum(1 for f in corpus.features.values() if f.topics)
        print(f"\n### Distractor dates: {dates}\n")
        print(f"{basil} BASIL articles + {len(corpus.articles) - basil} distractors; ", end="")
        print(f"{tagged} have at least one topic.\n")
        print("\n".join(report(corpus)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
