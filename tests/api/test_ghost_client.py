"""The official Ghost client (@tryghost/content-api from npm) reading a live Newsdesk.

The package is pinned in tests/api/ghost_client/package.json and its lock file; `make test`
installs it (scripts/ensure-test-deps.sh), and this test installs it itself when missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from newsdesk.api.ghost import ids
from newsdesk.api.models import ContentKey
from newsdesk.publishing.models import Article, Author, Topic
from tests.conftest import MakeArticle

HARNESS = Path(__file__).parent / "ghost_client"
CLIENT = HARNESS / "node_modules" / "@tryghost" / "content-api"


def _ensure_client() -> None:
    if CLIENT.is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed; run `bash scripts/ensure-test-deps.sh`")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=HARNESS,
        check=True,
        timeout=300,
    )


def run_client(url: str, key: str) -> dict[str, Any]:
    _ensure_client()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    # Loopback must not go through a proxy a developer may have configured.
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    done = subprocess.run(
        [node, "browse.mjs"],
        cwd=HARNESS,
        env={**env, "GHOST_URL": url, "GHOST_KEY": key, "NO_PROXY": "*"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.django_db(transaction=True)
def test_the_official_client_browses_reads_and_paginates(
    live_server: Any,
    content_key: ContentKey,
    make_article: MakeArticle,
    author: Author,
    topic: Topic,
) -> None:
    sam = Author.objects.create(name="Sam Lee", slug="sam-lee")
    climate = Topic.objects.create(name="Climate", slug="climate")
    make_article(title="Featured grid piece", featured=True, authors=[author, sam])
    make_article(title="Heat and hospitals", topics=[topic, climate], authors=[sam])
    make_article(title="Ice sheets", topics=[climate])
    make_article(title="Unseen draft", status=Article.Status.DRAFT, published_at=None)

    got = run_client(live_server.url, content_key.key)

    live = list(Article.objects.published().order_by("-published_at", "-id"))
    assert [p["slug"] for p in got["first"]["items"] + got["second"]["items"]] == [
        a.slug for a in live
    ]
    assert got["first"]["meta"]["pagination"] == {
        "page": 1, "limit": 2, "pages": 2, "total": 3, "next": 2, "prev": None,
    }  # fmt: skip
    assert got["second"]["meta"]["pagination"]["prev"] == 1
    assert [p["id"] for p in got["all"]["items"]] == [ids.object_id("post", a.pk) for a in live]
    assert got["all"]["meta"]["pagination"]["limit"] == "all"

    first = got["first"]["items"][0]
    assert [a["slug"] for a in first["authors"]] == ["helen-park", "sam-lee"]
    assert first["primary_tag"]["slug"] == "energy"

    by_slug = got["bySlug"]
    assert by_slug["title"] == live[0].title and by_slug["html"] == live[0].body_html
    assert by_slug["tags"][0]["name"] == "Energy"
    assert got["byId"]["slug"] == live[1].slug
    assert "Text of analysis" in got["byId"]["plaintext"]

    assert [p["slug"] for p in got["filtered"]["items"]] == [live[0].slug]
    assert {(a["slug"], a["count"]["posts"]) for a in got["authors"]["items"]} == {
        ("helen-park", 2),
        ("sam-lee", 2),
    }
    assert got["author"]["name"] == "Helen Park"
    assert {(t["slug"], t["count"]["posts"]) for t in got["tags"]["items"]} == {
        ("climate", 2),
        ("energy", 2),
    }
    assert got["tag"]["slug"] == "energy"
    assert got["pages"]["items"] == [] and got["pages"]["meta"]["pagination"]["total"] == 0
    assert got["settings"]["title"] == "Newsdesk"

    assert got["missing"] == {
        "name": "NotFoundError", "type": "NotFoundError", "message": "Post not found.",
        "status": 404,
    }  # fmt: skip
    assert got["badFilter"]["type"] == "BadRequestError"
    assert got["badFilter"]["status"] == 400
    assert got["badKey"]["type"] == "UnauthorizedError"
    assert got["badKey"]["status"] == 401
