from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from newsdesk.discovery.related import engine, services
from newsdesk.discovery.related.models import ArticleVector, Corpus, Posting, RelatedLink, Term
from newsdesk.discovery.related.selectors import why
from newsdesk.knowledge.models import Entity, Mention
from newsdesk.knowledge.signals import extracted
from newsdesk.ops.models import Task
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, Topic
from tests.discovery.related.conftest import (
    DRONES,
    GRID,
    GRID_TOO,
    MORTGAGE,
    RANSOMWARE,
    Drain,
    Story,
)

pytestmark = pytest.mark.django_db


def links_of(article: Article) -> list[int]:
    return list(
        RelatedLink.objects.filter(article=article)
        .order_by("-score", "related_id")
        .values_list("related_id", flat=True)
    )


def test_publishing_an_article_computes_its_list_in_the_worker(story: Story, drain: Drain) -> None:
    mortgage = story("Renewal shock", MORTGAGE)
    grid = story("The transformer queue", GRID)
    drain()
    newer = story("Wind farms wait for transformers", GRID_TOO)
    assert links_of(newer) == []  # nothing until the worker runs
    drain()
    assert links_of(newer)[0] == grid.pk
    assert mortgage.pk not in links_of(newer)[:1]


def test_a_new_article_enters_its_neighbours_lists(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    story("Renewal shock", MORTGAGE)
    drain()
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    assert links_of(grid)[0] == newer.pk


def test_an_unpublished_article_vanishes_from_every_list(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    assert newer.pk in links_of(grid)
    publishing.article_unpublish(article=newer, user=None)
    drain()
    assert newer.pk not in links_of(grid)
    assert links_of(newer) == []
    assert not Posting.objects.filter(article=newer).exists()


def test_a_deleted_article_vanishes_and_its_neighbours_are_relisted(
    story: Story, drain: Drain
) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    gone = newer.pk
    newer.delete()
    assert Task.objects.filter(name=services.REFRESH, key=str(gone)).exists()
    drain()
    assert gone not in links_of(grid)
    assert not RelatedLink.objects.filter(related_id=gone).exists()


def test_an_edit_moves_an_article_out_of_lists_it_no_longer_belongs_in(
    story: Story, drain: Drain
) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    previous = Article.objects.get(pk=newer.pk)
    newer.title, newer.body = "Drones over power stations", DRONES
    publishing.article_save(article=newer, user=None, previous=previous)
    drain()
    assert newer.pk not in links_of(grid)


def test_scheduled_articles_are_not_related_until_they_go_live(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    later = story(
        "Wind farms wait for transformers",
        GRID_TOO,
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    drain()
    assert later.pk not in links_of(grid)
    publishing.publish_one_due(now=timezone.now() + timedelta(hours=2))
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now())
    drain()
    assert later.pk in links_of(grid)


def test_links_say_which_topics_the_articles_share(story: Story, drain: Drain) -> None:
    energy = Topic.objects.create(name="Energy", slug="energy-2")
    trade = Topic.objects.create(name="Trade", slug="trade")
    grid = story("The transformer queue", GRID, topics=[energy, trade])
    story("Wind farms wait for transformers", GRID_TOO, topics=[energy])
    drain()
    link = RelatedLink.objects.get(article=grid)
    assert {"kind": "topics", "ids": [energy.pk]} in link.reasons
    assert {"kind": "wording"} in link.reasons


def test_unrelated_articles_are_not_linked(story: Story, drain: Drain) -> None:
    mortgage = story("Renewal shock", MORTGAGE)
    story("Water plants and ransomware", RANSOMWARE)
    story("Drones over power stations", DRONES)
    drain()
    assert links_of(mortgage) == []


def test_a_refresh_run_twice_changes_nothing(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    story("Wind farms wait for transformers", GRID_TOO)
    drain()
    services.related_refresh(article_id=grid.pk)  # a worker killed after this, then re-run
    before = list(RelatedLink.objects.values_list("article_id", "related_id", "score"))
    stats = Corpus.objects.get()
    services.related_refresh(article_id=grid.pk)
    after = list(RelatedLink.objects.values_list("article_id", "related_id", "score"))
    assert sorted(after) == sorted(before)
    assert Corpus.objects.get().documents == stats.documents == 2


def test_document_frequencies_count_each_article_once(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    story("Wind farms wait for transformers", GRID_TOO)
    drain()
    assert Term.objects.get(text="transform").df == 2
    publishing.article_unpublish(article=grid, user=None)
    publishing.article_publish(article=grid, user=None)
    drain()
    assert Term.objects.get(text="transform").df == 2
    assert ArticleVector.objects.count() == 2


def test_lists_keep_the_best_few(story: Story, drain: Drain) -> None:
    first = story("The transformer queue", GRID)
    for n in range(engine.STORED + 3):
        story(f"Transformers, part {n}", f"{GRID_TOO} Part {n} of the series.")
    drain()
    assert len(links_of(first)) == engine.STORED


def test_a_grown_corpus_queues_a_full_rebuild(story: Story, drain: Drain) -> None:
    bodies = [GRID, GRID_TOO, MORTGAGE, RANSOMWARE, DRONES]
    for n in range(services.REBUILD_MINIMUM):
        story(f"Piece {n}", bodies[n % len(bodies)] + f" Note {n}.")
    while not Task.objects.filter(name=services.REBUILD).exists():
        assert drain_one(), "no rebuild was queued"
    drain()
    stats = Corpus.objects.get()
    assert stats.documents_at_rebuild == services.REBUILD_MINIMUM
    assert stats.rebuilt_at is not None


def drain_one() -> bool:
    from newsdesk.ops import tasks

    return tasks.run_one()


def name_entities(article: Article, *entities: Entity) -> None:
    """What the knowledge backend stores for an article, then the signal it sends."""
    with transaction.atomic():
        Mention.objects.filter(article=article).delete()
        for entity in entities:
            Mention.objects.create(article=article, entity=entity, name=entity.name)
        extracted.send(sender=None, article_id=article.pk)


def test_an_extraction_recomputes_the_list_with_the_shared_entities(
    story: Story, drain: Drain
) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()  # extraction included: what it found is replaced below
    operator = Entity.objects.create(kind="ORG", name="Nordhavn Grid", slug="ng", article_count=2)
    everywhere = Entity.objects.create(kind="PLACE", name="Europe", slug="eu", article_count=2)
    name_entities(newer, operator, everywhere)
    name_entities(grid, operator, everywhere)
    assert Task.objects.filter(name=services.REFRESH, key=str(grid.pk)).exists()
    drain()
    reasons = RelatedLink.objects.get(article=grid, related=newer).reasons
    assert {"kind": "entities", "ids": [operator.pk, everywhere.pk],
            "names": ["Nordhavn Grid", "Europe"]} in reasons  # fmt: skip
    assert why(reasons, {}) == "Also about: Nordhavn Grid, Europe"


def test_shared_entities_raise_the_score(story: Story, drain: Drain) -> None:
    grid = story("The transformer queue", GRID)
    newer = story("Wind farms wait for transformers", GRID_TOO)
    drain()
    before = RelatedLink.objects.get(article=grid, related=newer).score
    operator = Entity.objects.create(kind="ORG", name="Nordhavn Grid", slug="ng", article_count=2)
    name_entities(newer, operator)
    drain()
    name_entities(grid, operator)
    drain()
    assert RelatedLink.objects.get(article=grid, related=newer).score > before
    assert RelatedLink.objects.get(article=newer, related=grid).score > before
