"""The README screenshot, made on demand: NEWSDESK_SCREENSHOT=1 pytest -m browser -k screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.publishing.models import Article
from tests.browser.conftest import NewTab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.environ.get("NEWSDESK_SCREENSHOT"), reason="set NEWSDESK_SCREENSHOT=1 to refresh"
    ),
]

README_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
WIDTH, HEIGHT = 1280, 1400
MAX_BYTES = 400_000


def test_it_takes_the_readme_screenshots(
    demo: dict[str, Article], new_tab: NewTab, tmp_path: Path
) -> None:
    tab = new_tab(viewport={"width": WIDTH, "height": HEIGHT}, color_scheme="light")
    home = tmp_path / "home.png"
    tab.open("/").screenshot(path=home, clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})

    page = tab.open(demo["war-risk-premiums-shipping-routes"].get_absolute_url())
    page.evaluate("document.fonts.ready")
    README_SHOT.parent.mkdir(exist_ok=True)
    page.screenshot(
        path=README_SHOT, type="png", clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
    )
    print(f"\nREADME screenshot: {README_SHOT}\nhome page: {home}")
    assert README_SHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert README_SHOT.stat().st_size < MAX_BYTES
    tab.assert_clean()
