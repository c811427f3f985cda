"""Claims: no overlap, the per-domain cap, the shared rate, and recovery from a dead worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from newsdesk.newsletter import campaigns, conf
from newsdesk.newsletter.claims import claim_batch, sweep
from newsdesk.newsletter.models import Campaign, Claim, Delivery, Newsletter
from tests.conftest import MakeArticle
from tests.newsletter.conftest import MakeSubscriber

pytestmark = pytest.mark.django_db
D = Delivery.State


def started(make_article: MakeArticle, newsletter: Newsletter) -> Campaign:
    campaign = campaigns.campaign_create(newsletter=newsletter, article=make_article())
    campaigns.campaign_schedule(campaign=campaign)
    assert campaigns.campaign_start(campaign_id=campaign.pk) is not None
    return campaign


def test_two_claims_never_hold_the_same_delivery(
    settings: SettingsWrapper,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    settings.NEWSLETTER = {"connections": 1, "batch": 30}
    for _ in range(70):
        make_subscriber()
    campaign = started(make_article, every_new)
    held = []
    while (batch := claim_batch(campaign.pk, conf.load())) is not None:
        held.append(set(Delivery.objects.filter(claim=batch.claim).values_list("pk", flat=True)))
    assert [len(h) for h in held] == [30, 30, 10]
    assert len(set().union(*held)) == 70


def test_a_dead_connection_s_claim_becomes_records(
    make_article: MakeArticle, make_subscriber: MakeSubscriber, every_new: Newsletter
) -> None:
    for _ in range(4):
        make_subscriber()
    campaign = started(make_article, every_new)
    batch = claim_batch(campaign.pk, conf.load())
    assert batch is not None
    first, second, third, fourth = Delivery.objects.filter(campaign=campaign).order_by("id")
    # The worker died with the second message on the wire: the first one had been accepted.
    Claim.objects.filter(pk=batch.claim.pk).update(inflight=second.pk)
    assert claim_batch(campaign.pk, conf.load()) is None  # nothing left to claim meanwhile
    assert sweep() == 0  # the lease still runs
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert sweep() == 1
    states = dict(Delivery.objects.values_list("pk", "state"))
    assert states == {first.pk: D.SENT, second.pk: D.QUEUED, third.pk: D.QUEUED,
                      fourth.pk: D.QUEUED}  # fmt: skip
    assert list(Delivery.objects.filter(possible_duplicate=True)) == [second]
    assert not Claim.objects.exists()


def test_the_per_domain_cap_holds_connections_back(
    settings: SettingsWrapper,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    settings.NEWSLETTER = {"connections": 1, "domain_connections": 1, "batch": 60}
    for n in range(120):
        make_subscriber(f"r{n}@big.example")
    for n in range(60):
        make_subscriber(f"r{n}@other.example")
    campaign = started(make_article, every_new)
    first = claim_batch(campaign.pk, conf.load())
    second = claim_batch(campaign.pk, conf.load())
    assert first is not None and second is not None
    assert {first.claim.domain, second.claim.domain} == {"big.example", "other.example"}
    assert claim_batch(campaign.pk, conf.load()) is None  # both domains at their cap


def test_small_domains_share_one_queue(
    make_article: MakeArticle, make_subscriber: MakeSubscriber, every_new: Newsletter
) -> None:
    for n in range(3):
        make_subscriber(f"r{n}@tiny{n}.example")
    campaign = started(make_article, every_new)
    assert set(Delivery.objects.filter(campaign=campaign).values_list("domain", flat=True)) == {""}


def test_the_rate_limit_is_shared_between_open_connections(
    settings: SettingsWrapper,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    settings.NEWSLETTER = {"connections": 1, "batch": 50}
    for n in range(100):
        make_subscriber(f"r{n}@big.example")
    campaign = started(make_article, every_new)
    Campaign.objects.filter(pk=campaign.pk).update(rate_limit=10)
    cfg = conf.load()
    assert (b := claim_batch(campaign.pk, cfg)) is not None and b.rate_share == 10
    assert (b := claim_batch(campaign.pk, cfg)) is not None and b.rate_share == 5
