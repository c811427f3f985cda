"""Readers' pages: signup without enumeration, double opt-in, preferences, one-click unsubscribe."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from newsdesk.newsletter import render, tokens
from newsdesk.newsletter.models import Delivery, Newsletter, Subscriber
from newsdesk.ops import tasks
from newsdesk.ops.models import Task
from newsdesk.publishing.models import Topic
from tests.conftest import MakeArticle
from tests.newsletter.conftest import MakeSubscriber, Recorder

pytestmark = pytest.mark.django_db


def signup(client: Client, email: str, **extra: str) -> tuple[int, str]:
    response = client.post("/newsletter/", {"email": email, "name": "", "website": "", **extra})
    return response.status_code, response.content.decode()


def test_a_signup_queues_a_confirmation_and_subscribes_nobody_yet(client: Client) -> None:
    status, page = signup(client, "New.Reader@Example.COM", name="Nia")
    assert status == 200 and "check your inbox" in page
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name) == ("new.reader@example.com", "Nia")
    assert subscriber.status == Subscriber.Status.PENDING
    assert list(Task.objects.values_list("name", flat=True)) == ["newsletter.link"]


def test_the_answer_is_the_same_for_new_pending_and_active_addresses(
    client: Client, make_subscriber: MakeSubscriber
) -> None:
    make_subscriber("active@example.com")
    make_subscriber("pending@example.com", status=Subscriber.Status.PENDING)
    pages = {signup(client, email) for email in ("new@example.com", "pending@example.com",
                                                  "active@example.com")}  # fmt: skip
    assert len(pages) == 1


def test_the_honeypot_gets_a_thank_you_and_nothing_else(client: Client) -> None:
    status, page = signup(client, "bot@example.com", website="http://spam.example")
    assert status == 200 and "check your inbox" in page
    assert not Subscriber.objects.exists() and not Task.objects.exists()


def test_a_bad_address_is_refused_with_the_form_again(client: Client) -> None:
    status, page = signup(client, "not an address")
    assert status == 400 and "Enter a valid email address" in page


def test_one_ip_address_is_stopped_after_a_flood(client: Client, settings: SettingsWrapper) -> None:
    settings.NEWSLETTER = {"ip_limit": (3, 600)}
    codes = [signup(client, f"r{n}@example.com")[0] for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Subscriber.objects.count() == 3


def test_the_confirmation_is_sent_again_at_most_once_per_few_minutes(client: Client) -> None:
    for _ in range(3):
        signup(client, "again@example.com")
    assert Task.objects.count() == 1
    Task.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        signup(client, "again@example.com")
    assert Task.objects.count() == 1


def test_the_confirmation_email_arrives_and_its_link_confirms(
    client: Client, smtp: Recorder, weekly: Newsletter, every_new: Newsletter
) -> None:
    signup(client, "reader@example.com", newsletters=str(every_new.pk))
    assert tasks.run_one()
    message = smtp.to("reader@example.com")[0].message
    assert "confirm" in str(message["Subject"]).lower()
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", text.get_content())
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # a GET is not a click
    client.post(f"/{path}")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert list(subscriber.newsletters.all()) == [every_new]


def test_an_active_subscriber_who_signs_up_again_gets_a_preferences_link(
    client: Client, smtp: Recorder, make_subscriber: MakeSubscriber
) -> None:
    make_subscriber("already@example.com")
    signup(client, "already@example.com")
    assert tasks.run_one()
    text = smtp.to("already@example.com")[0].message.get_body(preferencelist=("plain",))
    assert text is not None and "/newsletter/preferences/" in text.get_content()


def test_a_forged_or_expired_link_is_refused_clearly(
    client: Client, make_subscriber: MakeSubscriber
) -> None:
    subscriber = make_subscriber()
    assert client.get("/newsletter/preferences/forged:token/").status_code == 404
    token = render.manage_token(subscriber)
    # The same token does not confirm: one salt per purpose.
    assert client.get(f"/newsletter/confirm/{token}/").status_code == 404
    confirm = tokens.make(tokens.CONFIRM, subscriber.pk, subscriber.key)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(f"/newsletter/confirm/{confirm}/")
    assert response.status_code == 410 and b"expired" in response.content


def test_one_click_unsubscribe_works_without_session_or_csrf_token(
    make_subscriber: MakeSubscriber,
) -> None:
    subscriber = make_subscriber()
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter-unsubscribe", args=[render.manage_token(subscriber)])
    response = client.post(url, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not response.cookies.get("sessionid")


def test_the_unsubscribe_page_shows_a_button_and_changes_nothing(
    client: Client, make_subscriber: MakeSubscriber
) -> None:
    subscriber = make_subscriber()
    page = client.get(reverse("newsletter-unsubscribe", args=[render.manage_token(subscriber)]))
    assert b"<button" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_preferences_change_newsletters_topics_and_resubscribe(
    client: Client, make_subscriber: MakeSubscriber, weekly: Newsletter, every_new: Newsletter
) -> None:
    energy = Topic.objects.create(name="Energy", slug="energy")
    subscriber = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    url = reverse("newsletter-preferences", args=[render.manage_token(subscriber)])
    assert b"Subscribe again" in client.get(url).content
    client.post(url, {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    response = client.post(url, {"name": "Ro", "newsletters": [weekly.pk], "topics": [energy.pk]})
    assert response.status_code == 200 and b"Saved" in response.content
    subscriber.refresh_from_db()
    assert list(subscriber.newsletters.all()) == [weekly]
    assert list(subscriber.topics.all()) == [energy]
    assert subscriber.name == "Ro"


def test_a_subscriber_downloads_their_data_and_deletes_themself(
    client: Client, make_subscriber: MakeSubscriber, make_article: MakeArticle,
    every_new: Newsletter,
) -> None:  # fmt: skip
    from newsdesk.newsletter import campaigns

    subscriber = make_subscriber("me@example.com", name="Me")
    campaign = campaigns.campaign_create(newsletter=every_new, article=make_article())
    campaigns.campaign_schedule(campaign=campaign)
    campaigns.campaign_start(campaign_id=campaign.pk)
    token = render.manage_token(subscriber)
    data = client.get(reverse("newsletter-data", args=[token]))
    assert data["Content-Disposition"].startswith("attachment")
    body = json.loads(data.content)
    assert body["email"] == "me@example.com" and body["newsletters"] == ["Every new analysis"]
    assert body["emails"][0]["state"] == "queued"
    client.post(reverse("newsletter-delete", args=[token]))
    assert not Subscriber.objects.filter(email="me@example.com").exists()
    row = Delivery.objects.get(campaign=campaign)
    assert (row.email, row.state) == ("(deleted)", Delivery.State.SKIPPED)
    assert client.get(reverse("newsletter-preferences", args=[token])).status_code == 404


def test_the_signup_box_is_on_articles_and_the_home_page(
    client: Client, make_article: MakeArticle
) -> None:
    article = make_article()
    for path in ("/", article.get_absolute_url(), "/newsletter/"):
        page = client.get(path).content.decode()
        assert 'action="/newsletter/"' in page and 'name="website"' in page


def test_behind_a_local_proxy_the_limit_counts_each_reader(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.NEWSLETTER = {"ip_limit": (2, 600)}
    codes = [
        client.post(
            "/newsletter/",
            {"email": f"r{n}@example.com"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, 203.0.113.{n % 2}",
        ).status_code
        for n in range(6)
    ]
    assert codes == [200, 200, 200, 200, 429, 429]
