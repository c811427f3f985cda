"""`newsdesk subscribers ...` and `newsdesk campaign ...` as real processes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.ops.process import newsdesk

SETUP = """
from django.utils import timezone
from newsdesk.publishing import services
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic
author = Author.objects.create(name="Cli Tester", slug="cli-tester")
Topic.objects.create(name="Energy", slug="energy")
article = Article(title="Cli test", slug="cli-test", body="Text.", status="published",
                  published_at=timezone.now())
services.article_save(article=article, user=None)
ArticleAuthor.objects.create(article=article, author=author)
"""
CSV = """email,name,status,newsletters,topics,created_at
ann@example.com,Ann,active,weekly-briefing|every-new-analysis,energy,2025-03-01T10:00:00+00:00
not-an-address,Nope,,,,
bob@example.org,"Bob ""B"", Jr.",unsubscribed,weekly-briefing,,
cy@example.net,Cy,,no-such-list,,
dee@example.com,,,,,
ann@example.com,Ann again,,,,
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("newsletter-cli")
    assert newsdesk(path, "manage", "migrate", "-v0").returncode == 0
    made = newsdesk(path, "manage", "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    return path


def _export(home: Path) -> dict[str, dict[str, str]]:
    result = newsdesk(home, "subscribers", "export")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == [
        "email",
        "name",
        "status",
        "newsletters",
        "topics",
        "created_at",
    ]
    return {row["email"]: row for row in rows}


def test_import_keeps_good_rows_and_reports_bad_ones_by_line(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(CSV)
    result = newsdesk(home, "subscribers", "import", str(source), "--confirmed")
    assert result.returncode == 1
    assert "3 created, 0 updated, 3 failed" in result.stdout
    errors = [line for line in result.stderr.splitlines() if "line" in line]
    assert errors == [
        f"{source}: line 3: 'not-an-address' is not an email address",
        f"{source}: line 5: no newsletter 'no-such-list'",
        f"{source}: line 7: ann@example.com is already on line 2",
    ]
    people = _export(home)
    assert people["ann@example.com"]["newsletters"] == "weekly-briefing|every-new-analysis"
    assert people["ann@example.com"]["topics"] == "energy"
    assert people["ann@example.com"]["created_at"].startswith("2025-03-01T10:00:00")
    assert people["bob@example.org"]["name"] == 'Bob "B", Jr.'
    assert people["bob@example.org"]["status"] == "unsubscribed"
    assert people["dee@example.com"]["status"] == "active"
    assert people["dee@example.com"]["newsletters"] == "weekly-briefing"  # the default


def test_import_without_confirmed_asks_each_new_address_to_opt_in(
    home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "new.csv"
    source.write_text("email\nnew1@example.com\nnew2@example.com\n")
    assert newsdesk(home, "subscribers", "import", str(source)).returncode == 0
    assert {p["status"] for e, p in _export(home).items() if e.startswith("new")} == {"pending"}
    sent = newsdesk(home, "worker", "--drain")
    assert sent.returncode == 0
    outbox = newsdesk(home, "manage", "shell", "-c",
                      "from newsdesk.newsletter.models import OutboxMessage as O;"
                      "print(sorted(O.objects.values_list('recipient', flat=True)))")  # fmt: skip
    assert "['new1@example.com', 'new2@example.com']" in outbox.stdout


def test_an_unreadable_file_stops_with_one_line(home: Path, tmp_path: Path) -> None:
    headless = tmp_path / "headless.csv"
    headless.write_text("someone@example.com,Someone\n")
    for args in (["import", str(tmp_path / "missing.csv")], ["import", str(headless)]):
        result = newsdesk(home, "subscribers", *args)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_campaign_send_prints_an_id_and_status_prints_the_contract_json(home: Path) -> None:
    sent = newsdesk(home, "campaign", "send", "--article", "cli-test")
    assert sent.returncode == 0, sent.stderr
    campaign_id = int(sent.stdout.strip())
    status = newsdesk(home, "campaign", "status", str(campaign_id), "--json")
    assert json.loads(status.stdout) == {
        "id": campaign_id, "state": "scheduled", "total": 0, "sent": 0, "failed": 0, "bounced": 0,
    }  # fmt: skip
    assert newsdesk(home, "worker", "--drain").returncode == 0
    done = json.loads(newsdesk(home, "campaign", "status", str(campaign_id), "--json").stdout)
    assert done["state"] == "done" and done["sent"] == done["total"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["campaign", "send", "--article", "nope"], "no published article"),
        (["campaign", "send", "--article", "cli-test", "--newsletter", "nope"], "no active"),
        (["campaign", "status", "999", "--json"], "no campaign with id 999"),
        (["campaign", "resume", "999"], "no campaign"),
    ],
)
def test_campaign_mistakes_stop_with_one_line(home: Path, args: list[str], message: str) -> None:
    result = newsdesk(home, *args)
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("variable", "value"),
    [("NEWSDESK_EMAIL_CONNECTIONS", "0"), ("NEWSDESK_EMAIL_FROM", "not an address")],
)
def test_a_bad_email_setting_stops_with_one_line(home: Path, variable: str, value: str) -> None:
    result = newsdesk(home, "worker", "--drain", **{variable: value})
    assert result.returncode == 2
    assert result.stderr.startswith(f"newsdesk: configuration error: {variable}: ")
    assert result.stderr.count("\n") == 1
