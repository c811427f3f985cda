"""A web article, its main text extracted with trafilatura: a draft for an editor to rewrite."""

from __future__ import annotations

import datetime as dt

import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from newsdesk.ingest.fetch import Fetched
from newsdesk.ingest.htmlmd import plain_text
from newsdesk.ingest.items import ArticleItem, AuthorItem, Parsed
from newsdesk.lib.text import slugify

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def extract_markdown(html: bytes | str, url: str | None) -> str:
    text = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_comments=False,
        with_metadata=False,
    )
    return (text or "").strip()


def _date(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse(page: Fetched) -> Parsed:
    parsed = Parsed(source="url", label=page.url)
    if page.content_type not in HTML_TYPES:
        parsed.fail(page.url, f"not a web page: the server sent {page.content_type or 'no type'}")
        return parsed
    body = extract_markdown(page.body, page.url)
    if not body:
        parsed.fail(page.url, "no article text found on the page")
        return parsed
    tree = load_html(page.body)  # finds the encoding as browsers do, when the header is silent
    metadata = extract_metadata(tree, page.url) if tree is not None else Document()
    title = plain_text(metadata.title or "") or body.splitlines()[0][:120]
    authors = [a.strip() for a in (metadata.author or "").split(";") if a.strip()]
    for name in authors:
        parsed.add(page.url, AuthorItem(key=name, name=name[:200], slug=slugify(name)))
    item = ArticleItem(
        key=page.url.split("#")[0],
        title=title[:300],
        slug=slugify(title, max_length=80),
        body=body + "\n",
        dek=plain_text(metadata.description or "")[:400],
        author_keys=authors,
        status="draft",
        source_url=page.url,
    )
    original = _date(metadata.date)
    if original:
        item.note = f"originally published {original:%Y-%m-%d}"
    parsed.add(page.url, item)
    return parsed
