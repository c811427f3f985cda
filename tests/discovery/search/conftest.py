from __future__ import annotations

from typing import Any

import pytest

from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle


@pytest.fixture
def publish(make_article: MakeArticle, django_capture_on_commit_callbacks: Any) -> MakeArticle:
    """make_article, with the index updated as it is once the transaction commits."""

    def make(**fields: Any) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(**fields)

    return make
