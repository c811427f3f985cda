"""A reader without JavaScript gets the whole article, its related reading and the signup form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsdesk.publishing.models import Article
from tests.browser.conftest import NewTab

pytestmark = [pytest.mark.browser]


def test_it_shows_an_article_with_javascript_disabled(
    demo: dict[str, Article], new_tab: NewTab
) -> None:
    article = demo["grid-data-centre-boom"]
    tab = new_tab(java_script_enabled=False)
    page = tab.open(article.get_absolute_url())
    # Playwright's own evaluate still works; the page's scripts would not.
    assert page.evaluate("matchMedia('(scripting: none)').matches") is True

    expect(page.locator("h1")).to_have_text(article.title)
    expect(page.locator(".dek").first).to_have_text(article.dek)
    paragraphs = page.locator(".prose > p")
    assert paragraphs.count() >= 5
    for i in range(paragraphs.count()):
        expect(paragraphs.nth(i)).to_be_visible()
    expect(paragraphs.first).to_contain_text("In eighteen months")

    expect(page.get_by_role("heading", name="Related articles")).to_be_visible()
    related = page.locator(".related li > a")
    assert related.count() >= 1
    for i in range(related.count()):
        expect(related.nth(i)).to_be_visible()

    form = page.locator("form.signup-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Email address")).to_be_visible()
    expect(form.get_by_role("button", name="Subscribe")).to_be_visible()
    tab.assert_clean()
