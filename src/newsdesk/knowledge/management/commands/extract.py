"""`newsdesk manage extract`: bring every article's stored extraction up to date.

Articles go one by one in id order, each committed on its own, so an interrupted run keeps
what it finished and the next run starts where it stopped.
"""

from __future__ import annotations

import time
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.discovery.related.progress import ProgressBar
from newsdesk.knowledge import services
from newsdesk.knowledge.models import ArticleKnowledge
from newsdesk.publishing.models import Article


def outdated_ids(*, every: bool) -> list[int]:
    """Articles whose row is missing, not done, or of another digest (all with ``every``)."""
    current = ArticleKnowledge.objects.filter(state=ArticleKnowledge.State.DONE)
    done = dict(current.values_list("article_id", "digest"))
    ids = []
    fields = ("pk", "title", "dek", "body", "published_at", "created_at")
    for article in Article.objects.only(*fields).order_by("pk").iterator(chunk_size=500):
        if every or done.get(article.pk) != services.article_digest(article):
            ids.append(article.pk)
    return ids


class Command(BaseCommand):
    help = (
        "Extract entities, quotes, figures and events from articles not yet (or not lately) done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every article, current or not")
        parser.add_argument("--force", action="store_true", help="rerun even current articles")
        parser.add_argument("--limit", type=int, help="stop after N articles")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        force = bool(options["force"])
        ids = outdated_ids(every=options["all"] or force)[:limit]
        stream = cast(TextIO, self.stdout._out)  # the bar redraws its line with "\r"
        bar = ProgressBar(stream, enabled=not options["quiet"])
        bar.start("extract", len(ids))
        started, done, failed = time.monotonic(), 0, 0
        try:
            for pk in ids:
                failed += not self._one(pk, force=force)
                done += 1
                bar.advance()
        except KeyboardInterrupt:
            bar.finish()
            raise CommandError(
                f"stopped after {done} of {len(ids)} articles; run again to resume"
            ) from None
        bar.finish()
        elapsed = time.monotonic() - started
        rate = f", {done / elapsed:.1f} articles/s" if done and elapsed > 0 else ""
        self.stdout.write(f"extracted {done} articles ({failed} failed) in {elapsed:.1f}s{rate}")

    def _one(self, pk: int, *, force: bool) -> bool:
        try:
            knowledge = services.article_extract(article_id=pk, force=force)
        except Exception as exc:  # one article's failure is recorded on it; the rest go on
            self.stderr.write(f"article {pk}: {type(exc).__name__}: {exc}")
            services.mark_failed(pk, f"{type(exc).__name__}: {exc}")
            return False
        return knowledge is None or knowledge.state == ArticleKnowledge.State.DONE
