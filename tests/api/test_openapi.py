"""Property-based test of the whole native API from its own OpenAPI schema (schemathesis).

Each operation gets a bounded number of generated requests, with an editor's token so that
writes get past authentication; no answer may be a server error or contradict the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.newsletter import services as newsletter
from newsdesk.publishing.models import Author
from tests.conftest import MakeArticle

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def _keep_connection() -> Iterator[None]:
    # Django closes the database connection when a request finishes; the test's transaction
    # lives on it. Django's test client unhooks this the same way for its requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    db: None, _keep_connection: None, make_article: MakeArticle, editor: User, author: Author
) -> Any:
    # Something to find, so that generated slugs and ids sometimes hit real rows.
    make_article(slug="analysis-1")
    make_article(slug="grid")
    Author.objects.filter(pk=author.pk).update(user=editor)
    newsletter.subscriber_signup(email="reader@example.org")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails_on_any_input(case: Any, editor: User) -> None:
    token = getattr(editor, "_api_token", None)
    if token is None:
        token = services.editor_token_create(name="schemathesis", user=editor)[1]
        editor._api_token = token  # type: ignore[attr-defined]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
