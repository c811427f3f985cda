"""Search: the one function views, benchmarks and tests call.

Ranking. Articles whose title, dek, topics or bylines match on their own come first (a title
match outranks a body match), then the other matches; within each tier by weighted relevance
(BM25 or ts_rank), and among near-equal scores the newer first. Both tiers are ranked within a
window of the newest RANK_WINDOW matches: for a word in half the archive, relevance barely
separates the matches and reading every one would cost hundreds of milliseconds, while a rare
word has fewer matches than the window and is ranked over all of them exactly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsdesk.discovery.search import highlight
from newsdesk.discovery.search.backends import Filters, Hit, get_backend
from newsdesk.discovery.search.backends.base import known_words
from newsdesk.discovery.search.models import SearchEntry, SearchWord
from newsdesk.discovery.search.query import Query, parse
from newsdesk.knowledge.models import Mention
from newsdesk.publishing.models import Article, ArticleAuthor, Topic

RANK_WINDOW = 400
PER_PAGE = 10
FACETS = 8  # entities offered as filters beside the results
# Scores within 5% of each other count as a tie, which the newer article wins.
TIE_BUCKETS = 20


@dataclass(frozen=True)
class Result:
    article: Article  # only what a result shows: title, slug, dates
    title: SafeString
    snippet: SafeString
    topics: list[Topic]
    authors: list[str]


@dataclass(frozen=True)
class EntityFacet:
    """A person, organization or place named in ``count`` of the results: a filter to offer."""

    slug: str
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    query: Query
    results: list[Result]
    total: int  # a lower bound when ``more`` is true
    more: bool
    number: int
    pages: int
    did_you_mean: str = ""
    suggestions: list[str] = field(default_factory=list)
    entities: list[EntityFacet] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


class PageOutOfRange(ValueError):
    pass


def search(
    raw: str,
    filters: Filters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> SearchPage:
    query = parse(raw)
    filters = filters or Filters()
    now = now or timezone.now()
    if not query:
        return SearchPage(query, [], 0, False, 1, 0)
    ranked, more = ranked_keys(query, filters, now)
    pages = max(1, math.ceil(len(ranked) / per_page))
    if not 1 <= page <= pages:
        raise PageOutOfRange(page)
    keys = ranked[(page - 1) * per_page : page * per_page]
    results = _results(keys, query)
    if ranked:
        facets = entity_facets(ranked, exclude=filters.entity_id)
        return SearchPage(query, results, len(ranked), more, page, pages, entities=facets)
    did_you_mean, suggestions = _help_when_empty(query, filters, now)
    return SearchPage(query, [], 0, False, 1, 1, did_you_mean, suggestions)


def ranked_keys(query: Query, filters: Filters, now: datetime) -> tuple[list[int], bool]:
    """Recency keys of the matches, best first; and whether there are more than these."""
    backend = get_backend()
    head = backend.head_hits(query, filters, now=now, limit=RANK_WINDOW)
    everywhere = backend.hits(query, filters, now=now, limit=RANK_WINDOW)
    in_head = {hit.key for hit in head}
    rest = [hit for hit in everywhere if hit.key not in in_head]
    return _order(head) + _order(rest), len(everywhere) == RANK_WINDOW


def entity_facets(keys: list[int], *, exclude: int | None = None) -> list[EntityFacet]:
    """The entities named in most of these results, in one query.

    Mentions of an entity since merged into another are left out until the article's next
    extraction moves them to the winner: the facet would lead to the same articles anyway.
    """
    articles = SearchEntry.objects.filter(pk__in=keys).values("article_id")
    mentions = Mention.objects.filter(article_id__in=articles, entity__merged_into__isnull=True)
    if exclude is not None:
        mentions = mentions.exclude(entity_id=exclude)
    rows = (
        mentions.values("entity__slug", "entity__name", "entity__kind")
        .annotate(articles=Count("article_id"))
        .order_by("-articles", "entity__name")[:FACETS]
    )
    return [
        EntityFacet(row["entity__slug"], row["entity__name"], row["entity__kind"], row["articles"])
        for row in rows
    ]


def _order(hits: list[Hit]) -> list[int]:
    best = max((hit.score for hit in hits), default=0.0)
    if best <= 0:
        return sorted((hit.key for hit in hits), reverse=True)

    def bucket(hit: Hit) -> tuple[int, int]:
        return math.floor(hit.score / best * TIE_BUCKETS), hit.key

    return [hit.key for hit in sorted(hits, key=bucket, reverse=True)]


def _results(keys: list[int], query: Query) -> list[Result]:
    entries = {
        entry.pk: entry
        for entry in SearchEntry.objects.filter(pk__in=keys).only("article_id", "title", "body")
    }
    # The visibility rule has the last word, whatever the index still holds. It is applied
    # as Article.is_live, the model's own statement of published(), to ten rows fetched by
    # primary key: in SQL, SQLite's planner (without statistics) prefers walking the listing
    # index over the whole archive, 60 ms at 100,000 articles.
    articles = Article.objects.filter(pk__in=[e.article_id for e in entries.values()])
    fields = ("title", "slug", "status", "published_at", "content_updated_at")
    by_id = {a.pk: a for a in articles.order_by().only(*fields) if a.is_live}
    topics, authors = _bylines_and_topics(list(by_id))
    words = query.words()
    results = []
    for key in keys:
        entry = entries.get(key)
        article = by_id.get(entry.article_id) if entry else None
        if entry is None or article is None:
            continue
        results.append(
            Result(
                article=article,
                # Escaped by highlight; the only markup in it is our own <mark>.
                title=mark_safe(highlight.highlight(article.title, words)),
                snippet=mark_safe(highlight.snippet(entry.body, words)),
                topics=topics.get(article.pk, []),
                authors=authors.get(article.pk, []),
            )
        )
    return results


def _bylines_and_topics(ids: list[int]) -> tuple[dict[int, list[Topic]], dict[int, list[str]]]:
    # Two flat queries: prefetch_related costs several times more for a page of ten.
    topics: dict[int, list[Topic]] = defaultdict(list)
    links = Article.topics.through.objects.filter(article_id__in=ids).order_by("topic__name")
    for article_id, name, slug in links.values_list("article_id", "topic__name", "topic__slug"):
        topics[article_id].append(Topic(name=name, slug=slug))
    authors: dict[int, list[str]] = defaultdict(list)
    bylines = ArticleAuthor.objects.filter(article_id__in=ids).order_by("position", "id")
    for article_id, name in bylines.values_list("article_id", "author__name"):
        authors[article_id].append(name)
    return topics, authors


def _help_when_empty(query: Query, filters: Filters, now: datetime) -> tuple[str, list[str]]:
    """A corrected query that finds something, and words to try instead."""
    backend = get_backend()
    words = query.words()
    known = known_words(words)
    corrections: dict[str, str] = {}
    suggestions: list[str] = []
    for word in words:
        if word in known:
            continue
        completions = _completions(word)
        similar = backend.similar_words(word, 4)
        for candidate in completions + similar:
            if candidate not in suggestions:
                suggestions.append(candidate)
        if similar or completions:
            corrections[word] = (similar or completions)[0]
    did_you_mean = ""
    if corrections:
        corrected = _replace_words(query, corrections)
        # The full window, not LIMIT 1: with LIMIT 1 PostgreSQL walks the primary key hoping
        # for an early match, and reads every row when there is none.
        if corrected and backend.hits(parse(corrected), filters, now=now, limit=RANK_WINDOW):
            did_you_mean = corrected
    return did_you_mean, suggestions[:6]


def _completions(prefix: str, limit: int = 3) -> list[str]:
    if len(prefix) < 3:
        return []
    # A range rather than LIKE, so both databases walk the unique index.
    words = SearchWord.objects.filter(word__gt=prefix, word__lt=prefix + "\uffff")
    return list(words.order_by("-documents", "word").values_list("word", flat=True)[:limit])


def _replace_words(query: Query, corrections: dict[str, str]) -> str:
    parts = []
    for group in query.groups:
        terms = []
        for term in group:
            text = " ".join(corrections.get(word, word) for word in term.words)
            terms.append(f'"{text}"' if term.is_phrase else text)
        parts.append(" OR ".join(terms))
    parts += [f"-{term.text()}" for term in query.excluded]
    return " ".join(parts)
