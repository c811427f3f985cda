"""The delivery engine against a real SMTP server on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.smtp import SMTP, Envelope
from django.conf import settings as django_settings
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from newsdesk.lib.env import EmailConfig
from newsdesk.newsletter import campaigns, delivery
from newsdesk.newsletter.models import Campaign, Claim, Delivery, Newsletter, Subscriber
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle
from tests.newsletter.conftest import MakeSubscriber, Received, Recorder, free_port, stall

pytestmark = pytest.mark.django_db
D = Delivery.State


@pytest.fixture(autouse=True)
def _reachable() -> Iterator[None]:
    delivery._unreachable_until = 0.0
    yield
    delivery._unreachable_until = 0.0


def drain(limit: int = 50) -> None:
    for _ in range(limit):
        if not delivery.work():
            return


def start(article: Article, newsletter: Newsletter) -> Campaign:
    campaign = campaigns.campaign_create(newsletter=newsletter, article=article)
    campaigns.campaign_schedule(campaign=campaign)
    started = campaigns.campaign_start(campaign_id=campaign.pk)
    assert started is not None
    return started


def states(campaign: Campaign) -> dict[str, str]:
    return dict(Delivery.objects.filter(campaign=campaign).values_list("email", "state"))


def test_it_sends_one_message_per_recipient_and_records_each(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    people = [make_subscriber() for _ in range(25)]
    campaign = start(make_article(), every_new)
    drain()
    assert sorted(r.recipients[0] for r in smtp.received) == sorted(p.email for p in people)
    assert set(states(campaign).values()) == {D.SENT}
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE
    assert campaigns.campaign_status(campaign) == {
        "id": campaign.pk, "state": "done", "total": 25, "sent": 25, "failed": 0, "bounced": 0,
    }  # fmt: skip
    assert not Claim.objects.exists()


def test_each_message_is_multipart_with_its_own_unsubscribe_links(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    ann = make_subscriber("ann@example.com", name="Ann Lee")
    make_subscriber("bo@example.org")
    article = make_article(
        body="## Part\n\n![chart](/media/chart.png) see [more](/topics/energy/)."
    )
    start(article, every_new)
    drain()
    message = smtp.to(ann.email)[0].message
    assert message["To"] == "Ann Lee <ann@example.com>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
    assert https.startswith(f"{django_settings.SITE_URL}/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:unsubscribe@")
    assert re.fullmatch(r"<nd\.[\w-]+\.\d+@localhost>", str(message["Message-ID"]))
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    html_body = html.get_content()
    token = https.rstrip("/").rsplit("/", 1)[1]
    assert f"/newsletter/preferences/{token}/" in html_body
    assert f"/newsletter/unsubscribe/{token}/" in text.get_content()
    assert 'src="http' in html_body and 'src="/' not in html_body  # absolute images
    assert 'style="' in html_body  # CSS inlined
    assert "prefers-color-scheme: dark" in html_body  # dark-mode rules kept
    assert 'role="presentation"' in html_body  # table layout
    other = smtp.to("bo@example.org")[0].message
    assert token not in other.as_string()


def test_no_message_carries_a_tracking_pixel(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    make_subscriber()
    start(make_article(), every_new)
    drain()
    html = smtp.received[0].message.get_body(preferencelist=("html",))
    assert html is not None
    images = re.findall(r"<img[^>]*>", html.get_content())
    assert not [img for img in images if 'width="1"' in img or "height:1px" in img]


def test_a_temporary_refusal_is_retried_with_backoff(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    grey = make_subscriber("grey@example.com")
    make_subscriber("fine@example.com")
    smtp.rcpt_answers[grey.email] = "451 4.7.1 greylisted, try later"
    campaign = start(make_article(), every_new)
    drain()
    row = Delivery.objects.get(campaign=campaign, email=grey.email)
    assert row.state == D.QUEUED and row.attempts == 1 and "451" in row.error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    del smtp.rcpt_answers[grey.email]
    with time_machine.travel(row.next_attempt_at + timedelta(seconds=1)):
        drain()
    row.refresh_from_db()
    assert row.state == D.SENT and len(smtp.to(grey.email)) == 1


def test_a_permanent_refusal_bounces_the_address_and_the_rest_goes_on(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    gone = make_subscriber("gone@example.com")
    others = [make_subscriber() for _ in range(3)]
    smtp.rcpt_answers[gone.email] = "550 5.1.1 no such mailbox"
    campaign = start(make_article(), every_new)
    drain()
    row = Delivery.objects.get(campaign=campaign, email=gone.email)
    assert row.state == D.BOUNCED and "550 5.1.1" in row.error
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED
    assert all(len(smtp.to(o.email)) == 1 for o in others)
    assert campaigns.campaign_status(campaign)["bounced"] == 1


def test_bad_addresses_and_header_injection_are_recorded_not_sent(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    evil = make_subscriber("evil@example.com", name="Eve\r\nBcc: victim@example.net")
    broken = make_subscriber("ünïcode@example.com")
    fine = make_subscriber("fine@example.com")
    campaign = start(make_article(), every_new)
    drain()
    rows = {d.email: d for d in Delivery.objects.filter(campaign=campaign)}
    assert rows[evil.email].state == D.FAILED
    assert "header injection" in rows[evil.email].error
    assert rows[broken.email].state == D.FAILED and "SMTPUTF8" in rows[broken.email].error
    assert rows[fine.email].state == D.SENT
    assert [r.recipients for r in smtp.received] == [[fine.email]]
    assert b"victim@example.net" not in smtp.received[0].data


def test_a_temporary_answer_to_a_message_retries_it_later(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    people = [make_subscriber() for _ in range(4)]

    async def refuse(server: SMTP, envelope: Envelope) -> str | None:
        return "421 4.3.0 closing, try later" if people[1].email in envelope.rcpt_tos else None

    smtp.data_hook = refuse
    campaign = start(make_article(), every_new)
    drain()
    assert states(campaign)[people[1].email] == D.QUEUED
    assert sorted(r.recipients[0] for r in smtp.received) == sorted(
        p.email for p in people if p != people[1]
    )


def test_a_dropped_connection_resends_only_the_message_in_flight(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    people = [make_subscriber() for _ in range(6)]
    calls = {"n": 0}

    async def hang_up_on_the_third(server: SMTP, envelope: Envelope) -> str | None:
        calls["n"] += 1
        if calls["n"] == 3:  # took the message, then hung up before answering
            smtp.received.append(Received("", list(envelope.rcpt_tos), b""))
            assert server.transport is not None
            server.transport.close()
            return "421 gone"
        return None

    smtp.data_hook = hang_up_on_the_third
    campaign = start(make_article(), every_new)
    drain()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        drain()
    assert set(states(campaign).values()) == {D.SENT}
    got = sorted(r.recipients[0] for r in smtp.received)
    third = Delivery.objects.get(campaign=campaign, possible_duplicate=True)
    assert got == sorted([*(p.email for p in people), third.email])  # one duplicate, flagged


def test_a_stalled_server_times_out_and_the_message_is_sent_again(
    smtp: Recorder,
    settings: SettingsWrapper,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    settings.NEWSLETTER = {**settings.NEWSLETTER, "smtp_timeout": 0.5}
    make_subscriber("slow@example.com")
    smtp.data_hook = stall(1.5)
    campaign = start(make_article(), every_new)
    delivery.work()
    row = Delivery.objects.get(campaign=campaign)
    # The server may have taken it before stalling: sent again, and flagged for the record.
    assert row.state == D.QUEUED and row.possible_duplicate and "lost" in row.error, row.error
    smtp.data_hook = None
    with time_machine.travel(row.next_attempt_at + timedelta(seconds=1)):
        drain()
    row.refresh_from_db()
    assert row.state == D.SENT


def test_an_unreachable_server_keeps_every_delivery_queued_and_says_why(
    settings: SettingsWrapper,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    settings.EMAIL = EmailConfig(transport="smtp", host="127.0.0.1", port=free_port())
    settings.NEWSLETTER = {"connections": 1, "smtp_timeout": 1.0}
    for _ in range(3):
        make_subscriber()
    campaign = start(make_article(), every_new)
    assert delivery.work() is True
    assert set(states(campaign).values()) == {D.QUEUED}
    assert Delivery.objects.filter(attempts=0).count() == 3
    campaign.refresh_from_db()
    assert "cannot talk to 127.0.0.1" in campaign.last_error
    assert delivery.work() is False  # backs off instead of hammering the server


def test_a_subscriber_who_leaves_after_the_start_is_skipped(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    leaver = make_subscriber()
    make_subscriber()
    campaign = start(make_article(), every_new)
    Subscriber.objects.filter(pk=leaver.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    drain()
    assert states(campaign)[leaver.email] == D.SKIPPED
    assert len(smtp.received) == 1


def test_the_recipient_list_is_fixed_when_the_campaign_starts(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    make_subscriber()
    make_subscriber(status=Subscriber.Status.PENDING)
    campaign = start(make_article(), every_new)
    make_subscriber()  # joins after the start
    drain()
    assert campaigns.campaign_status(campaign)["total"] == 1
    assert len(smtp.received) == 1


def test_pause_resume_and_cancel(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    every_new: Newsletter,
) -> None:
    for _ in range(4):
        make_subscriber()
    campaign = start(make_article(), every_new)
    campaigns.campaign_pause(campaign=campaign)
    drain()
    assert smtp.received == []
    campaigns.campaign_resume(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING
    other = start(make_article(), every_new)
    campaigns.campaign_cancel(campaign=other)
    drain()
    assert len(smtp.received) == 4
    assert set(states(other).values()) == {D.CANCELLED}
    with pytest.raises(campaigns.CampaignError, match="cannot resume"):
        campaigns.campaign_resume(campaign=other)


def test_a_digest_brings_each_reader_the_articles_on_their_topics(
    smtp: Recorder,
    make_article: MakeArticle,
    make_subscriber: MakeSubscriber,
    weekly: Newsletter,
    topic: object,
) -> None:
    from newsdesk.publishing.models import Topic

    energy = Topic.objects.get(slug="energy")
    health = Topic.objects.create(name="Health", slug="health")
    make_article(title="Grid queues", topics=[energy], published_at=timezone.now())
    make_article(title="Drug shortages", topics=[health], published_at=timezone.now())
    make_article(
        title="Old news", topics=[health], published_at=timezone.now() - timedelta(days=30)
    )
    make_subscriber("energy@example.com", newsletters=[weekly], topics=[energy])
    make_subscriber("all@example.com", newsletters=[weekly])
    campaign = campaigns.campaign_create(newsletter=weekly, kind=Campaign.Kind.DIGEST)
    campaigns.campaign_schedule(campaign=campaign)
    drain()
    energy_mail = smtp.to("energy@example.com")[0].message.get_body(preferencelist=("plain",))
    all_mail = smtp.to("all@example.com")[0].message.get_body(preferencelist=("plain",))
    assert energy_mail is not None and all_mail is not None
    assert "Grid queues" in energy_mail.get_content()
    assert "Drug shortages" not in energy_mail.get_content()
    assert "Grid queues" in all_mail.get_content() and "Drug shortages" in all_mail.get_content()
    assert "Old news" not in all_mail.get_content()


def test_the_outbox_keeps_messages_when_there_is_no_mail_server(
    make_article: MakeArticle, make_subscriber: MakeSubscriber, every_new: Newsletter
) -> None:
    from newsdesk.newsletter.models import OutboxMessage

    make_subscriber("reader@example.com")
    article = make_article()
    start(article, every_new)
    drain()
    kept = OutboxMessage.objects.get()
    assert kept.recipient == "reader@example.com"
    assert kept.subject == article.title
    assert "List-Unsubscribe-Post" in kept.message
