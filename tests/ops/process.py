"""Running `newsdesk` as its own process, as users and process managers do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "newsdesk.cli"]


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment without the test session's Newsdesk and Django settings."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    return {**inherited, "NEWSDESK_HOME": str(home), **extra}


def newsdesk(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        env=cli_env(home, **env),
        cwd=home,
        timeout=120,
        check=False,
    )
