"""Keep the stored related lists true as articles are published, edited, unpublished, deleted.

`related_refresh` is what the worker runs after any change to an article: it reindexes the
article, recomputes its own list, and merges its new score into the lists of the articles it
should now appear in (or no longer appear in). Scores are symmetric (see engine), so a
neighbour's list is updated without recomputing it; when a neighbour loses an entry it cannot
replace from what it has, it is queued for `related_relist`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction

from newsdesk.discovery.related import engine, index
from newsdesk.discovery.related.models import ArticleVector, Corpus, RelatedLink
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article
from newsdesk.publishing.pagecache import invalidate as invalidate_pages

REFRESH = "related.refresh"
RELIST = "related.relist"
REBUILD = "related.rebuild"
# A full rebuild refreshes the document frequencies once the corpus has grown by a quarter
# since the last one (and not before it holds a few articles): rebuilds stay rare as the
# site grows, and their total cost stays proportional to its size.
REBUILD_GROWTH = 1.25
REBUILD_MINIMUM = 20
Entry = tuple[int, float, list[dict[str, object]]]


def related_refresh(*, article_id: int) -> None:
    article = (
        Article.objects.published()
        .filter(pk=article_id)
        .only("title", "dek", "body", "published_at")
        .first()
    )
    if article is None:
        related_withdraw(article_id=article_id)
        return
    with transaction.atomic():
        topics = article.topics.values_list("pk", flat=True)
        me = index.index_article(article, topics)
        me = index.with_entities({me.id: me})[me.id]
        found = index.features(index.candidates(me))
        matches = engine.DEFAULT_BLEND.rank(me, found.values(), engine.CANDIDATES)
        names = entity_names(matches)
        _store(me.id, matches[: engine.STORED], names)
        _merge_into_neighbours(me.id, matches, names)
    _rebuild_when_grown()


def related_relist(*, article_id: int) -> None:
    """Recompute one article's own list from its stored vector (its neighbours stay as they are)."""
    with transaction.atomic():
        me = index.features([article_id]).get(article_id)
        if me is None:
            RelatedLink.objects.filter(article_id=article_id).delete()
            return
        found = index.features(index.candidates(me))
        matches = engine.DEFAULT_BLEND.rank(me, found.values(), engine.STORED)
        _store(article_id, matches, entity_names(matches))


def related_withdraw(*, article_id: int) -> None:
    """The article is unpublished or gone: out of the index and out of every list."""
    with transaction.atomic():
        index.unindex(article_id)
        RelatedLink.objects.filter(article_id=article_id).delete()
        owners = list(
            RelatedLink.objects.filter(related_id=article_id).values_list("article_id", flat=True)
        )
        RelatedLink.objects.filter(related_id=article_id).delete()
        transaction.on_commit(invalidate_pages)
        for owner in owners:
            tasks.enqueue(RELIST, str(owner))


def entity_names(matches: Iterable[engine.Match]) -> dict[int, str]:
    """The names of the entities these matches give as reasons, in one query (or none)."""
    ids = {i for m in matches for r in m.reasons if r.kind == "entities" for i in r.ids}
    return index.entity_names(ids) if ids else {}


def links_json(match: engine.Match, names: Mapping[int, str]) -> list[dict[str, object]]:
    """The stored reasons. Shared entities carry their names, so that the article page can say
    "Also about: ..." without a query of its own (a renamed entity shows its new name once the
    list is next computed)."""
    out = []
    for reason in match.reasons:
        data = reason.as_json()
        if reason.kind == "entities":
            data["names"] = [names.get(i, "") for i in reason.ids]
        out.append(data)
    return out


def _store(article_id: int, matches: Sequence[engine.Match], names: Mapping[int, str]) -> None:
    # The lists are on the article pages, which may be cached since the change that led here.
    transaction.on_commit(invalidate_pages)
    RelatedLink.objects.filter(article_id=article_id).delete()
    RelatedLink.objects.bulk_create(
        RelatedLink(
            article_id=article_id, related_id=m.id, score=m.score, reasons=links_json(m, names)
        )
        for m in matches
    )


def _merge_into_neighbours(
    me: int, matches: Iterable[engine.Match], names: Mapping[int, str]
) -> None:
    scored = {m.id: m for m in matches}
    holding = RelatedLink.objects.filter(related_id=me).values_list("article_id", flat=True)
    affected = sorted(set(scored) | set(holding))
    # Lock the neighbours' rows in a fixed order: two workers refreshing two articles with a
    # neighbour in common take turns on it instead of writing its list at the same time.
    list(
        ArticleVector.objects.select_for_update()
        .filter(article_id__in=affected)
        .order_by("article_id")
        .values_list("article_id", flat=True)
    )
    lists: dict[int, list[Entry]] = defaultdict(list)
    for owner, related, score, reasons in RelatedLink.objects.filter(
        article_id__in=affected
    ).values_list("article_id", "related_id", "score", "reasons"):
        lists[owner].append((related, score, reasons))
    changed = {}
    for owner in affected:
        kept = _merged(me, lists[owner], scored.get(owner), names)
        if kept is not None:
            changed[owner] = kept
    # One delete and one insert for all the lists that changed: a round trip per neighbour
    # would cost more than the computing.
    RelatedLink.objects.filter(article_id__in=list(changed)).delete()
    RelatedLink.objects.bulk_create(
        RelatedLink(article_id=owner, related_id=r, score=s, reasons=why)
        for owner, kept in changed.items()
        for r, s, why in kept
    )
    for owner, kept in changed.items():
        lost_me = any(r == me for r, _, _ in lists[owner]) and all(r != me for r, _, _ in kept)
        if lost_me and len(kept) < engine.STORED:
            tasks.enqueue(RELIST, str(owner))  # it may have a better replacement than nothing


def _merged(
    me: int, current: list[Entry], match: engine.Match | None, names: Mapping[int, str]
) -> list[Entry] | None:
    """The owner's list with ``me`` at its new score (or gone); None when nothing changes."""
    entries = [e for e in current if e[0] != me]
    if match is not None:
        entries.append((me, match.score, links_json(match, names)))
    entries.sort(key=lambda e: (-e[1], e[0]))
    kept = entries[: engine.STORED]
    return None if sorted(kept) == sorted(current) else kept


def _rebuild_when_grown() -> None:
    stats = Corpus.objects.filter(pk=1).values_list("documents", "documents_at_rebuild").first()
    if stats is None:
        return
    documents, at_rebuild = stats
    if documents >= max(REBUILD_MINIMUM, at_rebuild * REBUILD_GROWTH):
        tasks.enqueue(REBUILD)
