"""Stored extraction rows made directly, so page tests do not depend on extraction quality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.text import slugify

from newsdesk.knowledge import names, services
from newsdesk.knowledge.models import (
    Entity,
    EntityName,
    Event,
    EventEntity,
    Figure,
    Mention,
    Quote,
)
from newsdesk.publishing.models import Article


def entity(name: str, kind: str = "PERSON", *aliases: str, **fields: Any) -> Entity:
    fields.setdefault("slug", slugify(name))
    item = Entity.objects.create(kind=kind, name=name, **fields)
    for each in (name, *aliases):
        EntityName.objects.create(entity=item, kind=kind, key=names.key(each), name=each)
    return item


def mention(article: Article, item: Entity, role: str = "", organization: str = "") -> Mention:
    found = Mention.objects.create(
        article=article, entity=item, name=item.name, role=role, organization=organization
    )
    services.refresh_counts([item.pk])  # published articles only, as extraction keeps them
    return found


def quote(
    article: Article, item: Entity | None, text: str, kind: str = "direct", **fields: Any
) -> Quote:
    start = article.body.find(text)
    fields.setdefault("position", Quote.objects.filter(article=article).count())
    return Quote.objects.create(
        article=article,
        entity=item,
        kind=kind,
        text=text,
        speaker=item.name if item else "",
        start=max(start, 0),
        end=max(start, 0) + len(text),
        **fields,
    )


def figure(article: Article, text: str, value: float, unit: str = "", **fields: Any) -> Figure:
    start = article.body.find(text)
    fields.setdefault("position", Figure.objects.filter(article=article).count())
    return Figure.objects.create(
        article=article,
        text=text,
        value=value,
        unit=unit,
        start=max(start, 0),
        end=max(start, 0) + len(text),
        **fields,
    )


def event(article: Article, iso: str, text: str, *entities: Entity, precision: str = "") -> Event:
    precision = precision or {4: "year", 7: "month"}.get(len(iso), "day")
    day = dt.date.fromisoformat((iso + "-01-01")[:10] if len(iso) < 10 else iso)
    start = article.body.find(text)
    found = Event.objects.create(
        article=article,
        date=day,
        iso=iso,
        precision=precision,
        text=text,
        start=max(start, 0),
        end=max(start, 0) + len(text),
    )
    for each in entities:
        EventEntity.objects.create(event=found, entity=each)
    return found


def seed_demo(article: Article) -> Entity:
    """Rows for the demo's shipping article, as extraction would store them, for browser tests
    that must not wait for spaCy or depend on what it finds."""
    person = entity("Liv Mortensen", "PERSON", "Mortensen")
    insurer = entity("Skagerrak Mutual", "ORG")
    place = entity("Red Sea", "PLACE")
    role = {"role": "head of marine war underwriting", "organization": "Skagerrak Mutual"}
    mention(article, person, **role)
    mention(article, insurer)
    mention(article, place)
    said = '"For a long time, that additional premium was a rounding error.'
    quote(article, person, said, **role)
    quote(article, person, "that premiums are set", kind="indirect", **role)
    figure(
        article,
        "from about 68 a week in 2023 to fewer than 15 a week through most of 2025",
        15,
        "transits",
        per="week",
        period="2025",
        previous=68,
        previous_period="2023",
    )
    figure(article, "around 700,000 additional container slots", 700_000, "container slots")
    event(article, "2023", "Since attacks on merchant vessels in the southern Red Sea", place)
    event(article, "2024", "Demirel estimates that the major carriers collectively deployed")
    event(article, "2026-06", "to around 22 a week in June", person)
    return person
