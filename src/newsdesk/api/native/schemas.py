"""The shapes of the native API, which its OpenAPI schema publishes.

The knowledge shapes (entities, quotes, figures, events) follow `newsdesk analyze --json`
(shared/CONTRACT.md), with slugs and URLs to the entities' pages added.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _no_nul(value: str) -> str:
    # A NUL character cannot be stored in a PostgreSQL text column; say so instead of failing.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
Slug = Annotated[str, Field(min_length=1, max_length=200, pattern=SLUG_PATTERN)]


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class Pagination(Schema):
    page: int
    per_page: int
    total: int
    pages: int


class AuthorRef(Schema):
    slug: str
    name: str
    url: str


class TopicRef(Schema):
    slug: str
    name: str
    url: str


class EntityRef(Schema):
    slug: str
    name: str
    kind: str = Field(description="PERSON, ORG, PLACE or GROUP.")
    aliases: list[str]
    mentions: int = Field(
        description="In an article: the times it is named there. Site-wide: the published "
        "articles that name it."
    )
    url: str = Field(description="Its page on the site.")


class Quote(Schema):
    text: str = Field(description="Exactly body[start:end] of the article's Markdown.")
    kind: Literal["direct", "indirect", "mixed"]
    speaker: str
    role: str
    organization: str
    start: int
    end: int
    entity: str | None = Field(description="The speaker's entity slug, when resolved.")


class Figure(Schema):
    text: str
    value: float | None
    unit: str
    per: str
    period: str
    previous: float | None = Field(description="The earlier value of a change, if any.")
    previous_period: str
    start: int
    end: int


class Event(Schema):
    date: str
    precision: Literal["day", "month", "year"]
    text: str
    start: int
    end: int


class ArticleSummary(Schema):
    id: int
    slug: str
    title: str
    dek: str
    url: str
    published_at: dt.datetime | None
    featured: bool
    reading_minutes: int
    authors: list[AuthorRef]
    topics: list[TopicRef]


class Article(ArticleSummary):
    status: Literal["draft", "scheduled", "published", "unpublished"]
    updated_at: dt.datetime
    content_updated_at: dt.datetime | None
    word_count: int
    body: str = Field(description="Markdown")
    body_html: str
    toc: list[dict[str, Any]]
    hero_image: str | None
    hero_alt: str
    seo_title: str
    seo_description: str
    canonical_url: str
    entities: list[EntityRef] = Field(description="Empty until the worker has read it.")
    quotes: list[Quote] = Field(description="Empty until the worker has read it.")
    figures: list[Figure] = Field(description="Empty until the worker has read it.")
    events: list[Event] = Field(description="Empty until the worker has read it.")


class ArticleList(Pagination):
    items: list[ArticleSummary]


class ArticleIn(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    slug: Slug | None = Field(None, description="From the title when left out.")
    dek: Annotated[Text, Field(max_length=400)] = ""
    body: Annotated[Text, Field(max_length=5_000_000, description="Markdown")] = ""
    authors: list[Slug] = Field(
        default_factory=list,
        max_length=20,
        description="Author slugs, in byline order; the token's own author profile when empty.",
    )
    topics: list[Slug] = Field(default_factory=list, max_length=50, description="Topic slugs.")
    featured: bool = False
    seo_title: Annotated[Text, Field(max_length=300)] = ""
    seo_description: Annotated[Text, Field(max_length=500)] = ""
    canonical_url: Annotated[Text, Field(max_length=200)] = ""


class ArticlePatch(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    slug: Slug | None = None
    dek: Annotated[Text, Field(max_length=400)] | None = None
    body: Annotated[Text, Field(max_length=5_000_000)] | None = None
    authors: Annotated[list[Slug], Field(min_length=1, max_length=20)] | None = None
    topics: Annotated[list[Slug], Field(max_length=50)] | None = None
    featured: bool | None = None
    seo_title: Annotated[Text, Field(max_length=300)] | None = None
    seo_description: Annotated[Text, Field(max_length=500)] | None = None
    canonical_url: Annotated[Text, Field(max_length=200)] | None = None
    override_reason: Annotated[Text, Field(max_length=2000)] | None = Field(
        None,
        description="Publish over the editorial checks' errors (a 422 lists them); recorded.",
    )


class PublishIn(Schema):
    at: dt.datetime | None = Field(
        None, description="A future time schedules the article; left out: publish now."
    )
    override_reason: Annotated[Text, Field(max_length=2000)] | None = Field(
        None,
        description="Publish over the editorial checks' errors (a 422 lists them); recorded.",
    )


class SearchResult(Schema):
    article: ArticleSummary
    title_html: str = Field(description="The title with matches in <mark>.")
    snippet_html: str = Field(description="A passage with matches in <mark>.")


class SearchPage(Pagination):
    query: str
    more: bool = Field(description="True when `total` is a lower bound.")
    results: list[SearchResult]
    did_you_mean: str
    suggestions: list[str]


class Related(Schema):
    article: ArticleSummary
    why: str


class EntityQuote(Quote):
    article: str = Field(description="The slug of the article it is from.")
    url: str = Field(description="The article, scrolled to the quote where browsers can.")


class Entity(EntityRef):
    quotes: list[EntityQuote] = Field(description="Newest first, at most 100.")
    articles: list[ArticleSummary] = Field(description="Newest first, at most 100.")


class EntityList(Pagination):
    items: list[EntityRef]


class Subscriber(Schema):
    id: int
    email: str
    name: str
    status: Literal["pending", "active", "unsubscribed", "bounced", "complained"]
    newsletters: list[str] = Field(description="Newsletter slugs.")
    topics: list[str] = Field(description="Followed topic slugs.")
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    unsubscribed_at: dt.datetime | None


class SubscriberList(Pagination):
    items: list[Subscriber]


class SubscriberIn(Schema):
    email: Annotated[Text, Field(min_length=3, max_length=254)]
    name: Annotated[Text, Field(max_length=200)] = ""
    newsletters: list[Slug] = Field(
        default_factory=list, max_length=20, description="Empty: the default newsletters."
    )
    confirmed: bool = Field(
        False,
        description="True: they already opted in elsewhere. False: they get a confirmation "
        "email and stay pending until they click it.",
    )


class SubscriberPatch(Schema):
    name: Annotated[Text, Field(max_length=200)] | None = None
    newsletters: Annotated[list[Slug], Field(max_length=20)] | None = None
    topics: Annotated[list[Slug], Field(max_length=50)] | None = None
