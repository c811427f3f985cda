"""Shared fixtures. tests/settings.py gives each session its own var/ directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Each test's database is rolled back; pages cached from it must go too.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def author(db: None) -> Author:
    return Author.objects.create(name="Helen Park", slug="helen-park", bio="Writes about energy.")


@pytest.fixture
def topic(db: None) -> Topic:
    return Topic.objects.create(name="Energy", slug="energy", description="Power and fuel.")


MakeArticle = Callable[..., Article]


@pytest.fixture
def make_article(author: Author, topic: Topic) -> MakeArticle:
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Article:
        n = next(counter)
        topics = fields.pop("topics", [topic])
        authors = fields.pop("authors", [author])
        fields.setdefault("title", f"Analysis number {n}")
        fields.setdefault("slug", f"analysis-{n}")
        fields.setdefault("dek", "A one-line summary of the argument.")
        fields.setdefault(
            "body", f"## First section\n\nText of analysis {n}.\n\n## Second\n\nMore."
        )
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=n))
        article = Article(**fields)
        services.article_save(article=article, user=None)
        for position, person in enumerate(authors):
            ArticleAuthor.objects.create(article=article, author=person, position=position)
        article.topics.set(topics)
        return article

    return make


def _desk_user(email: str, role: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD)
    user.role = role
    user.save()
    return user


@pytest.fixture
def editor(db: None) -> User:
    return _desk_user("editor@example.com", User.Role.EDITOR)


@pytest.fixture
def contributor(db: None) -> User:
    return _desk_user("contributor@example.com", User.Role.CONTRIBUTOR)


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(contributor: User) -> Client:
    client = Client()
    client.force_login(contributor)
    return client
