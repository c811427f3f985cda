"""Knowledge rows for the benchmark corpus, so the article page shows its three sections.

    NEWSDESK_HOME=var/bench NEWSDESK_DATABASE_URL=sqlite:///bench.sqlite3 \
        .venv/bin/python -m bench.article_knowledge

Running the real extraction over 10,000 articles takes about half an hour of CPU
(docs/benchmarks.md, "Knowledge: bulk extraction"); the page only reads the stored rows, so the
benchmark stores rows of the same shape directly (as tests/knowledge/rows.py does for tests):
per article 3 quoted speakers with 2 quotes each, 6 figures and 8 dated events, all pointing at
real sentences of the body. Idempotent: articles that already have quotes are left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
from collections.abc import Sequence

SPEAKERS = 200
ROLES = ("senior analyst", "chief economist", "director", "research fellow", "minister")
ORGS = ("Nordhavn Energy Institute", "Baltic Freight Council", "Meridian Capital", "")
UNITS = ("percent", "tonnes", "megawatts", "jobs", "vessels", "")


def _sentences(body: str) -> list[tuple[int, int]]:
    """(start, end) of plain prose sentences of the Markdown body."""
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Z][^.\n#*\[\]]{30,200}\.", body)]


def seed(rng: random.Random) -> int:
    from django.db import transaction

    from newsdesk.knowledge.models import Entity, Event, Figure, Mention, Quote
    from newsdesk.publishing.models import Article

    people = [
        Entity.objects.get_or_create(
            slug=f"bench-person-{n}", defaults={"kind": "PERSON", "name": f"Bench Person {n}"}
        )[0]
        for n in range(SPEAKERS)
    ]
    done = set(Quote.objects.values_list("article_id", flat=True).distinct())
    seeded = 0
    todo = Article.objects.exclude(pk__in=done).only("pk", "body").iterator(chunk_size=500)
    mentions, quotes, figures, events = [], [], [], []
    for article in todo:
        spans = _sentences(article.body)
        if len(spans) < 8:
            continue
        for speaker in rng.sample(people, 3):
            role, org = rng.choice(ROLES), rng.choice(ORGS)
            mentions.append(
                Mention(
                    article=article, entity=speaker, name=speaker.name, role=role, organization=org
                )
            )
            for start, end in rng.sample(spans, 2):
                quotes.append(
                    Quote(
                        article=article,
                        entity=speaker,
                        kind=rng.choice(("direct", "indirect")),
                        text=article.body[start:end],
                        speaker=speaker.name,
                        role=role,
                        organization=org,
                        start=start,
                        end=end,
                        position=start,
                    )
                )
        for start, end in rng.sample(spans, 6):
            previous = rng.choice((None, float(rng.randint(5, 500))))
            figures.append(
                Figure(
                    article=article,
                    text=article.body[start:end],
                    value=rng.randint(5, 900),
                    unit=rng.choice(UNITS),
                    per="",
                    period=str(rng.randint(2019, 2026)),
                    previous=previous,
                    previous_period="2018" if previous else "",
                    start=start,
                    end=end,
                    position=start,
                )
            )
        for start, end in rng.sample(spans, 8):
            day = dt.date(rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28))
            events.append(
                Event(
                    article=article,
                    date=day,
                    iso=day.isoformat(),
                    precision="day",
                    text=article.body[start:end],
                    start=start,
                    end=end,
                )
            )
        seeded += 1
        if len(events) > 8000:
            _flush(transaction, Mention, Quote, Figure, Event, mentions, quotes, figures, events)
    _flush(transaction, Mention, Quote, Figure, Event, mentions, quotes, figures, events)
    return seeded


def _flush(transaction, *models_and_rows) -> None:  # type: ignore[no-untyped-def]
    models, rows = models_and_rows[:4], models_and_rows[4:]
    with transaction.atomic():
        for model, batch in zip(models, rows, strict=True):
            model.objects.bulk_create(batch, batch_size=500)
            batch.clear()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.article_knowledge", description=__doc__)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    print(f"knowledge rows stored for {seed(random.Random(args.seed))} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
