"""The Ghost Content API's endpoints, envelopes, parameters and errors."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.api import services
from newsdesk.api.ghost import ids
from newsdesk.api.models import ContentKey
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import MakeArticle

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def error_of(response: Any) -> dict[str, Any]:
    errors = body(response)["errors"]
    assert len(errors) == 1
    return dict(errors[0])


def test_it_lists_published_posts_newest_first_with_pagination(
    ghost: Any, make_article: MakeArticle
) -> None:
    newest, older = make_article(title="Newest"), make_article(title="Older")
    make_article(title="A draft", status=Article.Status.DRAFT, published_at=None)
    make_article(
        title="Tomorrow",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    response = ghost("posts/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = body(response)
    assert [p["title"] for p in data["posts"]] == ["Newest", "Older"]
    assert data["meta"]["pagination"] == {
        "page": 1, "limit": 15, "pages": 1, "total": 2, "next": None, "prev": None,
    }  # fmt: skip
    post = data["posts"][0]
    assert post["id"] == ids.object_id("post", newest.pk)
    assert post["uuid"] == ids.post_uuid(newest.pk)
    assert post["slug"] == newest.slug
    assert post["html"] == newest.body_html
    assert post["custom_excerpt"] == post["excerpt"] == newest.dek
    assert post["url"] == f"http://127.0.0.1:8000/articles/{newest.slug}/"
    assert post["reading_time"] == newest.reading_minutes
    assert post["published_at"].endswith("+00:00")
    assert post["visibility"] == "public"
    assert "plaintext" not in post and "authors" not in post and "tags" not in post
    assert older.pk != newest.pk


def test_include_adds_authors_in_byline_order_and_tags(
    ghost: Any, make_article: MakeArticle, author: Author, topic: Topic
) -> None:
    second = Author.objects.create(name="Zoe Abel", slug="zoe-abel")
    other_topic = Topic.objects.create(name="Climate", slug="climate")
    make_article(authors=[author, second], topics=[topic, other_topic])
    post = body(ghost("posts/", include="authors,tags"))["posts"][0]
    assert [a["slug"] for a in post["authors"]] == ["helen-park", "zoe-abel"]
    assert post["primary_author"]["name"] == "Helen Park"
    assert post["primary_author"]["url"] == "http://127.0.0.1:8000/authors/helen-park/"
    assert post["primary_author"]["id"] == ids.object_id("author", author.pk)
    assert [t["slug"] for t in post["tags"]] == ["climate", "energy"]
    assert post["primary_tag"]["slug"] == "climate"
    assert post["tags"][1]["description"] == "Power and fuel."


def test_it_reads_one_post_by_slug_and_by_id_as_a_list_without_meta(
    ghost: Any, make_article: MakeArticle
) -> None:
    article = make_article(title="The grid")
    by_slug = body(ghost(f"posts/slug/{article.slug}/", include="tags"))
    by_id = body(ghost(f"posts/{ids.object_id('post', article.pk)}/", include="tags"))
    assert by_slug == {"posts": [by_slug["posts"][0]]}
    assert by_slug["posts"][0]["title"] == "The grid"
    assert by_id["posts"][0]["uuid"] == by_slug["posts"][0]["uuid"]
    assert by_id["posts"][0]["tags"][0]["slug"] == "energy"


def test_unknown_and_unpublished_posts_are_not_found(ghost: Any, make_article: MakeArticle) -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    for path in (
        "posts/slug/no-such-post/",
        f"posts/slug/{draft.slug}/",
        f"posts/{ids.object_id('post', draft.pk)}/",
        f"posts/{ids.object_id('author', 1)}/",
    ):
        response = ghost(path)
        assert response.status_code == 404, path
        error = error_of(response)
        assert error["type"] == "NotFoundError"
        assert error["message"] == "Post not found."
        assert set(error) >= {"message", "context", "type", "details", "help", "id"}


def test_a_malformed_id_is_a_validation_error(ghost: Any) -> None:
    response = ghost("posts/not-an-id/")
    assert response.status_code == 422
    assert error_of(response)["type"] == "ValidationError"


def test_limit_page_and_all(ghost: Any, make_article: MakeArticle) -> None:
    for n in range(5):
        make_article(title=f"Post {n}")
    page_two = body(ghost("posts/", limit="2", page="2", fields="title"))
    assert [p["title"] for p in page_two["posts"]] == ["Post 2", "Post 3"]
    assert page_two["meta"]["pagination"] == {
        "page": 2, "limit": 2, "pages": 3, "total": 5, "next": 3, "prev": 1,
    }  # fmt: skip
    everything = body(ghost("posts/", limit="all"))
    assert len(everything["posts"]) == 5
    assert everything["meta"]["pagination"]["limit"] == "all"
    assert everything["meta"]["pagination"]["pages"] == 1
    beyond = body(ghost("posts/", limit="2", page="9"))
    assert beyond["posts"] == []
    assert beyond["meta"]["pagination"]["total"] == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [("limit", "0"), ("limit", "ten"), ("page", "-1"), ("page", "1.5"), ("limit", "9" * 30)],
)
def test_bad_limit_or_page_is_a_validation_error(
    ghost: Any, make_article: MakeArticle, name: str, value: str
) -> None:
    response = ghost("posts/", **{name: value})
    assert response.status_code == 422
    error = error_of(response)
    assert error["type"] == "ValidationError"
    assert name in error["context"]


def test_fields_keep_the_id_and_what_was_asked(ghost: Any, make_article: MakeArticle) -> None:
    make_article(title="Only this")
    post = body(ghost("posts/", fields="title,url"))["posts"][0]
    assert set(post) == {"id", "title", "url"}
    with_tags = body(ghost("posts/", fields="title", include="tags"))["posts"][0]
    assert set(with_tags) == {"id", "title", "tags", "primary_tag"}


def test_formats_choose_html_and_plaintext(ghost: Any, make_article: MakeArticle) -> None:
    make_article(body="## Heading\n\nSome *emphasis* & more.")
    plain = body(ghost("posts/", formats="plaintext"))["posts"][0]
    assert "html" not in plain
    assert "Some emphasis & more." in plain["plaintext"]
    both = body(ghost("posts/", formats="html,plaintext"))["posts"][0]
    assert "<em>emphasis</em>" in both["html"] and "<" not in both["plaintext"]
    assert ghost("posts/", formats="mobiledoc").status_code == 422


def test_the_excerpt_falls_back_to_the_text_without_a_dek(
    ghost: Any, make_article: MakeArticle
) -> None:
    make_article(dek="", body="First words of the body. " * 40)
    post = body(ghost("posts/"))["posts"][0]
    assert post["custom_excerpt"] is None
    assert post["excerpt"].startswith("First words of the body.")
    assert len(post["excerpt"]) == 500


def test_order(ghost: Any, make_article: MakeArticle) -> None:
    for title in ("Banana", "Apple", "Cherry"):
        make_article(title=title)
    titles = [p["title"] for p in body(ghost("posts/", order="title asc"))["posts"]]
    assert titles == ["Apple", "Banana", "Cherry"]
    titles = [p["title"] for p in body(ghost("posts/", order="title DESC"))["posts"]]
    assert titles == ["Cherry", "Banana", "Apple"]
    oldest_first = body(ghost("posts/", order="published_at asc"))["posts"]
    assert [p["title"] for p in oldest_first] == ["Cherry", "Apple", "Banana"]
    response = ghost("posts/", order="password asc")
    assert response.status_code == 422
    assert "published_at" in error_of(response)["context"]


def test_a_bad_filter_is_a_400_that_says_where(ghost: Any) -> None:
    response = ghost("posts/", filter="tag:energy+")
    assert response.status_code == 400
    error = error_of(response)
    assert error["type"] == "BadRequestError"
    assert error["message"] == "Error parsing filter"
    assert "property" in error["context"]
    unknown = error_of(ghost("posts/", filter="password:secret"))
    assert "'password' cannot be filtered on" in unknown["context"]


def test_a_key_is_required_and_must_be_known(
    client: Client, content_key: ContentKey, make_article: MakeArticle
) -> None:
    missing = client.get("/ghost/api/content/posts/")
    assert missing.status_code == 403
    assert error_of(missing)["type"] == "NoPermissionError"
    unknown = client.get("/ghost/api/content/posts/", {"key": "0" * 26})
    assert unknown.status_code == 401
    assert error_of(unknown) | {"id": None} == error_of(unknown) | {
        "message": "Unknown Content API Key", "type": "UnauthorizedError", "id": None,
    }  # fmt: skip
    assert unknown["Cache-Control"].startswith("no-cache")


def test_a_revoked_key_stops_working_even_for_cached_answers(
    client: Client,
    content_key: ContentKey,
    make_article: MakeArticle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_article()
    url = f"/ghost/api/content/posts/?key={content_key.key}"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.content_key_revoke(key=content_key)
    assert client.get(url).status_code == 401


def test_a_new_post_shows_up_at_once_despite_the_cache(
    ghost: Any, make_article: MakeArticle, django_capture_on_commit_callbacks: Any
) -> None:
    make_article(title="First")
    assert len(body(ghost("posts/"))["posts"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Second")
    assert [p["title"] for p in body(ghost("posts/"))["posts"]] == ["First", "Second"]


def test_headers_are_ghosts_and_any_origin_may_read(
    client: Client, content_key: ContentKey
) -> None:
    response = client.get(
        f"/ghost/api/content/posts/?key={content_key.key}", HTTP_ORIGIN="https://front.example"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Version"] == "v5.0"
    assert "Accept-Version" in response["Vary"]
    assert response["Cache-Control"] == "public, max-age=0"
    preflight = client.options(
        "/ghost/api/content/posts/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-version",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Accept-Version" in preflight["Access-Control-Allow-Headers"]


def test_only_reads_are_allowed(client: Client, content_key: ContentKey) -> None:
    response = client.post(f"/ghost/api/content/posts/?key={content_key.key}", {})
    assert response.status_code == 405
    assert error_of(response)["type"] == "MethodNotAllowedError"


def test_accept_version(client: Client, content_key: ContentKey) -> None:
    url = f"/ghost/api/content/posts/?key={content_key.key}"
    assert client.get(url, HTTP_ACCEPT_VERSION="v5.0").status_code == 200
    assert client.get(url, HTTP_ACCEPT_VERSION="v6.0").status_code == 200
    assert client.get(url, HTTP_ACCEPT_VERSION="five").status_code == 200
    newer = client.get(
        f"/ghost/api/content/tiers/?key={content_key.key}", HTTP_ACCEPT_VERSION="v9.0"
    )
    assert newer.status_code == 406
    assert error_of(newer)["type"] == "RequestNotAcceptableError"
    unknown = client.get(f"/ghost/api/content/tiers/?key={content_key.key}")
    assert unknown.status_code == 404


def test_older_clients_versioned_prefix_is_served(
    client: Client, content_key: ContentKey, make_article: MakeArticle
) -> None:
    make_article()
    response = client.get(f"/ghost/api/v3/content/posts/?key={content_key.key}")
    assert response.status_code == 200
    assert len(body(response)["posts"]) == 1


def test_authors_are_those_with_published_posts(
    ghost: Any, make_article: MakeArticle, author: Author
) -> None:
    silent = Author.objects.create(name="Only Drafts", slug="only-drafts")
    make_article()
    make_article()
    make_article(authors=[silent], status=Article.Status.DRAFT, published_at=None)
    data = body(ghost("authors/", include="count.posts"))
    assert [a["slug"] for a in data["authors"]] == ["helen-park"]
    assert data["authors"][0]["count"] == {"posts": 2}
    assert data["authors"][0]["bio"] == "Writes about energy."
    assert data["meta"]["pagination"]["total"] == 1
    assert body(ghost("authors/slug/helen-park/"))["authors"][0]["name"] == "Helen Park"
    by_id = ghost(f"authors/{ids.object_id('author', author.pk)}/")
    assert body(by_id)["authors"][0]["slug"] == "helen-park"
    assert ghost("authors/slug/only-drafts/").status_code == 404


def test_tags_are_topics_with_their_live_post_counts(
    ghost: Any, make_article: MakeArticle, topic: Topic
) -> None:
    Topic.objects.create(name="Agriculture", slug="agriculture")
    make_article()
    make_article(status=Article.Status.DRAFT, published_at=None)
    data = body(ghost("tags/", include="count.posts", filter="slug:[energy,agriculture]"))
    assert [(t["slug"], t["count"]["posts"]) for t in data["tags"]] == [
        ("agriculture", 0),
        ("energy", 1),
    ]
    tag = body(ghost("tags/slug/energy/"))["tags"][0]
    assert tag["url"] == "http://127.0.0.1:8000/topics/energy/"
    assert "count" not in tag
    assert ghost(f"tags/{ids.object_id('tag', topic.pk)}/").status_code == 200


def test_pages_are_an_empty_valid_list(ghost: Any, make_article: MakeArticle) -> None:
    make_article()
    data = body(ghost("pages/", include="authors"))
    assert data["pages"] == []
    assert data["meta"]["pagination"]["total"] == 0
    assert ghost("pages/slug/about/").status_code == 404


def test_settings(ghost: Any, settings: Any) -> None:
    settings.SITE_NAME = "The Analysis Desk"
    data = body(ghost("settings/"))
    assert data["meta"] == {}
    assert data["settings"]["title"] == "The Analysis Desk"
    assert data["settings"]["url"] == "http://127.0.0.1:8000/"
    assert data["settings"]["navigation"][0] == {"label": "Home", "url": "/"}


def test_a_page_costs_the_same_queries_whatever_its_size(
    ghost: Any,
    make_article: MakeArticle,
    author: Author,
    django_assert_num_queries: Any,
) -> None:
    second = Author.objects.create(name="Sam Lee", slug="sam-lee")
    for n in range(12):
        make_article(authors=[author, second] if n % 2 else [author])
    # The key, the count, the page, its bylines and its tags.
    with django_assert_num_queries(5):
        assert len(body(ghost("posts/", limit="2", include="tags,authors"))["posts"]) == 2
    # The same again for a page six times the size, less the count, which is remembered.
    with django_assert_num_queries(4):
        data = body(ghost("posts/", limit="12", include="tags,authors"))
    assert len(data["posts"]) == 12
    assert data["meta"]["pagination"]["total"] == 12
    assert [a["slug"] for a in data["posts"][1]["authors"]] == ["helen-park", "sam-lee"]
