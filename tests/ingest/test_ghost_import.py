"""`import ghost` with an export written for these tests, images and members included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from newsdesk.ingest.services import import_source
from newsdesk.newsletter.models import Newsletter, Subscriber
from newsdesk.publishing.models import Article, Author, Topic
from tests.ingest.conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path: Path, media_root: Path) -> Path:
    """The JSON beside content/images/, as in an unpacked Ghost export."""
    folder = tmp_path / "ghost-export"
    images = folder / "content" / "images" / "2024" / "05"
    images.mkdir(parents=True)
    for name, colour in [("lighthouse", "navy"), ("stairs", "grey"), ("ines", "teal")]:
        Image.new("RGB", (1200, 800), colour).save(images / f"{name}.png")
    shutil.copy(FIXTURES / "lighthouse.ghost.json", folder / "ghost.json")
    return folder / "ghost.json"


def test_it_imports_posts_with_their_people_and_tags(export: Path, media_root: Path) -> None:
    report = import_source(kind="ghost", target=str(export))
    assert report.errors == [
        "ghost.json: posts[6]: status 'archived-forever' is not published, scheduled, draft "
        "or sent",
        "ghost.json: members[3]: 'not an address' is not an email address",
    ]
    keeper = Article.objects.get(slug="last-keeper-skerry-light")
    assert keeper.is_live and keeper.featured
    assert [a.name for a in keeper.byline_authors()] == ["Ines Calder", "Per Lund"]
    assert [t.slug for t in keeper.topics.all()] == ["coasts"]  # the internal tag stays out
    assert keeper.dek == "One woman, 143 steps, and a lamp that no longer needs her."
    assert (keeper.seo_title, keeper.hero_alt) == (
        "Skerry Light's last keeper",
        "The lighthouse at dusk",
    )
    assert keeper.hero_image.name == "2024/05/lighthouse.png"
    assert (media_root / "2024/05/lighthouse.png").is_file()
    assert keeper.hero_renditions  # made by the publishing service, as for any hero image
    assert Author.objects.get(slug="ines").avatar.name == "2024/05/ines.png"
    assert Topic.objects.get(slug="coasts").description == "Where land gives up."


def test_bodies_come_from_markdown_cards_or_html(export: Path) -> None:
    import_source(kind="ghost", target=str(export))
    fog = Article.objects.get(slug="fog-signals")
    assert fog.body == (
        "A diaphragm horn needs **compressed air**.\n\n## Timing\n\nTwo blasts every 60 seconds.\n"
    )
    body = Article.objects.get(slug="last-keeper-skerry-light").body
    assert "![The spiral stair](/media/2024/05/stairs.png)" in body
    assert "*The stair, from the lamp room.*" in body
    assert "1. Wind at dawn\n2. Ships passing" in body
    assert "[how the fog signal works](/articles/fog-signals/)" in body
    assert "[more on coasts](/topics/coasts/)" in body
    assert "Open to visitors on Sundays." in body


def test_statuses_map_to_ours(export: Path) -> None:
    import_source(kind="ghost", target=str(export))
    status = dict(Article.objects.values_list("slug", "status"))
    assert status == {
        "last-keeper-skerry-light": "published",
        "fog-signals": "published",
        "winter-storms": "draft",
        "midsummer-night-watch": "scheduled",
        "visiting": "draft",  # a page: a draft with the topic "Pages"
        "members-letter": "unpublished",  # sent by email only
    }
    assert [t.slug for t in Article.objects.get(slug="visiting").topics.all()] == ["pages"]


def test_members_keep_their_newsletter_choices(export: Path) -> None:
    report = import_source(kind="ghost", target=str(export))
    one = Subscriber.objects.get(email="reader.one@example.org")
    assert (one.status, one.name) == ("active", "Reader One")
    assert sorted(n.slug for n in one.newsletters.all()) == ["keepers-log", "old-charts"]
    assert one.created_at.isoformat() == "2024-02-01T09:00:00+00:00"
    assert Subscriber.objects.get(email="gone@example.org").status == "unsubscribed"
    assert Subscriber.objects.get(email="bounces@example.org").status == "bounced"
    charts = Newsletter.objects.get(slug="old-charts")
    assert not charts.active and Newsletter.objects.get(slug="keepers-log").default
    assert report.kinds["member"]["created"] == 3


def test_reimporting_changes_nothing(export: Path) -> None:
    import_source(kind="ghost", target=str(export))
    again = import_source(kind="ghost", target=str(export))
    assert (again.created, again.updated, len(again.unchanged)) == ([], [], 6)
    assert set(again.kinds["member"]) == {"created", "updated", "unchanged"}
    assert again.kinds["member"]["unchanged"] == 3
    assert Subscriber.objects.count() == 3 and Article.objects.count() == 6


def test_remote_images_are_reported_not_fetched(export: Path) -> None:
    report = import_source(kind="ghost", target=str(export))
    assert any("https://cdn.example.net/per.jpg" in note for note in report.notes)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "ghost.json:1: not JSON"),
        ('{"pages": []}', "ghost.json: not a Ghost export"),
    ],
)
def test_an_unreadable_file_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ghost.json"
    path.write_text(content, encoding="utf-8")
    report = import_source(kind="ghost", target=str(path))
    assert report.errors and report.errors[0].startswith(message)
