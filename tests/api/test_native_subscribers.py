"""/api/v1/subscribers: editors' tokens manage readers through the newsletter services."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from newsdesk.newsletter.models import OutboxMessage, Subscriber
from newsdesk.ops import tasks
from newsdesk.publishing.models import Topic
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def call(client: Client, method: str, path: str, token: str, data: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1/{path}",
        json.dumps(data or {}),
        content_type="application/json",
        headers=bearer(token),
    )


def test_an_opted_in_reader_is_added_active(client: Client, editor_token: str) -> None:
    response = call(
        client,
        "post",
        "subscribers",
        editor_token,
        {
            "email": "Reader@Example.org",
            "name": "A  Reader",
            "newsletters": ["every-new-analysis"],
            "confirmed": True,
        },
    )
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["email"] == "reader@example.org"
    assert data["name"] == "A Reader"
    assert data["status"] == "active"
    assert data["newsletters"] == ["every-new-analysis"]
    assert data["confirmed_at"] is not None


def test_other_readers_are_asked_to_confirm(client: Client, editor_token: str) -> None:
    data = body(call(client, "post", "subscribers", editor_token, {"email": "new@example.org"}))
    assert data["status"] == "pending"
    while tasks.run_one():
        pass
    message = OutboxMessage.objects.get(recipient="new@example.org")
    assert "/newsletter/confirm/" in message.message


def test_list_update_unsubscribe_and_delete(
    client: Client, editor_token: str, topic: Topic
) -> None:
    for n in range(3):
        call(
            client,
            "post",
            "subscribers",
            editor_token,
            {"email": f"r{n}@example.org", "confirmed": True},
        )
    listing = body(client.get("/api/v1/subscribers?per_page=2", headers=bearer(editor_token)))
    assert listing["total"] == 3 and len(listing["items"]) == 2
    reader = Subscriber.objects.get(email="r1@example.org")

    updated = call(
        client,
        "patch",
        f"subscribers/{reader.pk}",
        editor_token,
        {"topics": ["energy"], "name": "R One"},
    )
    assert body(updated)["topics"] == ["energy"] and body(updated)["name"] == "R One"
    assert body(updated)["newsletters"] == ["weekly-briefing"]

    left = body(call(client, "post", f"subscribers/{reader.pk}/unsubscribe", editor_token))
    assert left["status"] == "unsubscribed"
    active = body(client.get("/api/v1/subscribers?status=active", headers=bearer(editor_token)))
    assert active["total"] == 2

    assert (
        client.delete(f"/api/v1/subscribers/{reader.pk}", headers=bearer(editor_token)).status_code
        == 204
    )
    assert not Subscriber.objects.filter(pk=reader.pk).exists()
    assert (
        client.get(f"/api/v1/subscribers/{reader.pk}", headers=bearer(editor_token)).status_code
        == 404
    )


def test_errors(client: Client, editor_token: str) -> None:
    call(client, "post", "subscribers", editor_token, {"email": "a@example.org", "confirmed": True})
    again = call(client, "post", "subscribers", editor_token, {"email": "A@example.org"})
    assert again.status_code == 409
    assert (
        call(client, "post", "subscribers", editor_token, {"email": "not an address"}).status_code
        == 400
    )
    unknown = call(
        client,
        "post",
        "subscribers",
        editor_token,
        {"email": "b@example.org", "newsletters": ["daily"]},
    )
    assert unknown.status_code == 400 and "daily" in body(unknown)["detail"]


def test_only_editors_tokens_reach_subscribers(client: Client, contributor_token: str) -> None:
    assert client.get("/api/v1/subscribers").status_code == 401
    refused = client.get("/api/v1/subscribers", headers=bearer(contributor_token))
    assert refused.status_code == 403
