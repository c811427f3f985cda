"""`export`, and the round trip: export, import into an empty database, export again.

"Identical" means exactly that: the second export has the same files, byte for byte, as the
first, with nothing normalized (ghost.json, every articles/*.md, every media file and
subscribers.csv).
"""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from newsdesk.ingest.export import ExportError, export_all
from newsdesk.ingest.frontmatter import parse_markdown_file
from newsdesk.ingest.models import ImportedItem
from newsdesk.ingest.services import import_source
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Revision, SlugRedirect, Topic

pytestmark = pytest.mark.django_db


def _png(name: str, colour: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (900, 500), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _article(authors: list[Author], topics: list[Topic], **fields: object) -> Article:
    article = Article(**fields)
    publishing.article_save(article=article, user=None)
    for position, person in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=person, position=position)
    article.topics.set(topics)
    return article


def build_site() -> None:
    now = timezone.now()
    helen = Author.objects.create(name="Helen Park", slug="helen-park", bio="Energy.")
    helen.avatar.save("helen.png", _png("helen.png", "teal"))
    omar = Author.objects.create(name="Omar Haddad", slug="omar-haddad")
    energy = Topic.objects.create(name="Energy", slug="energy", description="Power and fuel.")
    trade = Topic.objects.create(name="Trade", slug="trade")
    Topic.objects.create(name="Unused", slug="unused")
    live = _article(
        [helen, omar], [energy, trade], title="Grid queues: why they grow", slug="grid-queues",
        dek="Connection queues stretch into the 2030s.", featured=True, status="published",
        published_at=now - timedelta(days=3), seo_title="Grid queues",
        seo_description="Why connection queues grow.", canonical_url="https://example.org/g",
        email_on_publish=True, hero_alt="Pylons at dusk",
        body="## The queue\n\nIt grew by **40%** in 2025.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )  # fmt: skip
    live.hero_image.save("pylons.png", _png("pylons.png", "navy"))
    previous = Article.objects.get(pk=live.pk)
    live.body += "\nA correction.\n"
    publishing.article_save(article=live, user=None, previous=previous)  # content_updated_at
    _article(
        [helen],
        [],
        title="A draft with a date",
        slug="dated-draft",
        status="draft",
        published_at=now + timedelta(days=9),
        body="Unfinished: ‘quotes’, ünïcode.\n",
    )
    _article(
        [omar],
        [trade],
        title="Tomorrow",
        slug="tomorrow",
        status="scheduled",
        published_at=now + timedelta(days=1),
        body="Later.\n",
    )
    _article(
        [helen],
        [energy],
        title="Withdrawn",
        slug="withdrawn",
        status="unpublished",
        published_at=now - timedelta(days=30),
        body="Taken down.\n",
    )
    digest = Newsletter.objects.create(name="Energy digest", slug="energy-digest", position=5)
    weekly = Newsletter.objects.get(slug="weekly-briefing")
    for email, status, newsletters, topics in [
        ("active@example.org", "active", [weekly, digest], [energy]),
        ("pending@example.org", "pending", [weekly], []),
        ("left@example.org", "unsubscribed", [digest], [trade]),
        ("bounced@example.org", "bounced", [], []),
        ("complained@example.org", "complained", [weekly], []),
    ]:
        subscriber = Subscriber.objects.create(
            email=email, name=email.split("@")[0].title(), status=status,
            created_at=now - timedelta(days=len(email)),
            confirmed_at=now if status == "active" else None,
            unsubscribed_at=now if status == "unsubscribed" else None,
        )  # fmt: skip
        subscriber.newsletters.set(newsletters)
        subscriber.topics.set(topics)


def empty_database() -> None:
    for model in (Subscriber, Newsletter, Revision, SlugRedirect, ImportedItem):
        model.objects.all().delete()
    Article.objects.all().delete()
    Author.objects.all().delete()
    Topic.objects.all().delete()


def files(folder: Path) -> dict[str, bytes]:
    found = [p for p in folder.rglob("*") if p.is_file()]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in found}


def test_the_round_trip_is_identical(tmp_path: Path, media_root: Path) -> None:
    build_site()
    first, second = tmp_path / "first", tmp_path / "second"
    export_all(first)
    empty_database()
    fresh_media = tmp_path / "fresh-media"
    fresh_media.mkdir()
    with override_settings(MEDIA_ROOT=fresh_media):  # an empty media folder too
        report = import_source(kind="ghost", target=str(first))
        assert report.errors == []
        export_all(second)
    before, after = files(first), files(second)
    assert sorted(before) == sorted(after)
    for name in before:
        assert before[name] == after[name], name
    assert "content/images/avatars/helen.png" in before
    assert len([n for n in before if n.startswith("articles/")]) == 4


def test_the_export_is_what_ghost_and_our_importers_read(tmp_path: Path, media_root: Path) -> None:
    build_site()
    export_all(tmp_path / "out")
    document = json.loads((tmp_path / "out" / "ghost.json").read_text(encoding="utf-8"))
    data = document["db"][0]["data"]
    post = next(p for p in data["posts"] if p["slug"] == "grid-queues")
    assert post["status"] == "published" and post["featured"] is True
    assert post["feature_image"].startswith("__GHOST_URL__/content/images/heroes/")
    assert json.loads(post["mobiledoc"])["cards"][0][0] == "markdown"
    assert "<strong>40%</strong>" in post["html"]
    withdrawn = next(p for p in data["posts"] if p["slug"] == "withdrawn")
    assert (withdrawn["status"], withdrawn["published_at"]) == ("draft", None)
    assert len(data["members"]) == 5 and len(data["tags"]) == 3
    active = next(m for m in data["members"] if m["email"] == "active@example.org")
    assert len([r for r in data["members_newsletters"] if r["member_id"] == active["id"]]) == 2
    document_md = parse_markdown_file(tmp_path / "out" / "articles" / "grid-queues.md")
    assert (document_md.authors, document_md.topics) == (
        ["Helen Park", "Omar Haddad"],
        ["Energy", "Trade"],
    )
    text = (tmp_path / "out" / "articles" / "tomorrow.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---")[1])["status"] == "scheduled"
    with (tmp_path / "out" / "subscribers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["email"] == "active@example.org"
    assert rows[0]["newsletters"] == "weekly-briefing|energy-digest"


def test_it_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="is not an empty folder"):
        export_all(tmp_path)
