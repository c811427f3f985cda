"""The search box and results page in headless chromium: accessible, and usable without JS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsdesk.publishing.models import Article
from tests.browser.conftest import NewTab
from tests.browser.test_accessibility import AXE_OPTIONS, BLOCKING, MODES, describe

pytestmark = [pytest.mark.browser]

PAGES = {
    "results": "/search/?q=grid+OR+water&topic=energy",
    "empty": "/search/?q=ransomwere",
    "blank": "/search/",
}


@pytest.mark.parametrize(
    ("mode", "name"), [pytest.param(m, p, id=f"{m}-{p}") for m in MODES for p in PAGES]
)
def test_search_pages_have_no_serious_axe_violations(
    demo: dict[str, Article], new_tab: NewTab, axe_js: Path, mode: str, name: str
) -> None:
    tab = new_tab(**MODES[mode])
    page = tab.open(PAGES[name])
    page.add_script_tag(path=axe_js)
    results: dict[str, Any] = page.evaluate("o => axe.run(document, o)", AXE_OPTIONS)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"{PAGES[name]} ({mode}):\n{describe(blocking)}"
    tab.assert_clean()


def test_the_header_box_searches_without_javascript(
    demo: dict[str, Article], new_tab: NewTab
) -> None:
    tab = new_tab(java_script_enabled=False)
    page = tab.open("/")
    page.get_by_label("Search articles").fill("ransomware")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=ransomware")
    assert page.locator(".search-result mark").first.inner_text().lower() == "ransomware"
    page.get_by_label("Topic", exact=True).select_option(label="Security")
    page.get_by_role("search", name="Search articles").get_by_role("button").click()
    page.wait_for_url("**/search/?q=ransomware&topic=security**")
    assert page.locator(".search-result").count() == 1
    tab.assert_clean()
