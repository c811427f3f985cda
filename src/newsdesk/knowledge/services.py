"""Storing what the pipeline found, and the editors' corrections to the site's entities.

``article_extract`` is the one way an article's extraction gets into the database: the worker
calls it after every change, `newsdesk manage extract` for the backlog. The pipeline runs
outside any transaction (it takes seconds on a long article); the replace is one transaction
under the article's row lock, so two workers on one article store one complete result.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsdesk.knowledge import models, names, pipeline, selectors, signals
from newsdesk.knowledge.types import Analysis
from newsdesk.knowledge.types import Entity as FoundEntity
from newsdesk.knowledge.types import Event as FoundEvent
from newsdesk.lib.text import slugify
from newsdesk.publishing.models import Article
from newsdesk.publishing.pagecache import invalidate as invalidate_pages

log = logging.getLogger("newsdesk.knowledge")

State = models.ArticleKnowledge.State


def article_published_date(article: Article) -> date:
    """The date relative dates resolve against: publication, or creation for a draft.

    Not today's date: a draft's digest would change every midnight and redo its extraction.
    """
    moment = article.published_at or article.created_at or timezone.now()
    return timezone.localdate(moment)


def article_digest(article: Article) -> str:
    parts = [
        str(pipeline.VERSION),
        article.title,
        article.dek,
        article.body,
        article_published_date(article).isoformat(),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def is_current(article: Article, knowledge: models.ArticleKnowledge | None) -> bool:
    return (
        knowledge is not None
        and knowledge.state == State.DONE
        and knowledge.digest == article_digest(article)
    )


def article_extract(*, article_id: int, force: bool = False) -> models.ArticleKnowledge | None:
    """Bring one article's stored extraction up to date; None when the article is gone."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return None
    knowledge = models.ArticleKnowledge.objects.filter(article_id=article_id).first()
    if not force and is_current(article, knowledge):
        # Nothing the pipeline reads has changed, but a publish or unpublish changes what the
        # entities' counts (published articles only) should say.
        refresh_counts(_entity_ids(article_id))
        assert knowledge is not None
        return knowledge
    digest = article_digest(article)
    try:
        analysis = pipeline.analyze(
            article.body,
            title=article.title,
            dek=article.dek,
            published=article_published_date(article),
        )
    except Exception as exc:  # analyze() promises not to raise; if it does, say so on the row
        log.exception("knowledge: extraction of article %s failed", article_id)
        return mark_failed(article_id, f"{type(exc).__name__}: {exc}")
    return store_analysis(article_id=article_id, analysis=analysis, digest=digest, force=force)


def mark_failed(article_id: int, error: str) -> models.ArticleKnowledge | None:
    with transaction.atomic():
        if not Article.objects.filter(pk=article_id).exists():
            return None
        knowledge, _ = models.ArticleKnowledge.objects.update_or_create(
            article_id=article_id,
            defaults={
                "state": State.FAILED,
                "error": error[:10_000],
                "analyzed_at": timezone.now(),
            },
        )
    return knowledge


def store_analysis(
    *, article_id: int, analysis: Analysis, digest: str = "", force: bool = True
) -> models.ArticleKnowledge | None:
    """Replace the article's stored extraction with ``analysis``; None when the article is gone."""
    with transaction.atomic():
        if not Article.objects.select_for_update().filter(pk=article_id).exists():
            return None
        current = models.ArticleKnowledge.objects.filter(article_id=article_id).first()
        if not force and current and current.state == State.DONE and current.digest == digest:
            return current  # another worker stored this very version while we read it
        before = _entity_ids(article_id)
        _clear(article_id)
        resolved = _resolve_all(analysis.entities)
        _store_mentions(article_id, analysis.entities, resolved)
        _store_quotes(article_id, analysis, resolved)
        _store_figures(article_id, analysis)
        _store_events(article_id, analysis, resolved)
        _store_findings(article_id, analysis)
        refresh_counts(before | {entity.pk for entity in resolved.values()})
        knowledge, _ = models.ArticleKnowledge.objects.update_or_create(
            article_id=article_id,
            defaults={
                "state": State.DONE,
                "digest": digest,
                "words": analysis.words,
                "failures": analysis.failures,
                "error": "",
                "analyzed_at": timezone.now(),
            },
        )
        signals.extracted.send(sender=None, article_id=article_id)
        transaction.on_commit(invalidate_pages)
    return knowledge


def _entity_ids(article_id: int) -> set[int]:
    mentioned = models.Mention.objects.filter(article_id=article_id).values_list("entity_id")
    quoted = models.Quote.objects.filter(article_id=article_id, entity__isnull=False)
    return {pk for (pk,) in mentioned} | set(quoted.values_list("entity_id", flat=True))


def _clear(article_id: int) -> None:
    for model in (models.Mention, models.Quote, models.Figure, models.Event, models.Finding):
        model.objects.filter(article_id=article_id).delete()


# Resolving an article's entities to the site's -------------------------------------------


