"""How fast are related articles? Full rebuild, one recompute, one read, at a corpus size.

    NEWSDESK_DATABASE_URL=sqlite:////tmp/related-10k.sqlite3 \\
        .venv/bin/python -m bench.related_bench --articles 10000

Fills the database with bench/corpus.py's synthetic articles (reused when already there), runs
a full rebuild, then times reading the stored list of random articles (the article page's one
query), and publishing new articles through the real services followed by the worker's
refresh of each. Prints medians and 95th percentiles.

``--entities N`` first gives every article ENTITIES_PER_ARTICLE mentions of N synthetic
entities, drawn with a long tail (a few named everywhere, most rarely), as the knowledge layer
would store them, so that the shared-entities signal costs what it would on a real site.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence

READS = 300
PUBLISHES = 30
ENTITIES_PER_ARTICLE = 12


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the rebuild's forked workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def summary(name: str, seconds: Sequence[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    median = statistics.median(ordered)
    return f"{name}: median {median * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms over {len(ordered)}"


def _entity_draw(rng: random.Random, count: int) -> Callable[[], list[int]]:
    """Entity numbers for one article: Zipf-like, so "United States" is in a third of them."""
    weights = [1.0 / (rank + 1) for rank in range(count)]

    def draw() -> list[int]:
        return sorted(set(rng.choices(range(count), weights=weights, k=ENTITIES_PER_ARTICLE)))

    return draw


def add_entities(count: int, rng: random.Random) -> None:
    from collections import Counter

    from newsdesk.knowledge.models import Entity, Mention
    from newsdesk.publishing.models import Article

    if Mention.objects.exists():
        return
    entities = Entity.objects.bulk_create(
        Entity(kind="ORG", name=f"Bench Entity {n}", slug=f"bench-entity-{n}") for n in range(count)
    )
    draw, naming = _entity_draw(rng, count), Counter[int]()
    rows = []
    for pk in Article.objects.published().values_list("pk", flat=True):
        for n in draw():
            naming[n] += 1
            rows.append(Mention(article_id=pk, entity=entities[n], name=entities[n].name))
    Mention.objects.bulk_create(rows, batch_size=5000)
    for entity in entities:
        entity.article_count = naming[int(entity.slug.rsplit("-", 1)[1])]
    Entity.objects.bulk_update(entities, ["article_count"], batch_size=5000)
    print(f"entities: {count}, mentions: {len(rows)}")


def name_entities(pk: int, rng: random.Random) -> None:
    from newsdesk.knowledge.models import Entity, Mention

    count = Entity.objects.count()
    if count:
        slugs = [f"bench-entity-{n}" for n in _entity_draw(rng, count)()]
        Mention.objects.bulk_create(
            Mention(article_id=pk, entity=e, name=e.name)
            for e in Entity.objects.filter(slug__in=slugs)
        )


def publish_one(rng: random.Random, n: int) -> int:
    from django.utils import timezone

    from bench.corpus import TextGenerator, place_names
    from newsdesk.publishing.models import Article, Topic
    from newsdesk.publishing.services import article_save

    gen = TextGenerator(rng, place_names(random.Random(1)), ["Lena Marsh"])
    title = gen.title()
    article = Article(
        title=title,
        slug=f"bench-related-{n}-{rng.randrange(10**9)}",
        dek=gen.dek(),
        body=gen.body(),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    article_save(article=article, user=None)
    article.topics.set(rng.sample(list(Topic.objects.all()), 2))
    return article.pk


def measure(args: argparse.Namespace) -> None:
    from django.db import connection

    from newsdesk.discovery.related.progress import ProgressBar
    from newsdesk.discovery.related.rebuild import related_rebuild
    from newsdesk.discovery.related.selectors import stored_related
    from newsdesk.discovery.related.services import related_refresh
    from newsdesk.ops.models import Task
    from newsdesk.publishing.models import Article

    print(f"database: {connection.vendor}; {Article.objects.published().count()} published")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.entities:
        add_entities(args.entities, random.Random(3))
    if not args.skip_rebuild:
        started, cpu = time.perf_counter(), cpu_seconds()
        report = related_rebuild(progress=ProgressBar(sys.stdout, tty=False))
        wall = time.perf_counter() - started
        print(f"full rebuild: {wall:.1f} s wall, {cpu_seconds() - cpu:.1f} s CPU ({report})")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    rng = random.Random(7)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    sample = [
        Article.objects.prefetch_related("topics").get(pk=pk) for pk in rng.sample(ids, READS)
    ]
    reads = [timed(lambda a=a: stored_related(a, 4)) for a in sample]  # type: ignore[misc]
    print(summary("read one stored list (1 query)", reads))
    shown = sum(1 for a in sample if stored_related(a, 4))
    print(f"articles with a stored list: {shown}/{len(sample)}")
    refreshes, published = [], []
    for n in range(PUBLISHES):
        pk = publish_one(rng, n)
        name_entities(pk, rng)
        published.append(pk)
        Task.objects.filter(name="related.refresh").delete()  # timed directly below
        refreshes.append(timed(lambda pk=pk: related_refresh(article_id=pk)))  # type: ignore[misc]
    print(summary("recompute for a newly published article (own list + neighbours)", refreshes))
    # Leave the corpus as it was, so that the next run can reuse it.
    Article.objects.filter(pk__in=published).delete()
    Task.objects.all().delete()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.related_bench", description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--skip-rebuild", action="store_true", help="time reads and refreshes only")
    parser.add_argument("--entities", type=int, default=0, help="synthetic entities to add")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ.setdefault("NEWSDESK_PAGE_CACHE_SECONDS", "0")
    from bench import corpus

    if corpus.main(["--articles", str(args.articles), "--reuse"]) != 0:
        return 1
    measure(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
