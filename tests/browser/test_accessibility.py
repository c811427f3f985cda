"""axe-core finds no serious or critical WCAG 2.1 AA problems on any public page, light or dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from newsdesk.publishing.models import Article
from tests.browser.conftest import PAGES, NewTab, Tab

pytestmark = [pytest.mark.browser]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    # Full node details for violations only: the rest is not read, and costs time.
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}
# Contrast differs between the colour schemes; overflow (and so keyboard access to scrolling
# regions) differs on a narrow screen.
MODES: dict[str, dict[str, Any]] = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "phone": {"color_scheme": "light", **PHONE},
}


@pytest.mark.parametrize(
    ("mode", "page_name"),
    [pytest.param(m, p, id=f"{m}-{p}") for m in MODES for p in PAGES],
)
def test_it_has_no_serious_axe_violations(
    demo: dict[str, Article], new_tab: NewTab, axe_js: Path, mode: str, page_name: str
) -> None:
    path, status, landmark = PAGES[page_name]
    tab = new_tab(**MODES[mode])
    page = tab.open(path, status)
    assert page.locator(landmark).count() > 0, f"{path} lacks {landmark}"
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert dark is (mode == "dark")
    page.add_script_tag(path=axe_js)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert results["passes"], "axe ran no checks"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"{path} ({mode}):\n{describe(blocking)}"
    tab.assert_clean()


def test_it_lets_keyboard_users_skip_to_the_content(demo: dict[str, Article], tab: Tab) -> None:
    page = tab.open(PAGES["article-with-list"][0])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, box  # shown on screen once focused
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")
    page.keyboard.press("Tab")
    # The next stop is the first link of the content, not the header's topic navigation.
    assert page.evaluate("document.activeElement === document.querySelector('main a')")
    tab.assert_clean()


# The visible colour of an element's text, its opacity applied, and the page background.
COLOURS_JS = """e => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    let opacity = 1;
    for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    return [rgb(getComputedStyle(e).color), opacity,
            rgb(getComputedStyle(document.body).backgroundColor)];
}"""


def luminance(rgb: list[float]) -> float:
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: list[float], opacity: float, bg: list[float]) -> float:
    seen = [f * opacity + b * (1 - opacity) for f, b in zip(fg, bg, strict=True)]
    dark, light = sorted([luminance(seen), luminance(bg)])
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_gives_heading_anchors_readable_contrast(
    demo: dict[str, Article], new_tab: NewTab, scheme: str
) -> None:
    # axe ignores punctuation-only text, so it never measures the "#" links beside headings.
    tab = new_tab(color_scheme=scheme)
    page = tab.open(PAGES["article-with-table"][0])
    anchors = page.locator(".prose .heading-anchor")
    assert anchors.count() >= 3
    fg, opacity, bg = anchors.first.evaluate(COLOURS_JS)
    assert contrast(fg, opacity, bg) >= 4.5, (fg, opacity, bg)