def _resolve_all(found: list[FoundEntity]) -> dict[str, models.Entity]:
    # In a fixed order, so two workers adding the same new names take their locks in the same
    # order and cannot deadlock each other.
    ordered = sorted(found, key=lambda e: (e.kind, names.key(e.name)))
    # One query for every name the article uses, instead of one per entity.
    wanted = Q(pk__in=[])
    for entity in ordered:
        wanted |= Q(kind=entity.kind, key__in=list(_spellings(entity)))
    known: dict[tuple[str, str], models.EntityName] = {
        (n.kind, n.key): n
        for n in models.EntityName.objects.select_related("entity").filter(wanted)
    }
    resolved: dict[str, models.Entity] = {}
    for entity in ordered:
        site = resolve_entity(entity, known)
        if site is not None:
            resolved[entity.key] = site
    return resolved


def _root(entity: models.Entity) -> models.Entity:
    seen = {entity.pk}
    while entity.merged_into_id is not None and entity.merged_into_id not in seen:
        seen.add(entity.merged_into_id)
        entity = models.Entity.objects.get(pk=entity.merged_into_id)
    return entity


def _spellings(found: FoundEntity) -> dict[str, str]:
    """The entity's name keys, its fullest name's first, each with a spelling."""
    spellings = {names.key(found.name): found.name}
    for alias in found.aliases:
        spellings.setdefault(names.key(alias), alias)
    spellings.pop("", None)
    return spellings


def resolve_entity(
    found: FoundEntity, cache: dict[tuple[str, str], models.EntityName] | None = None
) -> models.Entity | None:
    """The site's entity for one found in an article, created when new.

    The article's fullest name decides; an alias ("IEA") finds the entity when the name is new.
    Names the article gives it that the site does not know yet are added to it, and an
    unpinned alias filed under another entity moves here: an article that spells out
    "International Energy Agency (IEA)" is better evidence than one that said "IEA" alone.
    ``cache`` holds the names already read, by (kind, key), and learns the ones added here.
    """
    main_key = names.key(found.name)
    if not main_key:
        return None
    spellings = _spellings(found)
    if cache is None:
        rows = models.EntityName.objects.select_related("entity")
        cache = {(n.kind, n.key): n for n in rows.filter(kind=found.kind, key__in=list(spellings))}
    known = {k: cache[(found.kind, k)] for k in spellings if (found.kind, k) in cache}
    anchor = known.get(main_key) or next((known[k] for k in spellings if k in known), None)
    if anchor is None:
        known[main_key] = cache[(found.kind, main_key)] = _create_entity(
            found.kind, found.name, main_key
        )
    entity = _root(anchor.entity if anchor else known[main_key].entity)
    if (
        anchor
        and main_key not in known
        and not anchor.pinned
        and anchor.key == names.key(entity.name)
    ):
        # Known so far only by its acronym: it now shows under the name the article spells out.
        models.Entity.objects.filter(pk=entity.pk).update(name=found.name[:300])
        entity.name = found.name[:300]
    for key, spelling in sorted(spellings.items()):
        name = known.get(key)
        if name is None:
            added = _add_name(entity, key, spelling)
            if added is not None:
                cache[(found.kind, key)] = added
        elif name.entity_id != entity.pk and not name.pinned and key != main_key:
            models.EntityName.objects.filter(pk=name.pk, pinned=False).update(entity=entity)
            name.entity = entity
    return entity


def _add_name(entity: models.Entity, key: str, spelling: str) -> models.EntityName | None:
    try:
        with transaction.atomic():
            return models.EntityName.objects.create(
                entity=entity, kind=entity.kind, key=key, name=spelling[:300]
            )
    except IntegrityError:
        return None  # another worker filed this name meanwhile; theirs stands


