"""Ctrl-C during `newsdesk manage extract`, in a real process: what finished stays finished."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.ops.process import CLI, cli_env, newsdesk


def finished(database: Path) -> dict[int, str]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT article_id, analyzed_at FROM knowledge_articleknowledge WHERE state = 'done'"
        )
        return dict(rows.fetchall())


def test_an_interrupted_extract_resumes_without_redoing_finished_articles(
    tmp_path: Path,
) -> None:
    database = tmp_path / "newsdesk.sqlite3"
    env = {"NEWSDESK_DATABASE_URL": f"sqlite:///{database}"}
    assert newsdesk(tmp_path, "manage", "migrate", "-v0", **env).returncode == 0
    assert newsdesk(tmp_path, "demo", **env).returncode == 0
    run = subprocess.Popen(
        [*CLI, "manage", "extract", "--quiet"],
        env=cli_env(tmp_path, **env),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300  # generous: spaCy loads slowly on a busy machine
    while not finished(database) and time.monotonic() < deadline:
        time.sleep(0.2)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode != 0
    assert "run again to resume" in stderr
    assert "Traceback" not in stderr
    before = finished(database)
    assert 0 < len(before) < 12

    again = newsdesk(tmp_path, "manage", "extract", "--quiet", **env)
    assert again.returncode == 0, again.stderr
    after = finished(database)
    assert len(after) == 12
    assert {pk: after[pk] for pk in before} == before  # not redone
    assert f"extracted {12 - len(before)} articles" in again.stdout
