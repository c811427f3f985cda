"""The fixed query set of the search benchmark, drawn from the indexed corpus itself.

Mixed frequency, as readers type them: common words (in most articles), rare words (in at most
a few per thousand), exact phrases from titles, several words, OR and -exclusions, filters by
topic, author and dates, and misspellings that find nothing and go through "did you mean".
The same seed and corpus always give the same queries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Min

# How many queries of each kind (230 in all).
MIX = {
    "common word": 40,
    "rare word": 40,
    "phrase": 35,
    "several words": 35,
    "or / exclude": 20,
    "filtered": 40,
    "misspelt": 20,
}


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    params: dict[str, str]  # the query string of /search/

    def label(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.params.items())


def _vocabulary() -> tuple[list[str], list[str], int]:
    from newsdesk.discovery.search.models import SearchEntry, SearchWord

    total = SearchEntry.objects.count()
    words = SearchWord.objects.filter(word__regex=r"^[a-z]{4,}$")
    common = list(
        words.filter(documents__gte=total // 5)
        .order_by("-documents", "word")
        .values_list("word", flat=True)[:200]
    )
    rare = list(
        words.filter(documents__lte=max(2, total // 300))
        .order_by("documents", "word")
        .values_list("word", flat=True)[:2000]
    )
    if not rare:  # a tiny corpus: the least frequent words there are
        rare = list(words.order_by("documents", "word").values_list("word", flat=True)[:200])
    return common, rare, total


def _title_phrases(rng: random.Random, count: int) -> list[str]:
    from newsdesk.discovery.search.models import SearchEntry

    titles = list(SearchEntry.objects.order_by("id").values_list("title", flat=True)[:2000])
    phrases = []
    for title in rng.sample(titles, min(count, len(titles))):
        words = title.replace(":", "").replace("'s", "").split()
        start = rng.randrange(max(1, len(words) - 2))
        phrases.append(" ".join(words[start : start + rng.choice((2, 3))]))
    return phrases


def _misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters


def _date_range(rng: random.Random) -> dict[str, str]:
    from newsdesk.discovery.search.models import SearchEntry

    bounds = SearchEntry.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
    first: date = bounds["first"].date()
    last: date = bounds["last"].date()
    start = first + timedelta(days=rng.randrange(max(1, (last - first).days)))
    return {"from": start.isoformat(), "to": (start + timedelta(days=90)).isoformat()}


def _filtered(rng: random.Random, common: list[str], rare: list[str]) -> dict[str, str]:
    from newsdesk.publishing.models import Author, Topic

    params = {"q": rng.choice(common if rng.random() < 0.7 else rare)}
    kind = rng.choice(("topic", "author", "dates", "topic+dates"))
    if "topic" in kind:
        params["topic"] = rng.choice(list(Topic.objects.values_list("slug", flat=True)))
    if kind == "author":
        params["author"] = rng.choice(list(Author.objects.values_list("slug", flat=True)))
    if "dates" in kind:
        params.update(_date_range(rng))
    return params


def build(seed: int = 7) -> list[BenchQuery]:
    rng = random.Random(seed)
    common, rare, _ = _vocabulary()
    phrases = _title_phrases(rng, MIX["phrase"])
    queries: list[BenchQuery] = []

    def add(kind: str, q: str, **extra: str) -> None:
        queries.append(BenchQuery(kind, {"q": q, **extra}))

    for _ in range(MIX["common word"]):
        add("common word", rng.choice(common))
    for _ in range(MIX["rare word"]):
        add("rare word", rng.choice(rare))
    for phrase in phrases:
        add("phrase", f'"{phrase}"')
    for _ in range(MIX["several words"]):
        pool = [rng.choice(common), rng.choice(common), rng.choice(rare)]
        add("several words", " ".join(rng.sample(pool, rng.choice((2, 3)))))
    for n in range(MIX["or / exclude"]):
        a, b = rng.choice(common), rng.choice(rare)
        add("or / exclude", f"{b} OR {a}" if n % 2 else f"{a} -{rng.choice(common)}")
    for _ in range(MIX["filtered"]):
        queries.append(BenchQuery("filtered", _filtered(rng, common, rare)))
    for _ in range(MIX["misspelt"]):
        add("misspelt", _misspell(rng, rng.choice(common + rare)))
    return queries
