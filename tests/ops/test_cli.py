"""The `newsdesk` command as users run it: a real process, its exit code and its output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ops.process import newsdesk

DEMO = Path(__file__).resolve().parents[2] / "src/newsdesk/publishing/demo"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    assert newsdesk(path, "manage", "migrate", "-v0").returncode == 0
    return path


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NEWSDESK_DATABASE_URL", "mysql://nope"),
        ("NEWSDESK_EMAIL_URL", "carrier-pigeon://"),
        ("NEWSDESK_DEBUG", "perhaps"),
        ("NEWSDESK_SITE_URL", "example.org"),
        ("NEWSDESK_CACHE_URL", "memcached://x"),
        ("NEWSDESK_SECRET_KEY", "short"),
    ],
)
def test_a_bad_setting_stops_with_one_line_naming_it(home: Path, variable: str, value: str) -> None:
    result = newsdesk(home, "worker", **{variable: value})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"newsdesk: configuration error: {variable}: ")


def test_demo_loads_once_and_again_without_duplicates(home: Path) -> None:
    first = newsdesk(home, "demo")
    assert first.returncode == 0, first.stderr
    assert "12 articles created" in first.stdout
    again = newsdesk(home, "demo")
    assert "0 articles created, 12 updated" in again.stdout
    skipped = newsdesk(home, "demo", "--if-empty")
    assert "not loaded" in skipped.stdout


def test_import_markdown_prints_json_and_fails_on_bad_files(home: Path, tmp_path: Path) -> None:
    newsdesk(home, "demo")
    good = tmp_path / "good.md"
    good.write_text((DEMO / "articles/02-mortgage-renewal-wave.md").read_text())
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: Bad\nauthor: Nobody\n---\nbody")
    result = newsdesk(home, "import", "markdown", str(good), str(bad), "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["created"], summary["updated"], summary["failed"]) == (0, 1, 1)
    assert "bad.md: author: no author named 'Nobody'" in summary["errors"][0]
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError")


def test_createeditor_reads_the_password_file_and_checks_it(home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a sufficiently long passphrase\n")
    ok = newsdesk(
        home, "createeditor", "--email", "Desk@Example.org", "--password-file", str(secret)
    )
    assert ok.returncode == 0 and "Created editor desk@example.org" in ok.stdout
    weak = tmp_path / "weak"
    weak.write_text("123\n")
    bad = newsdesk(home, "createeditor", "--email", "x@example.org", "--password-file", str(weak))
    assert bad.returncode != 0 and "password:" in bad.stderr
    no_email = newsdesk(
        home, "createeditor", "--email", "not-an-email", "--password-file", str(secret)
    )
    assert no_email.returncode != 0 and "is not an email address" in no_email.stderr
    no_tty = newsdesk(home, "createeditor", "--email", "y@example.org")
    assert no_tty.returncode != 0 and "--password-file" in no_tty.stderr


def test_help_lists_the_commands(home: Path) -> None:
    result = newsdesk(home, "--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "demo", "createeditor", "import", "manage"):
        assert f"  {command}" in result.stdout
