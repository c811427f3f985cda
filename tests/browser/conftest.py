"""Real-browser fixtures: one headless Chromium per session, a fresh context per test.

Every context routes all requests through `Tab`, which lets loopback traffic through and aborts
(and records) anything else, so no test can reach the network or hide a call home. Console
errors, page errors, failed requests and dialogs are collected for tests to assert on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    Route,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from newsdesk.ops.demo import load_demo
from newsdesk.publishing.models import Article
from tests.knowledge import rows

CHROMIUM = "/usr/bin/chromium"
# Root in a container, no GPU, and no internet: background networking must stay off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "scripts/axe/node_modules/axe-core/axe.min.js"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# Every kind of public page of the demo site: (path, HTTP status, what must be on it). The two
# articles are there for their table and their bulleted list; the first also has the knowledge
# sections (voices, key figures, timeline) that `demo` seeds.
PAGES = {
    "home": ("/", 200, ".featured .card"),
    "article-with-table": ("/articles/war-risk-premiums-shipping-routes/", 200, ".prose table"),
    "article-with-list": ("/articles/ransomware-small-water-utilities/", 200, ".prose ul li"),
    "topic": ("/topics/energy/", 200, ".card"),
    "author": ("/authors/helena-marsh/", 200, ".card"),
    "archive": ("/archive/", 200, ".archive-months li"),
    "archive-month": ("/archive/2026/10/", 200, ".card"),
    "newsletter": ("/newsletter/", 200, "form.signup-form"),
    "entities": ("/entities/", 200, ".entity-list li"),
    "entity-directory": ("/entities/people/?q=liv", 200, ".entity-list li"),
    "entity": ("/entities/liv-mortensen/", 200, ".entity-quotes li"),
    "not-found": ("/no-such-page/", 404, ".error-page h1"),
}


@dataclass
class Tab:
    """A page in its own browser context, with a record of everything that went wrong in it."""

    context: BrowserContext
    page: Page
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (message, source URL)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    expected_failures: set[str] = field(default_factory=set)

    def open(self, path: str, status: int = 200) -> Page:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        if status >= 400:
            self.expected_failures.add(response.url)
        return self.page

    def problems(self) -> list[str]:
        # Chromium logs a failed document load as a console error; `open` already checked it.
        console = [text for text, url in self.console_errors if url not in self.expected_failures]
        return [
            *console,
            *(f"failed: {r}" for r in self.failed_requests),
            *(f"external request: {r}" for r in self.external_requests),
            *(f"dialog: {d}" for d in self.dialogs),
        ]

    def assert_clean(self) -> None:
        assert self.problems() == [], "\n".join(self.problems())

    # Event handlers, wired up by the `new_tab` fixture.
    def _route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.hostname not in LOOPBACK:
            self.external_requests.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append((f"console: {message.text}", message.location["url"]))

    def _page_error(self, error: Exception) -> None:
        self.console_errors.append((f"page error: {error}", ""))

    def _request_failed(self, request: Request) -> None:
        if urlsplit(request.url).hostname in LOOPBACK:
            self.failed_requests.append(f"{request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        # Documents are checked by `open`; this catches broken stylesheets, scripts, images.
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


NewTab = Callable[..., Tab]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an asyncio loop running in the main thread for as long as the
    # browser is open, and Django then refuses every ORM call there (SynchronousOnlyOperation),
    # including pytest-django's own flush between tests. Nothing here runs concurrently with
    # the ORM in that thread, so the check is lifted while the browser lives, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_tab(browser: Browser, live_server: LiveServer) -> Iterator[NewTab]:
    contexts: list[BrowserContext] = []

    def make(**context_options: Any) -> Tab:
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        tab = Tab(context=context, page=context.new_page())
        context.route("**/*", tab._route)
        tab.page.on("console", tab._console)
        tab.page.on("pageerror", tab._page_error)
        tab.page.on("requestfailed", tab._request_failed)
        tab.page.on("response", tab._response)
        tab.page.on("dialog", tab._dialog)
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: NewTab) -> Tab:
    return new_tab()


@pytest.fixture
def demo(transactional_db: None, live_server: LiveServer) -> dict[str, Article]:
    """The demo site (12 articles, 3 featured, 1 draft), by slug."""
    report = load_demo()
    assert report.errors == [], report.errors
    # What extraction stores, made directly: browser tests check pages, not spaCy.
    rows.seed_demo(Article.objects.get(slug="war-risk-premiums-shipping-routes"))
    return {article.slug: article for article in Article.objects.all()}


@pytest.fixture(scope="session")
def axe_js() -> Path:
    # A missing axe-core fails the run: skipping would pass a build that checked nothing.
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}); install it with `bash scripts/ensure-test-deps.sh` "
            "(`make test-browser` does this first)",
            pytrace=False,
        )
    return AXE_JS
