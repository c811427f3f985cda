"""Reads of stored extractions for readers: article sections, entity pages, directories.

Nothing here extracts: every value comes from the rows ``knowledge.services`` stored, and only
published articles (``Article.objects.published()``) count anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import (
    CharField,
    DateField,
    Exists,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from newsdesk.knowledge import display
from newsdesk.knowledge.models import (
    Entity,
    EntityName,
    Event,
    EventEntity,
    Figure,
    Mention,
    Quote,
)
from newsdesk.publishing.models import Article, ArticleQuerySet

KEY_FIGURES = 6
ARTICLE_TIMELINE = 8
ENTITY_QUOTES = 50
ENTITY_EVENTS = 100
OVERVIEW_SIZE = 12
MAX_MERGE_HOPS = 20

# The directories' URL segments, in the order the overview shows them.
DIRECTORIES: dict[str, tuple[str, str]] = {
    "people": (Entity.Kind.PERSON, "People"),
    "organizations": (Entity.Kind.ORG, "Organizations"),
    "places": (Entity.Kind.PLACE, "Places"),
    "groups": (Entity.Kind.GROUP, "Groups"),
}


@dataclass(frozen=True)
class ShownQuote:
    quote: Quote

    @property
    def text(self) -> str:
        return display.quote_text(self.quote.text)

    @property
    def fragment(self) -> str:
        return display.text_fragment(self.quote.text)


@dataclass
class Voice:
    """A quoted speaker of one article and what they said there, in the article's order."""

    entity: Entity
    role: str = ""
    organization: str = ""
    quotes: list[ShownQuote] = field(default_factory=list)

    @property
    def label(self) -> str:
        return display.role_label(self.role, self.organization)


@dataclass(frozen=True)
class KeyFigure:
    figure: Figure
    context: str  # the sentence that states it, as plain text

    @property
    def amount(self) -> str:
        return display.amount(self.figure.value, self.figure.unit)

    @property
    def change(self) -> str:
        if self.figure.previous is None:
            return ""
        return display.change(self.figure)


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    article: Article | None = None  # set on an entity's timeline, where events come from many

    @property
    def when(self) -> str:
        return display.when(self.event.date, self.event.precision)

    @property
    def summary(self) -> str:
        return display.shorten(display.plain(self.event.text))


@dataclass(frozen=True)
class ArticleSections:
    voices: list[Voice]
    figures: list[KeyFigure]
    timeline: list[TimelineEntry]


def article_sections(article: Article) -> ArticleSections:
    """Voices, key figures and timeline of one article, in two queries."""
    figures, events = _figures_and_events(article.pk)
    return ArticleSections(
        voices=_voices(article.pk),
        figures=[
            KeyFigure(f, display.sentence_around(article.body, f.start, f.end, f.text))
            for f in key_figures(figures, article.body)
        ],
        timeline=_article_timeline(events),
    )


def key_figures(figures: list[Figure], body: str, limit: int = KEY_FIGURES) -> list[Figure]:
    """The figures most worth a reader's glance, in article order: changes first, then
    figures that say what they count; numbers in a table are already laid out as one."""

    def weight(figure: Figure) -> int:
        return (
            3 * (figure.previous is not None)
            + bool(figure.unit)
            + bool(figure.per or figure.period)
            - 3 * display.in_table(body, figure.start)
        )

    seen: set[tuple[float, str]] = set()
    distinct = []
    for figure in figures:
        if (figure.value, figure.unit) not in seen:
            seen.add((figure.value, figure.unit))
            distinct.append(figure)
    best = sorted(distinct, key=weight, reverse=True)[:limit]  # stable: article order on ties
    return sorted(best, key=lambda f: (f.position, f.start))


def _voices(article_id: int) -> list[Voice]:
    quotes = (
        Quote.objects.filter(article_id=article_id, entity__isnull=False)
        .select_related("entity")
        .order_by("position", "start")
    )
    voices: dict[int, Voice] = {}
    for quote in quotes:
        assert quote.entity is not None  # filtered above
        voice = voices.setdefault(quote.entity.pk, Voice(quote.entity))
        voice.role = voice.role or quote.role
        voice.organization = voice.organization or quote.organization
        voice.quotes.append(ShownQuote(quote))
    return list(voices.values())


