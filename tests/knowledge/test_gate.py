"""The publish gate: the checks' errors block editors' publishing unless they give a reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from newsdesk.accounts.models import User
from newsdesk.api import services as api_services
from newsdesk.knowledge import gate, models, services
from newsdesk.knowledge.types import Analysis, Finding
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import MakeArticle
from tests.publishing.test_admin import ADD_URL, article_form

pytestmark = pytest.mark.django_db

# A quotation mark that never closes: an error for the checks, whatever else they find.
FLAWED = 'The minister said "prices will fall.\n\nNobody else agreed with her.'
CLEAN = "The minister said prices will fall.\n\nNobody else agreed with her."


def test_publish_check_returns_the_errors_only() -> None:
    article = Article(title="A title of a sensible length", dek="", body=FLAWED)
    blocking = gate.publish_check(article)
    assert [f.rule for f in blocking] == ["unbalanced-quotes"]
    assert gate.publish_check(Article(title="Fine", dek="", body=CLEAN)) == []


def test_going_live_is_gated_and_so_is_editing_live_text() -> None:
    assert gate.is_gated(new_status="published", old_status="draft", content_changed=False)
    assert gate.is_gated(new_status="scheduled", old_status=None, content_changed=True)
    assert gate.is_gated(new_status="published", old_status="published", content_changed=True)
    assert not gate.is_gated(new_status="published", old_status="published", content_changed=False)
    assert not gate.is_gated(new_status="draft", old_status="published", content_changed=True)


# The desk ---------------------------------------------------------------------------------


def test_the_desk_refuses_to_publish_over_an_error(
    editor_client: Client, author: Author, topic: Topic
) -> None:
    data = article_form(author, topic, body=FLAWED, status=Article.Status.PUBLISHED)
    response = editor_client.post(ADD_URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "unbalanced-quotes" in page and "Override reason" in page
    assert not Article.objects.exists()


def test_an_override_reason_publishes_and_is_recorded(
    editor_client: Client, editor: User, author: Author, topic: Topic
) -> None:
    data = article_form(
        author,
        topic,
        body=FLAWED,
        status=Article.Status.PUBLISHED,
        override_reason="The quote is cut on purpose; the source retracted the rest.",
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    override = models.PublishOverride.objects.get()
    assert (override.article, override.user) == (article, editor)
    assert override.reason.startswith("The quote is cut")
    assert [f["rule"] for f in override.findings] == ["unbalanced-quotes"]


def test_drafts_are_saved_whatever_the_checks_say(
    contributor_client: Client, author: Author, topic: Topic
) -> None:
    response = contributor_client.post(ADD_URL, article_form(author, topic, body=FLAWED))
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT
    assert not models.PublishOverride.objects.exists()


def test_the_publish_action_skips_articles_with_errors(
    editor_client: Client, make_article: MakeArticle
) -> None:
    flawed = make_article(body=FLAWED, status=Article.Status.DRAFT, published_at=None)
    clean = make_article(body=CLEAN, status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(
        "/admin/publishing/article/",
        {"action": "publish_selected", "_selected_action": [flawed.pk, clean.pk]},
        follow=True,
    )
    assert "Not published" in response.content.decode()
    flawed.refresh_from_db()
    clean.refresh_from_db()
    assert (flawed.status, clean.status) == (Article.Status.DRAFT, Article.Status.PUBLISHED)


def test_the_change_page_shows_live_errors_and_stored_warnings(
    editor_client: Client, make_article: MakeArticle
) -> None:
    article = make_article(body=FLAWED, status=Article.Status.DRAFT, published_at=None)
    warning = Finding("quote-without-speaker", "warning", "Nobody said this", "prices", 18, 24)
    stale = Finding("glued-words", "error", "stale text finding", "xx", 0, 2)
    analysis = Analysis(title="", words=1, findings=[warning, stale])
    services.store_analysis(article_id=article.pk, analysis=analysis, digest="d")
    page = editor_client.get(f"/admin/publishing/article/{article.pk}/change/").content.decode()
    assert "unbalanced-quotes" in page and "quote-without-speaker" in page
    assert "stale text finding" not in page  # text rules are checked live instead


# The native API ---------------------------------------------------------------------------


def _send(client: Client, method: str, path: str, token: str, data: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1/{path}",
        json.dumps(data or {}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def token(editor: User) -> str:
    return api_services.editor_token_create(name="Gate test", user=editor)[1]


def test_the_api_answers_422_naming_the_blocking_findings(
    client: Client, token: str, make_article: MakeArticle
) -> None:
    article = make_article(body=FLAWED, status=Article.Status.DRAFT, published_at=None)
    refused = _send(client, "post", f"articles/{article.slug}/publish", token)
    assert refused.status_code == 422
    detail = json.loads(refused.content)["detail"]
    assert [item["rule"] for item in detail] == ["unbalanced-quotes"]
    assert detail[0]["severity"] == "error" and detail[0]["excerpt"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    reason = {"override_reason": "Checked with the desk."}
    done = _send(client, "post", f"articles/{article.slug}/publish", token, reason)
    assert done.status_code == 200 and json.loads(done.content)["status"] == "published"
    assert models.PublishOverride.objects.get().reason == "Checked with the desk."


def test_the_api_gates_edits_to_live_text(
    client: Client, token: str, make_article: MakeArticle
) -> None:
    article = make_article(body=CLEAN)
    refused = _send(client, "patch", f"articles/{article.slug}", token, {"body": FLAWED})
    assert refused.status_code == 422
    article.refresh_from_db()
    assert article.body == CLEAN
    harmless = _send(client, "patch", f"articles/{article.slug}", token, {"featured": True})
    assert harmless.status_code == 200
    forced = {"body": FLAWED, "override_reason": "Deliberate."}
    assert _send(client, "patch", f"articles/{article.slug}", token, forced).status_code == 200


def test_scheduled_go_live_and_services_are_not_gated(make_article: MakeArticle) -> None:
    article = make_article(body=FLAWED, status=Article.Status.DRAFT, published_at=None)
    publishing.article_publish(article=article, user=None)
    assert article.status == Article.Status.PUBLISHED
