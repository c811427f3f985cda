"""`newsdesk import ...` and `newsdesk export` as real processes, as users run them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.conftest import FIXTURES
from tests.ops.process import newsdesk

WXR = str(FIXTURES / "newsroom.wxr.xml")


def test_import_and_export_from_the_command_line(tmp_path: Path) -> None:
    assert newsdesk(tmp_path, "manage", "migrate", "-v0").returncode == 0
    done = newsdesk(tmp_path, "import", "wxr", WXR, "--json")
    summary = json.loads(done.stdout)
    assert (summary["created"], summary["failed"], summary["dry_run"]) == (5, 1, False)
    assert summary["errors"] == ["newsroom.wxr.xml:137: a post with neither a title nor content"]
    assert done.returncode == 1 and done.stderr.strip().endswith("could not be imported")
    assert "Traceback" not in done.stderr
    out = tmp_path / "export"
    exported = newsdesk(tmp_path, "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "5 articles" in exported.stdout and (out / "articles" / "about.md").is_file()
    refused = newsdesk(tmp_path, "export", "--out", str(out))
    assert refused.returncode != 0 and "is not an empty folder" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_unreadable_sources_are_one_line_errors(tmp_path: Path) -> None:
    missing = newsdesk(tmp_path, "import", "ghost", str(tmp_path / "nothing.json"))
    assert missing.returncode != 0 and "no such file" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    bad = newsdesk(tmp_path, "import", "url", "http://x.org/", NEWSDESK_IMPORT_ALLOW_PRIVATE="no!")
    assert bad.returncode != 0 and "NEWSDESK_IMPORT_ALLOW_PRIVATE" in bad.stderr
    assert "Traceback" not in bad.stderr