# Figures and events share one UNION query: the article page has a budget of eight queries.
_FIGURE_COLUMNS = ("value", "unit", "per", "period", "previous", "previous_period", "position")
_EVENT_COLUMNS = ("date", "iso", "precision")


def _figures_and_events(article_id: int) -> tuple[list[Figure], list[Event]]:
    empty_text = Value("", output_field=CharField())
    figures = (
        Figure.objects.filter(article_id=article_id)
        .order_by()  # a compound query cannot order its parts
        .annotate(
            row=Value("f", output_field=CharField()),
            day=Value(None, output_field=DateField()),
            day_iso=empty_text,
            day_precision=empty_text,
        )
        .values_list(
            "row", "id", "text", "start", "end", *_FIGURE_COLUMNS, "day", "day_iso", "day_precision"
        )
    )
    events = (
        Event.objects.filter(article_id=article_id)
        .order_by()
        .annotate(
            row=Value("e", output_field=CharField()),
            f_value=Value(None, output_field=FloatField()),
            f_unit=empty_text,
            f_per=empty_text,
            f_period=empty_text,
            f_previous=Value(None, output_field=FloatField()),
            f_previous_period=empty_text,
            f_position=Value(0, output_field=IntegerField()),
        )
        .values_list(
            "row",
            "id",
            "text",
            "start",
            "end",
            *(f"f_{name}" for name in _FIGURE_COLUMNS),
            *_EVENT_COLUMNS,
        )
    )
    found_figures: list[Figure] = []
    found_events: list[Event] = []
    for row in figures.union(events, all=True):
        kind, pk, text, start, end = row[:5]
        if kind == "f":
            values = dict(zip(_FIGURE_COLUMNS, row[5:12], strict=True))
            found_figures.append(
                Figure(pk=pk, article_id=article_id, text=text, start=start, end=end, **values)
            )
        else:
            values = dict(zip(_EVENT_COLUMNS, row[12:], strict=True))
            values["date"] = _as_date(values["date"])
            found_events.append(
                Event(pk=pk, article_id=article_id, text=text, start=start, end=end, **values)
            )
    found_figures.sort(key=lambda f: (f.position, f.start))
    found_events.sort(key=lambda e: (e.date, e.start))
    return found_figures, found_events


def _as_date(value: object) -> dt.date:
    # A UNION loses the column's type on SQLite, which then hands back the ISO string.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _article_timeline(events: list[Event]) -> list[TimelineEntry]:
    seen: set[tuple[str, str]] = set()
    entries: list[TimelineEntry] = []
    for event in events:
        # Two dates in one sentence make two events with the same text; show each date once.
        marker = (event.iso, event.text)
        if marker not in seen:
            seen.add(marker)
            entries.append(TimelineEntry(event))
    return entries[:ARTICLE_TIMELINE]


# Entity pages


class EntityMoved(Exception):
    def __init__(self, survivor: Entity) -> None:
        super().__init__(survivor.slug)
        self.survivor = survivor


def entity_by_slug(slug: str) -> Entity | None:
    """The entity a slug names; raises ``EntityMoved`` for one merged into another."""
    entity = Entity.objects.filter(slug=slug).first()
    if entity is None or entity.merged_into_id is None:
        return entity
    survivor = entity
    for _ in range(MAX_MERGE_HOPS):  # a merge cycle, however it came about, must not hang
        if survivor.merged_into is None:
            break
        survivor = survivor.merged_into
    raise EntityMoved(survivor)


def merged_ids(entity: Entity) -> list[int]:
    """The entity and those merged into it, whose rows the merge may not have moved yet."""
    return [entity.pk, *Entity.objects.filter(merged_into=entity).values_list("pk", flat=True)]


def _live() -> ArticleQuerySet:
    return Article.objects.published()


_M = TypeVar("_M", Mention, Quote, Event)


def _in_live_articles(rows: QuerySet[_M]) -> QuerySet[_M]:
    # Driven from the entity's own rows, each checked against its article by primary key: an
    # "article_id IN (all published)" or a walk of every article costs the whole site each time.
    return rows.filter(Exists(_live().filter(pk=OuterRef("article_id"))))


