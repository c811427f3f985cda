"""A real HTTP server on loopback, in a thread, with routes a test sets up."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds between chunks of the body
    chunks: int = 1
    length: bool = True  # send Content-Length


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.hits.append(self.path)
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.length:
                self.send_header("Content-Length", str(len(route.body) * route.chunks))
            self.end_headers()
            try:
                for _ in range(route.chunks):
                    self.wfile.write(route.body)
                    self.wfile.flush()
                    if route.delay:
                        time.sleep(route.delay)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should on a slow or huge body

    return Handler


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer((host, 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
