"""Uncached reads of the knowledge layer's pages over a large synthetic site.

    .venv/bin/python -m bench.entity_pages_bench [--articles 10000] [--runs 15] [--home DIR]

Builds (or reuses) bench.corpus's articles in DIR, stores made-up extraction rows for them
(entities with a skewed popularity, mentions, quotes, figures, events), then times each kind of
page through Django's test client with the page cache and DEBUG off, as served uncached: median
and p95 wall ms, and the queries of one request. The most-named entity is the worst case of an
entity page; a topic page (no knowledge rows) is the floor to compare with.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

KINDS = (("PERSON", 1500), ("ORG", 800), ("PLACE", 500), ("GROUP", 200))
PER_ARTICLE = {"mentions": 12, "quotes": 4, "figures": 6, "events": 5}


def seed_knowledge(rng: random.Random) -> None:
    from django.db import transaction
    from django.db.models import Count

    from newsdesk.knowledge import models as k
    from newsdesk.publishing.models import Article

    with transaction.atomic():
        k.Entity.objects.all().delete()
        entities = k.Entity.objects.bulk_create(
            k.Entity(kind=kind, name=f"{kind.title()} {n:04d}", slug=f"{kind.lower()}-{n:04d}")
            for kind, count in KINDS
            for n in range(count)
        )
        people = [e for e in entities if e.kind == "PERSON"]
        k.EntityName.objects.bulk_create(
            k.EntityName(entity=e, kind=e.kind, key=e.slug, name=e.name) for e in entities
        )
        # Popularity falls off like a power law: a few entities are in thousands of articles.
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(entities))]
        for article_id in Article.objects.values_list("pk", flat=True):
            named = {*rng.choices(entities, weights, k=PER_ARTICLE["mentions"])}
            _article_rows(k, rng, article_id, list(named), [e for e in named if e in people])
        counts = dict(
            k.Mention.objects.values_list("entity")
            .annotate(n=Count("id"))
            .values_list("entity", "n")
        )
        for entity in entities:
            entity.article_count = counts.get(entity.pk, 0)
        k.Entity.objects.bulk_update(entities, ["article_count"], batch_size=1000)


def _article_rows(
    k: Any, rng: random.Random, article_id: int, named: list[Any], speakers: list[Any]
) -> None:
    k.Mention.objects.bulk_create(
        k.Mention(article_id=article_id, entity=e, name=e.name, role="analyst") for e in named
    )
    k.Quote.objects.bulk_create(
        k.Quote(
            article_id=article_id,
            entity=rng.choice(speakers) if speakers else None,
            kind=rng.choice(("direct", "indirect")),
            text="a sentence someone said about the matter at hand",
            start=0,
            end=10,
            position=n,
        )
        for n in range(PER_ARTICLE["quotes"])
    )
    k.Figure.objects.bulk_create(
        k.Figure(article_id=article_id, text="63 units", value=63, unit="units", start=0, end=8)
        for _ in range(PER_ARTICLE["figures"])
    )
    events = k.Event.objects.bulk_create(
        k.Event(
            article_id=article_id,
            date=date(2020 + n, 1 + n, 1),
            iso=f"{2020 + n}-{1 + n:02d}",
            precision="month",
            text="In that month something happened.",
            start=0,
            end=10,
        )
        for n in range(PER_ARTICLE["events"])
    )
    k.EventEntity.objects.bulk_create(
        k.EventEntity(event=event, entity=rng.choice(named)) for event in events
    )


def time_paths(paths: list[str], runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client

    client = Client()
    timings = []
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(paths[0]).status_code == 200, paths[0]
    for n in range(runs):
        started = time.perf_counter()
        response = client.get(paths[n % len(paths)])
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], len(queries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.entity_pages_bench")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--home", type=Path, default=Path("/tmp/entity-pages-bench"))
    args = parser.parse_args(argv)
    args.home.mkdir(parents=True, exist_ok=True)
    os.environ.update(NEWSDESK_HOME=str(args.home), NEWSDESK_PAGE_CACHE_SECONDS="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from bench import corpus

    corpus.main(["--articles", str(args.articles), "--reuse"])
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production
    from newsdesk.knowledge.models import Entity, Mention
    from newsdesk.publishing.models import Article, Topic

    if Mention.objects.count() == 0 or not Entity.objects.filter(slug="person-0000").exists():
        started = time.perf_counter()
        seed_knowledge(random.Random(1))
        print(f"seeded knowledge rows in {time.perf_counter() - started:.0f}s", flush=True)
    ranked = list(Entity.objects.order_by("-article_count").values_list("slug", "article_count"))
    top, middle = ranked[0], ranked[len(ranked) // 2]
    articles = [f"/articles/{s}/" for s in Article.objects.values_list("slug", flat=True)[:50]]
    topic = Topic.objects.order_by("pk").values_list("slug", flat=True)[0]
    cases = {
        f"floor: /topics/{topic}/": [f"/topics/{topic}/"],
        "article page (sections)": articles,
        f"entity page, most named ({top[1]} articles)": [f"/entities/{top[0]}/"],
        f"entity page, median ({middle[1]} articles)": [f"/entities/{middle[0]}/"],
        "entity page, 2nd page of articles": [f"/entities/{top[0]}/?page=2"],
        "/entities/ overview": ["/entities/"],
        "/entities/people/": ["/entities/people/"],
        "/entities/people/?q=00": ["/entities/people/?q=00"],
        "/api/v1/entities": ["/api/v1/entities"],
        "/api/v1/entities/{most named}": [f"/api/v1/entities/{top[0]}"],
    }
    print(f"{Article.objects.count()} articles, {Entity.objects.count()} entities, "
          f"{Mention.objects.count()} mentions")  # fmt: skip
    print("| page | median ms | p95 ms | queries |\n| --- | ---: | ---: | ---: |")
    for name, paths in cases.items():
        median, p95, queries = time_paths(paths, args.runs)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
