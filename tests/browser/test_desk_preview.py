"""The desk's live Markdown preview, driven through a real sign-in and a real keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.models import User
from tests.browser.conftest import Tab
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

MARKDOWN = "## Heading\n\nSome **bold** words.\n\n<script>window.__pwned=1</script>\n\nThe end."


def test_it_previews_markdown_as_an_editor_types(editor: User, tab: Tab) -> None:
    page = tab.open("/admin/login/?next=/admin/publishing/article/add/")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/publishing/article/add/")

    body = page.locator("textarea.markdown-editor")
    preview = page.locator(".markdown-preview")
    expect(preview).to_be_attached()
    body.press_sequentially(MARKDOWN)

    expect(preview).to_contain_text("The end.")
    expect(preview.locator("h2")).to_contain_text("Heading")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    tab.assert_clean()
