"""Markdown to safe HTML, with heading anchors and a table of contents.

Editors may write raw HTML inside Markdown (imports bring plenty of it); everything goes through
an allowlist sanitizer afterwards, so what reaches a reader can never run script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsdesk.lib.text import count_words, slugify

ANCHORED_LEVELS = (2, 3)

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "del", "dd", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "class", "aria-label"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: str
    headings: list[Heading]
    words: int


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Raw HTML `<h1>` in a body would compete with the page title; demote every h1 to h2.
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


def _render_heading_open(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    token = tokens[idx]
    anchor = token.attrGet("id")
    tag = "h2" if token.tag == "h1" else token.tag
    return f'<{tag} id="{anchor}">' if anchor else f"<{tag}>"


def _render_heading_close(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    token = tokens[idx]
    tag = "h2" if token.tag == "h1" else token.tag
    anchor = tokens[idx - 2].attrGet("id")
    if not anchor:
        return f"</{tag}>\n"
    label = html.escape(f"Link to this section: {tokens[idx - 2].meta['text']}", quote=True)
    return f' <a class="heading-anchor" href="#{anchor}" aria-label="{label}">#</a></{tag}>\n'


_MD = _parser()


def _assign_anchors(tokens: list[Token]) -> list[Heading]:
    headings: list[Heading] = []
    seen: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = 2 if token.tag == "h1" else int(token.tag[1])
        if level not in ANCHORED_LEVELS:
            continue
        inline = tokens[index + 1]
        text = "".join(
            child.content
            for child in inline.children or []
            if child.type in {"text", "code_inline"}
        ).strip()
        base = slugify(text, max_length=60)
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        token.attrSet("id", anchor)
        token.meta["text"] = text
        headings.append(Heading(level=level, anchor=anchor, text=text))
    return headings


def sanitize_html(dirty: str) -> str:
    return nh3.clean(
        dirty,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, entities decoded."""
    return html.unescape(nh3.clean(fragment, tags=set()))


# A wide table scrolls sideways on a phone; a keyboard can only scroll a region it can focus.
_TABLE_OPEN = '<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>'


def render_markdown(source: str) -> RenderedBody:
    tokens = _MD.parse(source)
    headings = _assign_anchors(tokens)
    safe = sanitize_html(_MD.renderer.render(tokens, _MD.options, {}))
    words = count_words(plain_text(safe))
    # After sanitizing, "<table>" can only be a real tag of ours: the wrapper is safe to add.
    safe = safe.replace("<table>", _TABLE_OPEN).replace("</table>", "</table></div>")
    return RenderedBody(html=safe, headings=headings, words=words)
