from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newsdesk.lib.markdown import render_markdown


def test_it_renders_markdown_with_heading_anchors_and_a_toc() -> None:
    body = "Intro.\n\n## Why it *matters*\n\nText.\n\n### A detail\n\n## Why it matters\n"
    rendered = render_markdown(body)
    assert '<h2 id="why-it-matters">Why it <em>matters</em>' in rendered.html
    assert '<h3 id="a-detail">' in rendered.html
    assert '<h2 id="why-it-matters-2">' in rendered.html
    assert [(h.level, h.anchor, h.text) for h in rendered.headings] == [
        (2, "why-it-matters", "Why it matters"),
        (3, "a-detail", "A detail"),
        (2, "why-it-matters-2", "Why it matters"),
    ]
    assert 'href="#why-it-matters"' in rendered.html


def test_it_demotes_a_body_h1_below_the_page_title() -> None:
    assert "<h1" not in render_markdown("# Big\n\ntext").html


def test_it_renders_tables_in_a_keyboard_scrollable_region() -> None:
    html = render_markdown("| a | b |\n|:-|-:|\n| 1 | 2 |\n").html
    assert '<td style="text-align:right">2</td>' in html
    assert html.startswith('<div class="table-scroll" role="region" tabindex="0"')
    assert html.rstrip().endswith("</table></div>")


def test_a_raw_table_tag_cannot_smuggle_attributes_into_the_wrapper() -> None:
    html = render_markdown('<table onmouseover="x()"><tr><td>1</td></tr></table>').html
    assert "onmouseover" not in html
    assert html.count('class="table-scroll"') == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<svg onload="alert(1)"><circle r="4"/></svg>',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<a href="vbscript:msgbox(1)">x</a>',
        "<object data='x.swf'></object><embed src='x.swf'>",
        '<form action="https://evil.example/"><input name="p"></form>',
    ],
)
def test_it_neutralizes_hostile_markup(hostile: str) -> None:
    audit = _Audit()
    audit.feed(render_markdown(f"Before.\n\n{hostile}\n\nAfter.").html)
    assert audit.tags <= SAFE_TAGS, audit.tags - SAFE_TAGS
    assert not audit.problems


SAFE_SCHEMES = ("http:", "https:", "mailto:")
SAFE_TAGS = {"p", "a", "img", "em", "strong", "table", "tr", "td", "th", "tbody", "thead"}


class _Audit(HTMLParser):
    """Every element and attribute of the output, judged as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or (name == "style" and "url(" in value):
                self.problems.append(f"{tag}[{name}]")
            has_scheme = ":" in value.split("/")[0]
            if name in {"href", "src"} and has_scheme and not value.startswith(SAFE_SCHEMES):
                self.problems.append(f"{tag}[{name}={value}]")


def test_it_counts_words_of_the_text_not_the_markup() -> None:
    rendered = render_markdown("## Two words\n\nThree more *words*, [link](https://x.org).")
    assert rendered.words == 6


def test_it_renders_a_five_megabyte_body() -> None:
    paragraph = "Exports fell from 48 a quarter to 12, officials said. " * 20
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(4_800))
    assert len(body) > 5_000_000
    rendered = render_markdown(body)
    assert rendered.words > 900_000
    assert len(rendered.headings) == 4_800
