"""Publishing an opted-in article sends it to "Every new analysis", once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.newsletter.models import Campaign, Newsletter
from newsdesk.ops import tasks
from newsdesk.publishing import services
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def run_tasks() -> None:
    while tasks.run_one():
        pass


def test_an_opted_in_article_is_queued_once_when_it_goes_live(
    make_article: MakeArticle, every_new: Newsletter
) -> None:
    article = make_article(email_on_publish=True)
    run_tasks()
    campaign = Campaign.objects.get()
    assert (campaign.article, campaign.newsletter, campaign.auto) == (article, every_new, True)
    assert campaign.state == Campaign.State.SCHEDULED
    article.dek = "An edit after publication."
    services.article_save(article=article, user=None, previous=Article.objects.get(pk=article.pk))
    run_tasks()
    assert Campaign.objects.count() == 1


def test_an_article_not_opted_in_is_not_sent(
    make_article: MakeArticle, every_new: Newsletter
) -> None:
    make_article()
    run_tasks()
    assert not Campaign.objects.exists()


def test_a_scheduled_article_is_sent_when_the_worker_publishes_it(
    make_article: MakeArticle, every_new: Newsletter
) -> None:
    article = make_article(
        email_on_publish=True,
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=1),
    )
    run_tasks()
    assert not Campaign.objects.exists()  # not live yet
    assert services.publish_one_due(now=timezone.now() + timedelta(seconds=2)) is not None
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    run_tasks()
    assert Campaign.objects.get().article == article
