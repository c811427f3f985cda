"""The public pages fit a small phone and keep a readable column on a desktop."""

from __future__ import annotations

import pytest

from newsdesk.publishing.models import Article
from tests.browser.conftest import PAGES, NewTab

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
ARTICLE = PAGES["article-with-table"][0]

# Elements reaching past the right edge, to say what overflows when something does.
OVERFLOWING_JS = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 8)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
              + ' right=' + Math.round(e.getBoundingClientRect().right))"""


def test_it_never_scrolls_sideways_on_a_small_phone(
    demo: dict[str, Article], new_tab: NewTab
) -> None:
    # Mobile emulation honours <meta name="viewport">; a phone widens the layout viewport to
    # fit overflowing content, so the width to compare against is the device's, not innerWidth.
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    overflowing = {}
    for path, status, _ in PAGES.values():
        page = tab.open(path, status)
        inner, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
        if inner != PHONE["width"] or scroll > PHONE["width"]:
            overflowing[path] = (inner, scroll, page.evaluate(OVERFLOWING_JS, PHONE["width"]))
    assert overflowing == {}, "\n".join(
        f"{path}: innerWidth {inner}, scrollWidth {scroll}: {', '.join(culprits)}"
        for path, (inner, scroll, culprits) in overflowing.items()
    )
    tab.assert_clean()


def test_it_sets_article_text_at_16px_or_more_on_a_small_phone(
    demo: dict[str, Article], new_tab: NewTab
) -> None:
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = tab.open(PAGES["article-with-list"][0])
    sizes = page.eval_on_selector_all(
        ".prose p, .prose li, .prose blockquote",
        "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))",
    )
    assert len(sizes) > 10
    assert min(sizes) >= 16


def test_it_keeps_the_article_column_readable_on_a_desktop(
    demo: dict[str, Article], new_tab: NewTab
) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900})
    page = tab.open(ARTICLE)
    prose_width, prose_font, column_width, body_font = page.evaluate(
        """() => {
            const prose = document.querySelector('.prose');
            const column = prose.closest('.article-layout');
            return [prose.getBoundingClientRect().width,
                    parseFloat(getComputedStyle(prose).fontSize),
                    column.getBoundingClientRect().width,
                    parseFloat(getComputedStyle(document.body).fontSize)];
        }"""
    )
    # The spec's 40–45em column, in the body's em; the text inside it, in its own larger em.
    assert 40 <= column_width / body_font <= 45, (column_width, body_font)
    assert 35 <= prose_width / prose_font <= 46, (prose_width, prose_font)
