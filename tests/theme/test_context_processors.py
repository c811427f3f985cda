from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from newsdesk.publishing.models import Topic
from newsdesk.theme.context_processors import nav_links
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def test_it_lists_the_topics_that_have_live_articles(
    make_article: MakeArticle, topic: Topic
) -> None:
    Topic.objects.create(name="Empty", slug="empty")
    make_article()
    links = nav_links()
    assert [(link.name, link.get_absolute_url()) for link in links] == [
        ("Energy", "/topics/energy/")
    ]


def test_it_follows_a_topic_rename_once_the_change_commits(
    client: Client,
    make_article: MakeArticle,
    topic: Topic,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_article()
    assert '<li><a href="/topics/energy/">Energy</a></li>' in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        topic.name, topic.slug = "Power", "power"
        topic.save()
    html = client.get("/").content.decode()
    assert '<li><a href="/topics/power/">Power</a></li>' in html
    assert "/topics/energy/" not in html