def unique_entity_slug(name: str) -> str:
    base = slugify(name, max_length=190)
    taken = set(models.Entity.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(selectors.DIRECTORIES)  # /entities/people/ is the directory, not a person
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_entity(kind: str, name: str, key: str) -> models.EntityName:
    """A new entity and its first name, made together: a concurrent worker that files the
    same name first wins, and this one takes theirs instead of making a nameless twin."""
    for _attempt in range(5):
        rows = models.EntityName.objects.select_related("entity")
        existing = rows.filter(kind=kind, key=key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                entity = models.Entity.objects.create(
                    kind=kind, name=name[:300], slug=unique_entity_slug(name)
                )
                return models.EntityName.objects.create(
                    entity=entity, kind=kind, key=key, name=name[:300]
                )
        except IntegrityError:
            continue  # the slug or the name was taken meanwhile: look again
    raise RuntimeError(f"could not file a new entity for {name!r}")


# The article's rows -----------------------------------------------------------------------


def _store_mentions(
    article_id: int, found: list[FoundEntity], resolved: dict[str, models.Entity]
) -> None:
    rows: dict[int, models.Mention] = {}
    for entity in found:
        site = resolved.get(entity.key)
        if site is None:
            continue
        first = min(entity.mentions, key=lambda s: s.start, default=None)
        role = next((d.role for d in entity.descriptors if d.role), None) or ""
        organization = next((d.organization for d in entity.descriptors if d.organization), None)
        row = rows.get(site.pk)
        if row is None:  # two of the article's entities can be one of the site's
            rows[site.pk] = models.Mention(
                article_id=article_id,
                entity=site,
                name=entity.name[:300],
                count=max(1, len(entity.mentions)),
                first_start=first.start if first else 0,
                first_end=first.end if first else 0,
                role=role[:300],
                organization=(organization or "")[:300],
            )
            continue
        row.count += len(entity.mentions)
        if first and first.start < row.first_start:
            row.first_start, row.first_end = first.start, first.end
        row.role = row.role or role[:300]
        row.organization = row.organization or (organization or "")[:300]
    models.Mention.objects.bulk_create(rows.values())


def _store_quotes(article_id: int, analysis: Analysis, resolved: dict[str, models.Entity]) -> None:
    models.Quote.objects.bulk_create(
        models.Quote(
            article_id=article_id,
            entity=resolved.get(quote.speaker_key) if quote.speaker_key else None,
            kind=quote.kind,
            text=quote.text,
            speaker=(quote.speaker or "")[:300],
            role=(quote.role or "")[:300],
            organization=(quote.organization or "")[:300],
            cue=(quote.cue or "")[:100],
            start=quote.start,
            end=quote.end,
            position=position,
        )
        for position, quote in enumerate(analysis.quotes)
    )


def _store_figures(article_id: int, analysis: Analysis) -> None:
    models.Figure.objects.bulk_create(
        models.Figure(
            article_id=article_id,
            text=figure.text,
            value=figure.value,
            unit=(figure.unit or "")[:200],
            per=(figure.per or "")[:100],
            period=(figure.period or "")[:100],
            previous=figure.previous,
            previous_period=(figure.previous_period or "")[:100],
            start=figure.start,
            end=figure.end,
            position=position,
        )
        for position, figure in enumerate(analysis.figures)
    )


def event_day(iso: str) -> date | None:
    """The first day of the period an ISO date names ("2024", "2024-12", "2024-12-08")."""
    parts = iso.split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(numbers[0], numbers[1], numbers[2]) if len(parts) <= 3 else None
    except ValueError:
        return None


def _store_events(article_id: int, analysis: Analysis, resolved: dict[str, models.Entity]) -> None:
    pairs: list[tuple[FoundEvent, models.Event]] = []
    for event in analysis.events:
        day = event_day(event.date)
        if day is None:
            log.warning("knowledge: article %s: unreadable event date %r", article_id, event.date)
            continue
        row = models.Event(
            article_id=article_id,
            date=day,
            iso=event.date[:10],
            precision=event.precision,
            text=event.text,
            start=event.start,
            end=event.end,
        )
        pairs.append((event, row))
    # bulk_create sets the primary keys on SQLite and PostgreSQL, which the links need.
    models.Event.objects.bulk_create(row for _, row in pairs)
    models.EventEntity.objects.bulk_create(
        models.EventEntity(event=row, entity_id=pk)
        for event, row in pairs
        for pk in sorted(_entities_in(event, analysis.entities, resolved))
    )


def _entities_in(
    event: FoundEvent, found: list[FoundEntity], resolved: dict[str, models.Entity]
) -> set[int]:
    return {
        resolved[entity.key].pk
        for entity in found
        if entity.key in resolved
        and any(event.start <= span.start and span.end <= event.end for span in entity.mentions)
    }


def _store_findings(article_id: int, analysis: Analysis) -> None:
    models.Finding.objects.bulk_create(
        models.Finding(
            article_id=article_id,
            rule=finding.rule[:50],
            severity=finding.severity,
            message=finding.message,
            excerpt=finding.excerpt,
            field=finding.field,
            start=finding.start,
            end=finding.end,
        )
        for finding in analysis.findings
    )


# Counts -----------------------------------------------------------------------------------


def refresh_counts(entity_ids: Iterable[int]) -> None:
    """Recount published articles and quotes for these entities (in id order: no deadlocks)."""
    ids = sorted(set(entity_ids))
    if not ids:
        return
    published = Article.objects.published()
    with transaction.atomic():
        list(
            models.Entity.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk")
        )
        models.Entity.objects.filter(pk__in=ids).update(
            article_count=_count(models.Mention.objects.filter(article__in=published)),
            quote_count=_count(models.Quote.objects.filter(article__in=published)),
        )


def _count(rows: QuerySet[Any]) -> Coalesce:
    """A correlated subquery: how many of ``rows`` belong to the entity being updated."""
    per_entity = rows.filter(entity_id=OuterRef("pk")).order_by().values("entity_id")
    return Coalesce(Subquery(per_entity.annotate(n=Count("id")).values("n")[:1]), 0)
