"""HTML (from WordPress, Ghost, feeds) to the Markdown our editor and renderer speak.

Headings, paragraphs, emphasis, links, images, lists, block quotes, code, rules and simple
tables become Markdown; tables with merged cells stay as a small HTML block, and inline tags
without a Markdown form (sup, sub, mark...) stay as inline HTML, both of which our renderer
accepts and sanitizes. Scripts, styles, forms and comments are dropped; an embedded frame
becomes a link to what it embedded. ``rewrite_url`` lets an importer point links at our URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import lxml.html
from lxml import etree

UrlRewrite = Callable[[str], str]
Element = Any  # an lxml.html element; lxml ships no type information

_DROP = {
    "script", "style", "noscript", "object", "embed", "form", "button", "input", "select",
    "textarea", "svg", "template", "head", "title", "meta", "link", "nav", "canvas", "map",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "hr", "dl", "center",
    "address", "details", "summary", "figcaption", "iframe", "video", "audio", "body", "html",
    "hgroup", "picture", "li", "dd", "dt",
}  # fmt: skip
_KEEP_INLINE = {"sup", "sub", "mark", "u", "ins", "small", "abbr", "q", "kbd"}
_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(\s*)(?:([#=~-]+|\+)|(\d+)([.)]))(?=\s|$)")
_SPACE = re.compile(r"[ \t\r\n\f]+")


def _escape(text: str) -> str:
    return _ENTITY_LIKE.sub("&amp;", _ESCAPE.sub(r"\\\1", text))


def _tag(element: Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _fence(text: str, minimum: int = 1) -> str:
    longest = max((len(m) for m in re.findall("`+", text)), default=0)
    return "`" * max(minimum, longest + 1)


class _Converter:
    def __init__(self, rewrite_url: UrlRewrite | None) -> None:
        self.rewrite = rewrite_url or (lambda url: url)

    # -- inline ---------------------------------------------------------------------------
    def inline(self, element: Element, *, breaks: bool = True) -> str:
        parts = [_escape(_SPACE.sub(" ", element.text or ""))]
        for child in element:
            parts.append(self.inline_element(child, breaks=breaks))
            parts.append(_escape(_SPACE.sub(" ", child.tail or "")))
        return "".join(parts)

    def inline_element(self, element: Element, *, breaks: bool = True) -> str:
        tag = _tag(element)
        if tag in _DROP or not tag:
            return ""
        if tag == "br":
            return "\\\n" if breaks else " "
        if tag == "img":
            return self.image(element)
        if tag in {"strong", "b"}:
            return _wrap(self.inline(element, breaks=breaks), "**")
        if tag in {"em", "i", "cite", "dfn", "var"}:
            return _wrap(self.inline(element, breaks=breaks), "*")
        if tag in {"del", "s", "strike"}:
            return _wrap(self.inline(element, breaks=breaks), "~~")
        if tag in {"code", "tt", "samp"}:
            return _code_span(element.text_content())
        if tag == "a":
            return self.link(element, breaks=breaks)
        if tag in _KEEP_INLINE:
            inner = self.inline(element, breaks=breaks)
            title = element.get("title") if tag == "abbr" else None
            attribute = f' title="{_attr(title)}"' if title else ""
            return f"<{tag}{attribute}>{inner}</{tag}>" if inner.strip() else ""
        if tag in {"iframe", "video", "audio"}:
            return self.embed_link(element)
        text = self.inline(element, breaks=breaks)
        return f" {text} " if tag in _BLOCK else text

    def link(self, element: Element, *, breaks: bool) -> str:
        inner = self.inline(element, breaks=breaks).strip()
        href = (element.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "data:", "vbscript:")):
            return inner
        href = self.rewrite(href)
        if not inner:
            inner = _escape(href)
        title = element.get("title")
        suffix = f' "{_attr(title)}"' if title else ""
        return f"[{inner}]({_destination(href)}{suffix})"

    def image(self, element: Element) -> str:
        src = (element.get("src") or element.get("data-src") or "").strip()
        if not src or src.lower().startswith(("javascript:", "data:")):
            return ""
        alt = _escape(_SPACE.sub(" ", element.get("alt") or "").strip())
        title = element.get("title")
        suffix = f' "{_attr(title)}"' if title else ""
        return f"![{alt}]({_destination(self.rewrite(src))}{suffix})"

    def embed_link(self, element: Element) -> str:
        src = element.get("src") or ""
        if not src:
            source = element.find(".//source")
            src = source.get("src", "") if source is not None else ""
        if not src.startswith(("http://", "https://", "/")):
            return ""
        label = _escape(element.get("title") or src)
        return f"[{label}]({_destination(src)})"

    # -- blocks -----------------------------------------------------------------------------
    def blocks(self, element: Element) -> list[str]:
        out: list[str] = []
        buffer = [_escape(_SPACE.sub(" ", element.text or ""))]
        for child in element:
            tag = _tag(child)
            if tag in _BLOCK:
                _flush(buffer, out)
                out.extend(self.block(child))
                buffer = []
            else:
                buffer.append(self.inline_element(child))
            buffer.append(_escape(_SPACE.sub(" ", child.tail or "")))
        _flush(buffer, out)
        return out

    def block(self, element: Element) -> list[str]:
        tag = _tag(element)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = _one_line(self.inline(element, breaks=False))
            return [f"{'#' * max(2, int(tag[1]))} {text}"] if text else []
        if tag == "p":
            return _paragraph(self.inline(element))
        if tag in {"ul", "ol"}:
            return self.list_block(element, ordered=tag == "ol")
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(element))
            return [_prefix(inner, "> ", ">")] if inner.strip() else []
        if tag == "pre":
            return [self.code_block(element)]
        if tag == "hr":
            return ["---"]
        if tag == "table":
            return self.table(element)
        if tag == "figcaption":
            return _paragraph(_wrap(self.inline(element), "*"))
        if tag == "dl":
            return self.definition_list(element)
        if tag in {"iframe", "video", "audio"}:
            link = self.embed_link(element)
            return [link] if link else []
        return self.blocks(element)

    def list_block(self, element: Element, *, ordered: bool) -> list[str]:
        start = element.get("start", "1")
        number = int(start) if start.isdigit() else 1
        items: list[str] = []
        for child in element:
            if _tag(child) != "li":
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = "\n".join(self.blocks(child)) or ""
            items.append(marker + _indent(body, " " * len(marker)))
        return ["\n".join(items)] if items else []

    def code_block(self, element: Element) -> str:
        text = element.text_content().strip("\n")
        language = ""
        for candidate in [element, *element.iter("code")]:
            for name in (candidate.get("class") or "").split():
                if name.startswith(("language-", "lang-")):
                    language = name.split("-", 1)[1]
        fence = _fence(text, 3)
        return f"{fence}{language}\n{text}\n{fence}"

    def definition_list(self, element: Element) -> list[str]:
        out: list[str] = []
        for child in element:
            text = self.inline(child).strip()
            if text:
                out.append(_wrap(text, "**") if _tag(child) == "dt" else text)
        return out

    def table(self, element: Element) -> list[str]:
        rows = list(element.iter("tr"))
        if not rows:
            return []
        simple = all(
            not cell.get("colspan", "1").strip("1") and not cell.get("rowspan", "1").strip("1")
            for cell in element.iter("td", "th")
        ) and not any(_tag(d) in _BLOCK - {"p"} for c in element.iter("td", "th") for d in c)
        if not simple:
            return [_html_table(element)]
        cells = [
            [_cell(self.inline(c, breaks=False)) for c in row if _tag(c) in {"td", "th"}]
            for row in rows
        ]
        width = max(len(row) for row in cells)
        if width == 0:
            return []
        cells = [row + [""] * (width - len(row)) for row in cells]
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return ["\n".join(lines)]


def _wrap(text: str, mark: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _code_span(text: str) -> str:
    text = _SPACE.sub(" ", text)
    if not text.strip():
        return ""
    fence = _fence(text)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _attr(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _destination(url: str) -> str:
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"
    return url


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\\\n", " ")).strip()


def _paragraph(text: str) -> list[str]:
    lines = [line.strip() for line in text.strip().split("\n")]
    lines = [_LINE_START.sub(_escape_marker, line) for line in lines]
    out = "\n".join(lines).strip()
    # A hard break at either end of a paragraph means nothing.
    while out.startswith("\\\n") or out == "\\":
        out = out[2:].lstrip()
    while out.endswith("\\"):
        out = out[:-1].rstrip()
    return [out] if out else []


def _escape_marker(match: re.Match[str]) -> str:
    # A line that would start a heading, list or rule keeps its text: escape the marker.
    space, sign, digits, dot = match.groups()
    return f"{space}\\{sign}" if sign else f"{space}{digits}\\{dot}"


def _flush(buffer: list[str], out: list[str]) -> None:
    out.extend(_paragraph("".join(buffer)))
    buffer.clear()


def _indent(text: str, pad: str) -> str:
    lines = text.split("\n")
    return "\n".join(pad + line if line and i else line for i, line in enumerate(lines))


def _prefix(text: str, prefix: str, empty: str) -> str:
    return "\n".join(prefix + line if line else empty for line in text.split("\n"))


def _cell(text: str) -> str:
    return _one_line(text).replace("\n", " ")


def _html_table(element: Element) -> str:
    """A table Markdown cannot express, as compact HTML with only the attributes that matter."""
    copy = lxml.html.fromstring(etree.tostring(element, encoding="unicode"))
    for node in copy.iter():
        kept = {k: v for k, v in node.attrib.items() if k in {"colspan", "rowspan", "scope"}}
        node.attrib.clear()
        node.attrib.update(kept)
    html = etree.tostring(copy, encoding="unicode", method="html")
    # A blank line would end the HTML block early.
    return re.sub(r"\n\s*\n", "\n", html).strip()


def parse_fragment(html: str) -> Element | None:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, remove_blank_text=False)
    try:
        document = lxml.html.document_fromstring(f"<html><body>{html}</body></html>", parser)
    except (etree.ParserError, ValueError):
        return None
    body = document.find("body")
    return body if body is not None else document


def html_to_markdown(html: str, *, rewrite_url: UrlRewrite | None = None) -> str:
    if not html.strip():
        return ""
    body = parse_fragment(html)
    if body is None:
        return ""
    blocks = _Converter(rewrite_url).blocks(body)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def plain_text(html: str) -> str:
    """The visible text of a fragment, whitespace collapsed (for excerpts and titles)."""
    body = parse_fragment(html) if "<" in html else None
    text = body.text_content() if body is not None else html
    return _SPACE.sub(" ", text).strip()