def entity_articles(entity_ids: list[int]) -> ArticleQuerySet:
    """Published articles that name any of these entities, newest first."""
    named = Mention.objects.filter(entity_id__in=entity_ids).values("article_id")
    return _live().filter(pk__in=named).order_by("-published_at", "-id")


@dataclass(frozen=True)
class Role:
    role: str
    organization: str
    first: dt.datetime
    last: dt.datetime

    @property
    def label(self) -> str:
        return display.role_label(self.role, self.organization)


@dataclass(frozen=True)
class EntityPage:
    entity: Entity
    aliases: list[str]
    roles: list[Role]
    articles: ArticleQuerySet
    quotes: list[ShownQuote]
    quote_total: int
    timeline: list[TimelineEntry]


def entity_page(entity: Entity) -> EntityPage:
    ids = merged_ids(entity)
    quotes = entity_quotes(ids)
    return EntityPage(
        entity=entity,
        aliases=entity_aliases(entity),
        roles=_roles(ids),
        articles=entity_articles(ids).for_listing(),
        quotes=quotes,
        quote_total=_quote_total(ids, len(quotes)),
        timeline=_entity_timeline(ids),
    )


def entity_aliases(entity: Entity) -> list[str]:
    names = EntityName.objects.filter(entity=entity).exclude(name=entity.name)
    return sorted(set(names.values_list("name", flat=True)), key=str.casefold)


def _roles(ids: list[int]) -> list[Role]:
    rows = (
        _in_live_articles(Mention.objects.filter(entity_id__in=ids))
        .exclude(role="", organization="")
        .values("role", "organization")
        .annotate(first=Min("article__published_at"), last=Max("article__published_at"))
        .order_by("first", "role")
    )
    return [Role(r["role"], r["organization"], r["first"], r["last"]) for r in rows]


def entity_quotes(ids: list[int], limit: int = ENTITY_QUOTES) -> list[ShownQuote]:
    """What these entities said in published articles, newest first."""
    rows = (
        _in_live_articles(Quote.objects.filter(entity_id__in=ids))
        .select_related("article", "entity")
        .defer("article__body", "article__body_html", "article__toc")
        .order_by("-article__published_at", "-article_id", "position")[:limit]
    )
    return [ShownQuote(q) for q in rows]


def _quote_total(ids: list[int], shown: int) -> int:
    if shown < ENTITY_QUOTES:
        return shown
    return _in_live_articles(Quote.objects.filter(entity_id__in=ids)).count()


def _entity_timeline(ids: list[int]) -> list[TimelineEntry]:
    names_it = EventEntity.objects.filter(entity_id__in=ids).values("event_id")
    # The latest events, shown oldest first: a long-covered person keeps a readable page.
    rows = list(
        _in_live_articles(Event.objects.filter(pk__in=names_it))
        .select_related("article")
        .defer("article__body", "article__body_html", "article__toc")
        .order_by("-date", "-article__published_at", "-start")[:ENTITY_EVENTS]
    )
    rows.reverse()
    return [TimelineEntry(event, event.article) for event in rows]


# Directories


def directory(kind: str | None, query: str = "") -> QuerySet[Entity]:
    """Entities (of a kind) named in at least one published article, most covered first.

    ``article_count`` is the count of published articles that knowledge.services keeps on
    every publish, unpublish and extraction; reading it instead of probing each entity's
    mentions keeps a directory at a few milliseconds however many entities there are
    (bench/entity_pages_bench.py).
    """
    entities = Entity.objects.filter(article_count__gt=0, merged_into__isnull=True)
    if kind:
        entities = entities.filter(kind=kind)
    query = query.replace("\x00", "").strip()
    if query:
        alias = EntityName.objects.filter(entity=OuterRef("pk"), name__icontains=query)
        entities = entities.filter(Q(name__icontains=query) | Q(Exists(alias)))
    return entities.order_by("-article_count", "name", "pk")


def overview() -> list[tuple[str, str, list[Entity]]]:
    """(URL segment, heading, the most covered entities) for each kind that has any."""
    sections = []
    for segment, (kind, heading) in DIRECTORIES.items():
        top = list(directory(kind)[:OVERVIEW_SIZE])
        if top:
            sections.append((segment, heading, top))
    return sections
