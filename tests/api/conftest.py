"""Credentials for API tests: a Content API key, and editor and contributor tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.api.models import ContentKey


@pytest.fixture
def content_key(db: None) -> ContentKey:
    return services.content_key_create(name="Test front-end")


@pytest.fixture
def ghost(client: Client, content_key: ContentKey) -> Any:
    """GET a Content API path with the key; returns the response."""

    def get(path: str, **params: Any) -> Any:
        return client.get(f"/ghost/api/content/{path}", {"key": content_key.key, **params})

    return get


@pytest.fixture
def editor_token(editor: User) -> str:
    return services.editor_token_create(name="Editor script", user=editor)[1]


@pytest.fixture
def contributor_token(contributor: User) -> str:
    return services.editor_token_create(name="Contributor script", user=contributor)[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
