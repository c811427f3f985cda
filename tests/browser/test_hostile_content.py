"""Script smuggled into an article's Markdown, title or dek stays inert in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NewTab
from tests.conftest import MakeArticle

pytestmark = [pytest.mark.browser]

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[a](javascript:window.__pwned=3)",
    '<a href="javascript:window.__pwned=4">click</a>',
    '<svg onload="window.__pwned=5"></svg>',
    '<iframe src="javascript:window.__pwned=6"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=7</script>"></iframe>',
    '<details open ontoggle="window.__pwned=9"><summary>s</summary>d</details>',
    "![x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xMDwvc2NyaXB0Pg==)",
    '<object data="data:text/html,<script>parent.__pwned=11</script>"></object>',
    '<a href="https://ok.example/" style="position:fixed;inset:0">overlay</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<a href="jav&#x09;ascript:window.__pwned=14">tab</a>',
    "[b](JaVaScRiPt:window.__pwned=15)",
    '<form action="https://evil.example/"><button formaction="javascript:window.__pwned=16">'
    "go</button><input autofocus onfocus=window.__pwned=17></form>",
    "<style>@import 'https://evil.example/x.css'; body{background:url(https://evil.example/b)}"
    "</style>",
    '<link rel="stylesheet" href="https://evil.example/l.css"><base href="https://evil.example/">',
    '| a |\n|---|\n| <span style="background:url(https://evil.example/t)">cell</span> |',
    '<p style="background:url(https://evil.example/p)">styled</p>',
    # Last: the unclosed <style> of this mutation-XSS classic swallows whatever follows it.
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=8>",
]
TITLE = "Danger</title><script>window.__pwned=12</script>"
DEK = '"><img src=x onerror=window.__pwned=13>'

FORBIDDEN = "script, iframe, object, embed, svg, math, style, link, meta, base, form, input"
# Every element carrying an event handler or inline style attribute, in the whole document.
HANDLERS_JS = """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith('on') || (a.name === 'style' && e.closest('.prose')))
    .map(a => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`))"""


def test_it_renders_hostile_markdown_inert(make_article: MakeArticle, new_tab: NewTab) -> None:
    # A marker after each payload proves the browser really received what came before it.
    body = "## Payloads\n\n" + "\n\n".join(f"{p}\n\nMarker {n}." for n, p in enumerate(PAYLOADS))
    article = make_article(title=TITLE, dek=DEK, slug="hostile", body=body)
    tab = new_tab()
    page = tab.open(article.get_absolute_url())
    url = page.url
    page.wait_for_timeout(500)  # time for a refresh, an onerror or an ontoggle to fire
    assert (page.url, tab.external_requests) == (url, [])

    links = page.locator(".prose a[href]")
    protocols = links.evaluate_all("links => links.map(a => a.protocol)")
    scripted = [i for i, protocol in enumerate(protocols) if protocol not in {"http:", "https:"}]
    hrefs = [links.nth(i).get_attribute("href") for i in scripted]
    for i in scripted:
        # Not .click(): an overlay that survived would intercept the pointer and time it out.
        links.nth(i).dispatch_event("click")
    page.wait_for_timeout(100 if scripted else 0)

    pwned = [frame.evaluate("String(window.__pwned)") for frame in page.frames]
    assert pwned == ["undefined"], pwned
    assert tab.dialogs == []
    assert tab.external_requests == []
    assert page.url == url
    assert tab.context.pages == [page]
    assert hrefs == []
    prose = page.locator(".prose")
    assert prose.locator(FORBIDDEN).count() == 0, prose.inner_html()
    assert page.evaluate(HANDLERS_JS) == []
    # The page's only script is the JSON-LD block, and the title and dek stayed text.
    assert page.eval_on_selector_all("script", "s => s.map(e => e.type)") == ["application/ld+json"]
    assert page.title().startswith(TITLE)
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".article-header .dek").inner_text() == DEK
    text = prose.inner_text()
    last = len(PAYLOADS) - 1
    assert [n for n in range(last) if f"Marker {n}." not in text] == []
    overlay = page.get_by_role("link", name="overlay")
    assert overlay.evaluate("a => getComputedStyle(a).position") == "static"
