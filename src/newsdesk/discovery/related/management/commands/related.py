from __future__ import annotations

import time
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.discovery.related import selectors
from newsdesk.discovery.related.models import ArticleVector, Corpus, RelatedLink
from newsdesk.discovery.related.progress import ProgressBar
from newsdesk.discovery.related.rebuild import related_rebuild
from newsdesk.publishing.models import Article


class Command(BaseCommand):
    help = (
        "Related articles: --rebuild recomputes every list (with a progress bar); "
        "--article SLUG shows one list and why; with neither, the state of the index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rebuild", action="store_true", help="recompute all lists")
        action.add_argument("--article", metavar="SLUG", help="show the list of one article")
        parser.add_argument("--quiet", action="store_true", help="print nothing but errors")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            self.rebuild(quiet=options["quiet"])
        elif options["article"]:
            self.show(options["article"])
        elif not options["quiet"]:
            self.status()

    def rebuild(self, *, quiet: bool) -> None:
        started = time.monotonic()
        # The bar redraws its line with "\r", so it writes to the stream under Django's
        # line-ending wrapper.
        stream = cast(TextIO, self.stdout._out)
        report = related_rebuild(progress=ProgressBar(stream, enabled=not quiet))
        if not quiet:
            self.stdout.write(
                f"related: {report.articles} articles, {report.terms} terms, "
                f"{report.links} links in {time.monotonic() - started:.1f}s"
                + (f"; {report.requeued} changed meanwhile, queued" if report.requeued else "")
            )

    def show(self, slug: str) -> None:
        article = Article.objects.prefetch_related("topics").filter(slug=slug).first()
        if article is None:
            raise CommandError(f"no article with the slug {slug!r}")
        found = selectors.stored_related(article, limit=100)
        if not found:
            self.stdout.write("no related articles stored (yet) for this article")
        for item in found:
            line = f"{item.article.slug}  {item.article.title}"
            self.stdout.write(f"{line}  ({item.why})" if item.why else line)

    def status(self) -> None:
        stats = Corpus.objects.filter(pk=1).first()
        vectors = ArticleVector.objects.count()
        links = RelatedLink.objects.count()
        published = Article.objects.published().count()
        rebuilt = f"{stats.rebuilt_at:%Y-%m-%d %H:%M}" if stats and stats.rebuilt_at else "never"
        self.stdout.write(
            f"{published} published articles, {vectors} indexed, {links} related links; "
            f"last full rebuild: {rebuilt}"
        )
