"""The newsletter in the desk."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsdesk.newsletter.models import Campaign, Newsletter, OutboxMessage, Subscriber
from tests.conftest import MakeArticle
from tests.newsletter.conftest import MakeSubscriber

pytestmark = pytest.mark.django_db
BASE = "/admin/newsletter"


def test_editors_search_and_filter_subscribers(
    editor_client: Client, make_subscriber: MakeSubscriber
) -> None:
    make_subscriber("ann@example.com", name="Ann")
    make_subscriber("bob@example.com", status=Subscriber.Status.BOUNCED)
    page = editor_client.get(f"{BASE}/subscriber/?q=ann").content.decode()
    assert "ann@example.com" in page and "bob@example.com" not in page
    page = editor_client.get(f"{BASE}/subscriber/?status__exact=bounced").content.decode()
    assert "bob@example.com" in page and "ann@example.com" not in page


def test_contributors_do_not_see_subscribers(contributor_client: Client) -> None:
    assert contributor_client.get(f"{BASE}/subscriber/").status_code == 403


def test_csv_import_and_export_from_the_desk(editor_client: Client) -> None:
    upload = SimpleUploadedFile("p.csv", b"email,name\nok@example.com,Ok\nbad,Bad\n")
    page = editor_client.post(f"{BASE}/subscriber/import/", {"file": upload, "confirmed": "on"})
    text = page.content.decode()
    assert "1 created, 0 updated, 1 skipped" in text and "line 3" in text
    export = editor_client.get(f"{BASE}/subscriber/export/")
    assert export["Content-Type"].startswith("text/csv")
    assert b"ok@example.com,Ok,active,weekly-briefing" in export.content


def test_a_campaign_is_made_previewed_test_sent_and_scheduled(
    editor_client: Client, make_article: MakeArticle, every_new: Newsletter
) -> None:
    article = make_article(title="Desk campaign")
    response = editor_client.post(
        f"{BASE}/campaign/add/",
        {"kind": "article", "newsletter": every_new.pk, "article": article.pk, "subject": "",
         "rate_limit": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    campaign = Campaign.objects.get()
    page = editor_client.get(f"{BASE}/campaign/{campaign.pk}/change/").content.decode()
    assert "Send a test to me" in page and "Schedule" in page
    preview = editor_client.get(f"{BASE}/campaign/{campaign.pk}/preview/")
    assert b"Desk campaign" in preview.content and "sandbox" in preview["Content-Security-Policy"]
    editor_client.post(f"{BASE}/campaign/{campaign.pk}/do/test/")
    test = OutboxMessage.objects.get()
    assert test.recipient == "editor@example.com" and test.subject == "[Test] Desk campaign"
    editor_client.post(f"{BASE}/campaign/{campaign.pk}/do/schedule/")
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SCHEDULED
    progress = editor_client.get(f"{BASE}/campaign/{campaign.pk}/progress.json").json()
    assert progress["state"] == "scheduled" and progress["total"] == 0
    outbox = editor_client.get(f"{BASE}/outboxmessage/{test.pk}/change/").content.decode()
    assert "<iframe" in outbox


def test_a_subject_with_a_line_break_is_refused_by_the_form(
    editor_client: Client, make_article: MakeArticle, every_new: Newsletter
) -> None:
    article = make_article()
    response = editor_client.post(
        f"{BASE}/campaign/add/",
        {"kind": "article", "newsletter": every_new.pk, "article": article.pk,
         "subject": "Hi\r\nBcc: all@example.com", "rate_limit": 0},
    )  # fmt: skip
    assert response.status_code == 200 and b"header injection" in response.content
    assert not Campaign.objects.exists()


def test_the_article_form_has_the_newsletter_opt_in(editor_client: Client) -> None:
    page = editor_client.get("/admin/publishing/article/add/").content.decode()
    assert 'name="email_on_publish"' in page
