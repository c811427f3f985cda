"""`newsdesk manage related` as a real process, on a terminal and in a pipe."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from tests.ops.process import CLI, cli_env, newsdesk


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("related-cli")
    assert newsdesk(path, "manage", "migrate", "-v0").returncode == 0
    assert newsdesk(path, "demo").returncode == 0
    return path


def test_rebuild_in_a_pipe_prints_plain_lines(home: Path) -> None:
    result = newsdesk(home, "manage", "related", "--rebuild")
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stdout
    assert re.search(r"^linking: (\d+)/\1 \(100%", result.stdout, re.MULTILINE)
    assert re.match(
        r"related: \d+ articles, \d+ terms, \d+ links in ", result.stdout.splitlines()[-1]
    )
    shown = newsdesk(home, "manage", "related", "--article", "grid-data-centre-boom")
    assert shown.returncode == 0 and shown.stdout.strip(), shown.stderr


def test_rebuild_on_a_terminal_draws_a_bar(home: Path) -> None:
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [*CLI, "manage", "related", "--rebuild"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=cli_env(home),
        cwd=home,
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
    os.close(leader)
    screen = b"".join(chunks).decode()
    assert re.search(r"\rlinking +\[#{30}\] +(\d+)/\1 ", screen)
    assert "\nrelated: " in screen


def test_an_unknown_article_exits_non_zero_with_one_line(home: Path) -> None:
    result = newsdesk(home, "manage", "related", "--article", "no-such-piece")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: no article with the slug 'no-such-piece'"
    ]
