"""How fast does `newsdesk manage extract` work through a backlog? Articles/s, words/s.

    NEWSDESK_DATABASE_URL=sqlite:////tmp/knowledge-bulk.sqlite3 \\
        .venv/bin/python -m bench.knowledge_bulk --articles 200 --repeat 3

Fills the database with bench/corpus.py's synthetic articles (reused when already there), then
runs the extraction of the first N articles ``--repeat`` times (``--force``: every run redoes
them all), and for comparison the pipeline alone over the same bodies with nothing stored.
Prints the median of each, so the cost of storing (entities resolved, rows replaced, counts
refreshed, one transaction per article) shows as the difference.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.knowledge_bulk")
    parser.add_argument("--articles", type=int, default=200, help="how many (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from bench.corpus import generate
    from newsdesk.knowledge import nlp, pipeline, services
    from newsdesk.publishing.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    if Article.objects.count() < args.articles:
        generate(args.articles, seed=1, batch_size=500)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[: args.articles])
    articles = list(Article.objects.filter(pk__in=ids).order_by("pk"))
    words = sum(a.word_count for a in articles)
    nlp.model()  # loaded once per process, as in the worker
    # Wall time, and CPU time of this process: on a shared machine the CPU time is the figure
    # that does not depend on what else runs (SQLite runs in-process, so it is counted too).
    stored: list[tuple[float, float]] = []
    alone: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        for article in articles:
            pipeline.analyze(
                article.body,
                title=article.title,
                dek=article.dek,
                published=services.article_published_date(article),
            )
        alone.append((time.perf_counter() - started, time.process_time() - cpu))
        started, cpu = time.perf_counter(), time.process_time()
        call_command(
            "extract", "--force", "--limit", str(len(ids)), "--quiet", stdout=io.StringIO()
        )
        stored.append((time.perf_counter() - started, time.process_time() - cpu))
    n = len(articles)
    for name, runs in (("pipeline alone", alone), ("extract (stored)", stored)):
        wall = statistics.median(r[0] for r in runs)
        cpu_median = statistics.median(r[1] for r in runs)
        print(
            f"{name}: {n} articles, {words} words, median of {len(runs)} runs: "
            f"wall {wall:.2f}s = {n / wall:.1f} articles/s; CPU {cpu_median:.2f}s = "
            f"{n / cpu_median:.1f} articles/s, {words / cpu_median:,.0f} words/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
