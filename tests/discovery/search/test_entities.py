"""Entities in search: their names find articles, filter results, and are offered as facets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.discovery.search.backends import Filters
from newsdesk.discovery.search.query import parse
from newsdesk.discovery.search.selectors import entity_facets, ranked_keys, search
from newsdesk.knowledge.models import Entity, EntityName, Mention
from newsdesk.knowledge.signals import extracted
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def entity(name: str, *aliases: str, kind: str = "ORG") -> Entity:
    slug = name.lower().replace(" ", "-")
    found = Entity.objects.create(kind=kind, name=name, slug=slug)
    for alias in (name, *aliases):
        EntityName.objects.create(entity=found, kind=kind, key=alias.lower(), name=alias)
    return found


def extract(capture: Any, article: Article, *entities: Entity) -> None:
    """What the knowledge backend does: store mentions, send `extracted`, commit."""
    with capture(execute=True), transaction.atomic():
        for n, named in enumerate(entities):
            Mention.objects.create(article=article, entity=named, name=named.name, count=n + 1)
        extracted.send(sender=None, article_id=article.pk)


def found(q: str, **filters: Any) -> list[str]:
    return [result.article.slug for result in search(q, Filters(**filters)).results]


def days_ago(n: int) -> Any:
    return timezone.now() - timedelta(days=n)


def test_an_extraction_puts_the_entity_names_and_aliases_in_the_index(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    article = publish(slug="grid", title="Grid queues", body="The agency said queues grew.")
    assert found("IEA") == []
    extract(
        django_capture_on_commit_callbacks, article, entity("International Energy Agency", "IEA")
    )
    assert found("IEA") == ["grid"]
    assert found('"international energy agency"') == ["grid"]


def test_an_entity_name_weighs_like_a_topic_above_body_words(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    about = publish(
        slug="about", title="Ports", body="Kestrel Group bought it.", published_at=days_ago(90)
    )
    publish(slug="passing", title="Harbours", body="A kestrel flew by.", published_at=days_ago(1))
    extract(django_capture_on_commit_callbacks, about, entity("Kestrel Group"))
    assert found("kestrel") == ["about", "passing"]


def test_the_entity_filter_keeps_the_articles_that_name_it(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    iea, opec = entity("International Energy Agency", "IEA"), entity("OPEC")
    one = publish(slug="one", title="Oil outlook", body="Oil demand.")
    two = publish(slug="two", title="Oil prices", body="Oil supply.")
    publish(slug="three", title="Oil tankers", body="Oil ships.")
    extract(django_capture_on_commit_callbacks, one, iea, opec)
    extract(django_capture_on_commit_callbacks, two, opec)
    assert set(found("oil", entity_id=iea.pk)) == {"one"}
    assert set(found("oil", entity_id=opec.pk)) == {"one", "two"}


def test_facets_count_the_results_naming_each_entity_in_one_query(
    publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    iea, opec = entity("International Energy Agency", "IEA"), entity("OPEC")
    other = publish(slug="elsewhere", title="Wheat", body="Grain.")
    extract(django_capture_on_commit_callbacks, other, iea)
    for n in range(3):
        article = publish(slug=f"oil-{n}", title=f"Oil {n}", body="Oil.")
        extract(django_capture_on_commit_callbacks, article, *([opec, iea] if n == 0 else [opec]))
    keys, _ = ranked_keys(parse("oil"), Filters(), timezone.now())
    with CaptureQueriesContext(connection) as queries:
        facets = entity_facets(keys)
    assert len(queries) == 1
    assert [(f.name, f.count) for f in facets] == [("OPEC", 3), ("International Energy Agency", 1)]
    assert [f.slug for f in search("oil", Filters(entity_id=opec.pk)).entities] == [iea.slug]


def test_the_results_page_links_facets_and_keeps_the_filter(
    client: Client, publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    opec = entity("OPEC")
    extract(django_capture_on_commit_callbacks, publish(slug="a", title="Oil cuts"), opec)
    publish(slug="b", title="Oil stocks")
    page = client.get("/search/", {"q": "oil"}).content.decode()
    assert 'href="?q=oil&amp;entity=opec"' in page
    filtered = client.get("/search/", {"q": "oil", "entity": "opec"}).content.decode()
    assert "1 result " in filtered and 'name="entity" value="opec"' in filtered


def test_an_unknown_or_merged_entity_slug_still_gives_a_page(
    client: Client, publish: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    winner = entity("OPEC")
    loser = Entity.objects.create(kind="ORG", name="Opec+", slug="opec-plus", merged_into=winner)
    extract(django_capture_on_commit_callbacks, publish(slug="a", title="Oil cuts"), winner)
    publish(slug="b", title="Oil stocks")
    unknown = client.get("/search/", {"q": "oil", "entity": "nobody"})
    assert unknown.status_code == 200
    assert "There is no such person" in unknown.content.decode()
    assert "2 results" in unknown.content.decode()
    merged = client.get("/search/", {"q": "oil", "entity": loser.slug}).content.decode()
    assert "1 result " in merged and 'value="opec"' in merged
