"""Entities on the desk: list, merge and split through the real admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from newsdesk.discovery.search.models import SearchEntry
from newsdesk.knowledge import curation, models, services
from newsdesk.knowledge.types import Analysis, Entity, Quote, Span
from newsdesk.ops import tasks
from newsdesk.ops.models import Task
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/knowledge/entity/"


def found(key: str, name: str, *aliases: str, count: int = 1) -> Entity:
    return Entity(
        key=key,
        name=name,
        kind="ORG",
        aliases=list(aliases),
        mentions=[Span(n * 10, n * 10 + 3, name) for n in range(count)],
    )


def store(article: Article, *entities: Entity, speaker_key: str | None = None) -> None:
    quotes = [Quote(text='"x"', kind="direct", start=0, end=3, speaker_key=speaker_key)]
    analysis = Analysis(
        title="t", words=3, entities=list(entities), quotes=quotes if speaker_key else []
    )
    services.store_analysis(article_id=article.pk, analysis=analysis, digest="d")


@pytest.fixture
def split_pair(make_article: MakeArticle) -> tuple[Article, Article, Article]:
    """Three articles: one names the agency, one its acronym, one both (a duplicate)."""
    a, b, c = make_article(), make_article(), make_article()
    store(a, found("ORG:a", "International Energy Agency", count=2), speaker_key="ORG:a")
    store(b, found("ORG:b", "Energy Watchdog"), speaker_key="ORG:b")
    store(c, found("ORG:a", "International Energy Agency"), found("ORG:b", "Energy Watchdog"))
    return a, b, c


def test_the_list_hides_merged_entities(editor_client: Client, split_pair: object) -> None:
    agency = models.Entity.objects.get(name="International Energy Agency")
    watchdog = models.Entity.objects.get(name="Energy Watchdog")
    watchdog.merged_into = agency
    watchdog.save()
    page = editor_client.get(CHANGELIST).content.decode()
    assert "International Energy Agency" in page and "Energy Watchdog" not in page
    assert "Energy Watchdog" in editor_client.get(CHANGELIST + "?merged=all").content.decode()
    found_page = editor_client.get(CHANGELIST + "?q=watchdog&merged=all").content.decode()
    assert "Energy Watchdog" in found_page


def test_merging_moves_everything_to_the_survivor(
    editor_client: Client, split_pair: tuple[Article, Article, Article]
) -> None:
    a, _b, c = split_pair
    agency = models.Entity.objects.get(name="International Energy Agency")
    watchdog = models.Entity.objects.get(name="Energy Watchdog")
    selected = {"action": "merge_selected", "_selected_action": [agency.pk, watchdog.pk]}
    page = editor_client.post(CHANGELIST, selected)
    assert page.status_code == 200 and b'name="survivor"' in page.content
    done = editor_client.post(CHANGELIST, {**selected, "survivor": watchdog.pk}, follow=True)
    assert "Merged 1 entities into" in done.content.decode()
    agency.refresh_from_db()
    watchdog.refresh_from_db()
    assert agency.merged_into == watchdog
    assert set(watchdog.names.values_list("pinned", flat=True)) == {True}
    assert watchdog.names.count() == 2
    assert models.Mention.objects.get(article=c).count == 2  # one row, the counts added up
    assert (watchdog.article_count, watchdog.quote_count) == (3, 2)
    assert (agency.article_count, agency.quote_count) == (0, 0)
    # The merge is remembered: a later article's "International Energy Agency" goes there.
    store(a, found("ORG:a", "International Energy Agency"))
    assert models.Mention.objects.get(article=a).entity == watchdog


def test_splitting_gives_a_new_entity_the_chosen_names(
    editor_client: Client, split_pair: tuple[Article, Article, Article]
) -> None:
    a, b, _c = split_pair
    agency = models.Entity.objects.get(name="International Energy Agency")
    watchdog = models.Entity.objects.get(name="Energy Watchdog")
    from newsdesk.knowledge.curation import entity_merge

    entity_merge(survivor=agency, losers=[watchdog])
    moving = agency.names.get(key="energy watchdog")
    change = editor_client.get(f"{CHANGELIST}{agency.pk}/change/").content.decode()
    url = f"{CHANGELIST}{agency.pk}/split/"
    assert url in change and "Energy Watchdog" in change  # the link, and the names inline
    assert b"Split" in editor_client.get(url).content
    response = editor_client.post(url, {"names": [moving.pk]})
    new = models.Entity.objects.exclude(pk__in=[agency.pk, watchdog.pk]).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/change/")
    assert new.name == "Energy Watchdog" and new.slug == "energy-watchdog-2"
    assert list(new.names.values_list("pinned", flat=True)) == [True]
    assert models.Mention.objects.get(article=b).entity == new
    assert models.Quote.objects.get(article=b).entity == new
    assert models.Mention.objects.get(article=a).entity == agency
    new.refresh_from_db()
    assert new.article_count == 1
    # Remembered: the next extraction of b keeps the split.
    store(b, found("ORG:b", "Energy Watchdog"))
    assert models.Mention.objects.get(article=b).entity == new


def test_a_split_must_leave_a_name_behind(editor_client: Client, split_pair: object) -> None:
    agency = models.Entity.objects.get(name="International Energy Agency")
    only = agency.names.get()
    page = editor_client.post(f"{CHANGELIST}{agency.pk}/split/", {"names": [only.pk]})
    assert "Leave at least one name" in page.content.decode()
    assert models.Entity.objects.count() == 2


def test_contributors_look_but_cannot_merge_or_split(
    contributor_client: Client, split_pair: object
) -> None:
    agency = models.Entity.objects.get(name="International Energy Agency")
    watchdog = models.Entity.objects.get(name="Energy Watchdog")
    assert contributor_client.get(CHANGELIST).status_code == 200
    selected = {
        "action": "merge_selected",
        "_selected_action": [agency.pk, watchdog.pk],
        "survivor": agency.pk,
    }
    contributor_client.post(CHANGELIST, selected)
    watchdog.refresh_from_db()
    assert watchdog.merged_into is None
    moving = agency.names.get()
    contributor_client.post(f"{CHANGELIST}{agency.pk}/split/", {"names": [moving.pk]})
    assert models.Entity.objects.count() == 2


def test_a_merge_leaves_re_indexing_its_articles_to_the_worker(
    split_pair: tuple[Article, Article, Article], django_capture_on_commit_callbacks: Any
) -> None:
    a, _b, c = split_pair
    agency = models.Entity.objects.get(name="International Energy Agency")
    watchdog = models.Entity.objects.get(name="Energy Watchdog")
    Task.objects.all().delete()
    curation.entity_merge(survivor=watchdog, losers=[agency])
    queued = Task.objects.filter(name=curation.ANNOUNCE).values_list("key", flat=True)
    assert sorted(queued) == sorted([str(a.pk), str(c.pk)])  # the loser's articles, no more
    assert not SearchEntry.objects.filter(article=a, facets__contains=f"e{watchdog.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        while tasks.run_one():
            pass
    assert SearchEntry.objects.filter(article=a, facets__contains=f"e{watchdog.pk}").exists()
