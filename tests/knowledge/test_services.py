"""Storing an analysis: entities resolved site-wide, rows replaced, counts kept right."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from functools import partial

import pytest
from django.db import connection

from newsdesk.knowledge import models, services
from newsdesk.knowledge.types import (
    Analysis,
    Descriptor,
    Entity,
    Event,
    Figure,
    Finding,
    Quote,
    Span,
)
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

BODY = (
    "The International Energy Agency (IEA) said demand rose. "
    '"We expect more," said Jane Doe, a senior analyst at the IEA. '
    "On 8 December 2024 the IEA met in Paris."
)
LAST_IEA = BODY.rindex("IEA")


def iea(key: str = "ORG:iea", *, name: str = "International Energy Agency") -> Entity:
    return Entity(
        key=key,
        name=name,
        kind="ORG",
        aliases=["IEA"],
        mentions=[
            Span(4, 31, "International Energy Agency"),
            Span(33, 36, "IEA"),
            Span(LAST_IEA, LAST_IEA + 3, "IEA"),
        ],
    )


def doe() -> Entity:
    return Entity(
        key="PERSON:jane doe",
        name="Jane Doe",
        kind="PERSON",
        mentions=[Span(82, 90, "Jane Doe")],
        descriptors=[Descriptor("senior analyst", "IEA", 92, 119)],
    )


def analysis(*entities: Entity) -> Analysis:
    event_start = BODY.index("On 8 December")
    return Analysis(
        title="T",
        words=30,
        entities=list(entities) or [iea(), doe()],
        quotes=[
            Quote(
                text='"We expect more,"',
                kind="direct",
                start=56,
                end=73,
                speaker="Jane Doe",
                speaker_key="PERSON:jane doe",
                role="senior analyst",
                organization="IEA",
                cue="said",
            )
        ],
        figures=[Figure(text="48 units", value=48, unit="units", start=0, end=8, previous=12)],
        events=[
            Event(
                date="2024-12-08",
                precision="day",
                text=BODY[event_start:],
                start=event_start,
                end=len(BODY),
            ),
            Event(date="2024-13", precision="month", text="bad", start=0, end=3),
        ],
        findings=[Finding("heading-order", "warning", "A heading level skipped", "####", 0, 4)],
        failures=["figures: ValueError: boom"],
    )


def test_it_stores_every_kind_of_row(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    knowledge = services.store_analysis(article_id=article.pk, analysis=analysis(), digest="d1")
    assert knowledge is not None and knowledge.state == "done" and knowledge.digest == "d1"
    assert knowledge.failures == ["figures: ValueError: boom"]
    org = models.Entity.objects.get(kind="ORG")
    person = models.Entity.objects.get(kind="PERSON")
    assert (org.name, org.slug) == ("International Energy Agency", "international-energy-agency")
    assert set(org.names.values_list("key", flat=True)) == {"international energy agency", "iea"}
    mention = models.Mention.objects.get(entity=person)
    assert (mention.role, mention.organization, mention.first_start) == (
        "senior analyst",
        "IEA",
        82,
    )
    assert models.Mention.objects.get(entity=org).count == 3
    quote = models.Quote.objects.get(article=article)
    assert quote.entity == person and quote.cue == "said"
    figure = models.Figure.objects.get(article=article)
    assert (figure.value, figure.previous, figure.per) == (48, 12, "")
    event = models.Event.objects.get(article=article)  # the unreadable date is left out
    assert (event.date, event.iso, event.precision) == (date(2024, 12, 8), "2024-12-08", "day")
    assert list(event.entity_links.values_list("entity", flat=True)) == [org.pk]
    assert models.Finding.objects.get(article=article).rule == "heading-order"
    assert (org.article_count, person.quote_count) == (1, 1)


def test_it_replaces_rows_instead_of_adding(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    for _ in range(2):
        services.store_analysis(article_id=article.pk, analysis=analysis(), digest="d")
    assert models.Mention.objects.filter(article=article).count() == 2
    assert models.Quote.objects.filter(article=article).count() == 1
    assert models.Event.objects.filter(article=article).count() == 1
    assert models.Entity.objects.count() == 2


def test_an_alias_alone_finds_the_entity_in_another_article(make_article: MakeArticle) -> None:
    first, second = make_article(body=BODY), make_article(body=BODY)
    services.store_analysis(article_id=first.pk, analysis=analysis(iea()), digest="d")
    only_acronym = Entity(key="ORG:iea", name="IEA", kind="ORG", mentions=[Span(33, 36, "IEA")])
    services.store_analysis(article_id=second.pk, analysis=analysis(only_acronym), digest="d")
    org = models.Entity.objects.get()
    assert org.article_count == 2
    assert models.Mention.objects.get(article=second).name == "IEA"


def test_two_article_entities_of_one_site_entity_make_one_mention(
    make_article: MakeArticle,
) -> None:
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(iea()), digest="d")
    again = analysis(iea("ORG:a"), iea("ORG:b", name="IEA"))
    services.store_analysis(article_id=article.pk, analysis=again, digest="d")
    mention = models.Mention.objects.get(article=article)
    assert mention.count == 6


def test_it_follows_a_merge_and_keeps_pinned_names(make_article: MakeArticle) -> None:
    winner = models.Entity.objects.create(kind="ORG", name="Energy Agency", slug="energy-agency")
    loser = models.Entity.objects.create(
        kind="ORG", name="International Energy Agency", slug="iea", merged_into=winner
    )
    models.EntityName.objects.create(
        entity=loser, kind="ORG", key="international energy agency", name="IEA full"
    )
    other = models.Entity.objects.create(kind="ORG", name="Other", slug="other")
    models.EntityName.objects.create(entity=other, kind="ORG", key="iea", name="IEA", pinned=True)
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(iea()), digest="d")
    assert models.Mention.objects.get(article=article).entity == winner
    assert models.EntityName.objects.get(key="iea").entity == other  # pinned: stays


def test_an_entity_known_by_its_acronym_learns_its_full_name(make_article: MakeArticle) -> None:
    known = models.Entity.objects.create(kind="ORG", name="IEA", slug="iea")
    models.EntityName.objects.create(entity=known, kind="ORG", key="iea", name="IEA")
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(iea()), digest="d")
    known.refresh_from_db()
    assert (known.name, known.slug) == ("International Energy Agency", "iea")
    assert known.names.count() == 2 and models.Entity.objects.count() == 1


def test_an_unpinned_acronym_moves_to_the_spelled_out_entity(make_article: MakeArticle) -> None:
    spelled = models.Entity.objects.create(kind="ORG", name="International Energy Agency", slug="a")
    models.EntityName.objects.create(
        entity=spelled, kind="ORG", key="international energy agency", name="x"
    )
    stray = models.Entity.objects.create(kind="ORG", name="IEA", slug="iea")
    models.EntityName.objects.create(entity=stray, kind="ORG", key="iea", name="IEA")
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(iea()), digest="d")
    assert models.EntityName.objects.get(key="iea").entity == spelled


def test_no_entity_takes_a_directory_slug(make_article: MakeArticle) -> None:
    groups = Entity(key="GROUP:people", name="People", kind="GROUP", mentions=[Span(0, 3, "The")])
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(groups), digest="d")
    assert models.Entity.objects.get().slug == "people-2"


def test_new_entities_get_unique_slugs(make_article: MakeArticle) -> None:
    models.Entity.objects.create(kind="PERSON", name="x", slug="international-energy-agency")
    models.Entity.objects.create(kind="PERSON", name="y", slug="international-energy-agency-2")
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(iea()), digest="d")
    assert models.Entity.objects.get(kind="ORG").slug == "international-energy-agency-3"


def test_counts_follow_unpublishing_and_deletion(
    make_article: MakeArticle, django_capture_on_commit_callbacks: object
) -> None:
    article = make_article(body=BODY)
    services.store_analysis(article_id=article.pk, analysis=analysis(), digest="d")
    publishing.article_unpublish(article=article, user=None)
    services.refresh_counts(models.Entity.objects.values_list("pk", flat=True))
    assert set(models.Entity.objects.values_list("article_count", flat=True)) == {0}
    publishing.article_publish(article=article, user=None)
    services.refresh_counts(models.Entity.objects.values_list("pk", flat=True))
    assert models.Entity.objects.get(kind="ORG").article_count == 1
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        Article.objects.filter(pk=article.pk).delete()
    assert models.Entity.objects.get(kind="ORG").article_count == 0


def test_storing_for_a_vanished_article_stores_nothing() -> None:
    assert services.store_analysis(article_id=999_999, analysis=analysis(), digest="d") is None
    assert not models.Entity.objects.exists()


def test_it_sends_extracted_and_drops_cached_pages(
    make_article: MakeArticle, django_capture_on_commit_callbacks: object
) -> None:
    from newsdesk.knowledge.signals import extracted
    from newsdesk.publishing import pagecache

    heard: list[int] = []

    def listen(sender: object, article_id: int, **kwargs: object) -> None:
        heard.append(article_id)

    article = make_article(body=BODY)
    before = pagecache.current_generation()
    extracted.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            services.store_analysis(article_id=article.pk, analysis=analysis(), digest="d")
    finally:
        extracted.disconnect(listen)
    assert heard == [article.pk]
    assert pagecache.current_generation() != before


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2024", date(2024, 1, 1)),
        ("2024-12", date(2024, 12, 1)),
        ("2024-12-08", date(2024, 12, 8)),
        ("2024-02-30", None),
        ("soon", None),
        ("2024-01-01-01", None),
    ],
)
def test_event_day(iso: str, expected: date | None) -> None:
    assert services.event_day(iso) == expected


def test_the_digest_follows_what_the_pipeline_reads(make_article: MakeArticle) -> None:
    article = make_article(body=BODY)
    digest = services.article_digest(article)
    article.featured = not article.featured
    assert services.article_digest(article) == digest
    article.dek = "Another summary."
    assert services.article_digest(article) != digest


def _in_threads(*calls: Callable[[], object]) -> None:
    """Run each call in its own thread and database connection, all starting together."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_store_one_complete_result(make_article: MakeArticle) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers; the row lock matters on PostgreSQL")
    one, two = make_article(body=BODY), make_article(body=BODY)
    _in_threads(
        *(
            partial(services.store_analysis, article_id=pk, analysis=analysis(), digest="d")
            for pk in (one.pk, one.pk, two.pk, two.pk)
        )
    )
    assert models.Entity.objects.count() == 2  # the same new names, created once
    assert models.Mention.objects.filter(article=one).count() == 2
    assert models.Quote.objects.filter(article=two).count() == 1
    assert models.Entity.objects.get(kind="ORG").article_count == 2
