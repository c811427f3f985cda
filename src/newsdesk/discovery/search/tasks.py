"""Worker tasks: re-index every article of a renamed topic or author, or everything."""

from __future__ import annotations

from newsdesk.discovery.search.services import REBUILD_BATCH, index_articles, index_rebuild
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article


def _reindex(articles: list[int]) -> None:
    for start in range(0, len(articles), REBUILD_BATCH):
        index_articles(articles[start : start + REBUILD_BATCH])


@tasks.handler("search.topic", lease_seconds=1800)
def reindex_topic(key: str) -> None:
    ids = Article.objects.filter(topics=int(key), status=Article.Status.PUBLISHED)
    _reindex(list(ids.values_list("pk", flat=True)))


@tasks.handler("search.author", lease_seconds=1800)
def reindex_author(key: str) -> None:
    ids = Article.objects.filter(authors=int(key), status=Article.Status.PUBLISHED)
    _reindex(list(ids.values_list("pk", flat=True)))


# Queued by the migration that creates the index, on a site that already has articles. The
# lease outlasts a rebuild of 100,000 articles (docs/benchmarks.md) so no second worker starts
# the same one meanwhile.
@tasks.handler("search.rebuild", lease_seconds=3 * 3600)
def rebuild(key: str) -> None:
    index_rebuild()
