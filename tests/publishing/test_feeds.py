from __future__ import annotations

import json

import feedparser
import pytest
from django.test import Client

from newsdesk.publishing.models import Article, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(make_article: MakeArticle, topic: Topic) -> list[Article]:
    trade = Topic.objects.create(name="Trade", slug="trade")
    return [
        make_article(title="Energy & <markets>", body="## Part\n\nFull *body* text here."),
        make_article(title="Only about trade", topics=[trade]),
        make_article(title="A draft", status=Article.Status.DRAFT),
    ]


@pytest.mark.parametrize("path", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_xml_feeds_parse_cleanly_with_full_content(
    client: Client, articles: list[Article], path: str
) -> None:
    parsed = feedparser.parse(client.get(path).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Energy & <markets>", "Only about trade"]
    first = parsed.entries[0]
    content = first.content[0].value if "content" in first else first.description
    assert "<em>body</em>" in content
    assert first.link == "http://127.0.0.1:8000/articles/analysis-1/"
    assert first.author == "Helen Park"


def test_topic_feeds_hold_only_that_topic(client: Client, articles: list[Article]) -> None:
    for path in ("/topics/trade/rss.xml", "/topics/trade/atom.xml"):
        parsed = feedparser.parse(client.get(path).content)
        assert not parsed.bozo
        assert [entry.title for entry in parsed.entries] == ["Only about trade"]
    assert client.get("/topics/nope/rss.xml").status_code == 404


def test_the_json_feed_follows_version_1_1(client: Client, articles: list[Article]) -> None:
    response = client.get("/feeds/feed.json")
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "http://127.0.0.1:8000/feeds/feed.json"
    item = document["items"][0]
    assert set(item) >= {"id", "url", "title", "content_html", "date_published", "authors"}
    assert "<em>body</em>" in item["content_html"]
    # feedparser 6.0 reads no JSON Feed, so the checks above follow the 1.1 spec by hand.
    assert [i["title"] for i in document["items"]] == ["Energy & <markets>", "Only about trade"]
    topic_doc = json.loads(client.get("/topics/trade/feed.json").content)
    assert [i["title"] for i in topic_doc["items"]] == ["Only about trade"]
