"""`newsdesk serve` as a real gunicorn process on loopback."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ops.process import CLI, cli_env, newsdesk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextmanager
def serving(home: Path, **env: str) -> Iterator[str]:
    port = free_port()
    command = [*CLI, "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        command, env=cli_env(home, **env), cwd=home, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=1)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_it_serves_pages_and_compressed_static_files(tmp_path: Path) -> None:
    assert newsdesk(tmp_path, "manage", "migrate", "-v0").returncode == 0
    assert newsdesk(tmp_path, "demo").returncode == 0
    with serving(tmp_path) as base:
        status, home = get(f"{base}/")
        assert status == 200 and "Latest analysis" in home
        css = home.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/newsdesk/site.") and css.endswith(".css")  # hashed name
        request = urllib.request.Request(base + css, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "max-age=315360000" in response.headers["Cache-Control"]
        assert get(f"{base}/healthz") == (200, "ok\n")


def test_a_database_that_is_away_gives_a_503_health_and_a_themed_error(tmp_path: Path) -> None:
    unreachable = f"postgres://nobody@127.0.0.1:{free_port()}/gone"
    with serving(tmp_path, NEWSDESK_DATABASE_URL=unreachable) as base:
        assert get(f"{base}/healthz") == (503, "database unavailable\n")
        status, page = get(f"{base}/")
        assert status == 500
        assert "Something went wrong on our side" in page
        assert "Traceback" not in page
