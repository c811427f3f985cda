"""HTML to our Markdown, and WordPress content to HTML: pure functions, no database."""

from __future__ import annotations

import pytest

from newsdesk.ingest.htmlmd import html_to_markdown
from newsdesk.ingest.sources.wpcontent import autop, expand_shortcodes, to_html
from newsdesk.lib.markdown import render_markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h1>Top</h1><h3>Sub</h3>", "## Top\n\n### Sub\n"),
        ("<p>a <b>b</b> <i>c</i> <code>d`e</code></p>", "a **b** *c* ``d`e``\n"),
        ('<p><a href="/x" title="T">go</a></p>', '[go](/x "T")\n'),
        ('<p><a href="javascript:alert(1)">no</a></p>', "no\n"),
        ('<img src="/i.png" alt="A [b]">', "![A \\[b\\]](/i.png)\n"),
        ("<ul><li>a<ol><li>b</li></ol></li></ul>", "- a\n  1. b\n"),
        ('<ol start="4"><li>x</li><li>y</li></ol>', "4. x\n5. y\n"),
        ("<blockquote><p>q</p><p>r</p></blockquote>", "> q\n>\n> r\n"),
        ('<pre><code class="language-py">x = 1</code></pre>', "```py\nx = 1\n```\n"),
        ("<p>1. not a list</p><p># not a heading</p>", "1\\. not a list\n\n\\# not a heading\n"),
        ("<p>*stars* and _under_ &lt;tag&gt;</p>", "\\*stars\\* and \\_under\\_ \\<tag\\>\n"),
        ("<p>one<br>two</p>", "one\\\ntwo\n"),
        ("<table><tr><th>a</th><th>b|c</th></tr><tr><td>1</td><td>2</td></tr></table>",
         "| a | b\\|c |\n|---|---|\n| 1 | 2 |\n"),
        ('<table><tr><td rowspan="2" class="x">m</td></tr></table>',
         '<table><tr><td rowspan="2">m</td></tr></table>\n'),
        ("<script>evil()</script><style>p{}</style><p>kept</p>", "kept\n"),
        ('<iframe src="https://video.example.org/e/1"></iframe>',
         "[https://video.example.org/e/1](https://video.example.org/e/1)\n"),
        ("<p>H<sub>2</sub>O</p>", "H<sub>2</sub>O\n"),
        ("", ""),
    ],
)  # fmt: skip
def test_html_becomes_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_links_and_images_can_be_rewritten() -> None:
    md = html_to_markdown(
        '<p><a href="https://old.example/a/">a</a> <img src="https://old.example/i.png"></p>',
        rewrite_url=lambda url: url.replace("https://old.example", ""),
    )
    assert md == "[a](/a/) ![](/i.png)\n"


@pytest.mark.parametrize(
    "html",
    [
        "<p>Ratio of 3 * 4 and [brackets] with `ticks` and <em>emphasis</em> & more.</p>",
        "<ul><li><p>para one</p><p>para two</p></li><li>b</li></ul>",
        "<h2>Title with <a href='/x'>link</a></h2><p>text</p><hr><p>after</p>",
    ],
)
def test_the_markdown_renders_to_the_same_text(html: str) -> None:
    rendered = render_markdown(html_to_markdown(html)).html
    for word in ("para", "Ratio", "brackets", "ticks", "emphasis", "after", "link"):
        assert (word in html) == (word in rendered)


def test_classic_content_gets_paragraphs_and_breaks() -> None:
    assert autop("One\ntwo\n\n<h2>Head</h2>\n\nThree") == (
        "<p>One<br>\ntwo</p>\n\n<h2>Head</h2>\n\n<p>Three</p>"
    )
    assert autop("<pre>a\n\nb</pre>\n\nc") == "<pre>a\n\nb</pre>\n\n<p>c</p>"


def test_shortcodes_expand_and_unknown_brackets_stay() -> None:
    caption = '[caption id="a" width="300"]<img src="/q.jpg" alt="Q"> The quay[/caption]'
    assert expand_shortcodes(caption).strip() == (
        '<figure><img src="/q.jpg" alt="Q"><figcaption>The quay</figcaption></figure>'
    )
    assert expand_shortcodes("[embed]https://v.example/1[/embed]").strip() == (
        '<p><a href="https://v.example/1">https://v.example/1</a></p>'
    )
    assert expand_shortcodes('[gallery ids="1,2"] [sic] [[gallery]]') == " [sic] [gallery]"


def test_block_editor_content_is_left_to_the_html_parser() -> None:
    content = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->"
    assert to_html(content) == content
    assert html_to_markdown(to_html(content)) == "Hi\n"
