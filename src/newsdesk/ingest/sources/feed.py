"""RSS and Atom feeds (through feedparser): each entry becomes a draft for an editor.

An entry keeps its link as provenance. Its original date is not the article's: a rewrite that
goes live keeps the date it goes live, so the original date only goes into the import note.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import time
from typing import Any

import feedparser

from newsdesk.ingest.htmlmd import html_to_markdown, plain_text
from newsdesk.ingest.items import ArticleItem, AuthorItem, Parsed
from newsdesk.lib.text import slugify


def _date(entry: Any) -> dt.datetime | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _authors(entry: Any, feed: Any) -> list[str]:
    found = [a.get("name", "").strip() for a in entry.get("authors") or [] if a.get("name")]
    if not found and entry.get("author"):
        found = [str(entry["author"]).strip()]
    if not found:
        found = [a.get("name", "").strip() for a in feed.get("authors") or [] if a.get("name")]
    return [plain_text(name)[:200] for name in found if plain_text(name)]


def _body(entry: Any) -> tuple[str, str]:
    """(body HTML, summary HTML)."""
    content = entry.get("content") or []
    summary = entry.get("summary", "") or ""
    if content and content[0].get("value"):
        return str(content[0]["value"]), summary
    return summary, ""


def _key(entry: Any, index: int, title: str) -> str:
    key = entry.get("id") or entry.get("link")
    if key:
        return str(key)
    return "sha1:" + hashlib.sha1(f"{title}|{index}".encode()).hexdigest()


def _entry(parsed: Parsed, where: str, entry: Any, feed: Any, index: int) -> None:
    title = plain_text(entry.get("title", "") or "")
    body_html, summary = _body(entry)
    if not title and not body_html.strip():
        parsed.fail(where, "an entry with neither a title nor content")
        return
    title = title or plain_text(body_html)[:80] or "(untitled)"
    authors = _authors(entry, feed)
    for name in authors:
        parsed.add(where, AuthorItem(key=name, name=name, slug=slugify(name)))
    link = str(entry.get("link") or "")
    original = _date(entry)
    item = ArticleItem(
        key=_key(entry, index, title),
        title=title[:300],
        slug=slugify(title, max_length=80),
        body=html_to_markdown(body_html),
        dek=plain_text(summary)[:400] if summary else "",
        author_keys=authors,
        status="draft",
        source_url=link,
    )
    if original:
        item.note = f"originally published {original:%Y-%m-%d %H:%M} UTC"
    parsed.add(where, item)


def parse(data: bytes, label: str, url: str | None = None) -> Parsed:
    parsed = Parsed(source="feed", label=label)
    headers = {"content-location": url} if url else None
    try:
        result = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as exc:  # feedparser's own failures on hostile input: refuse, never crash
        parsed.fail(label, f"cannot be read as a feed: {exc.__class__.__name__}")
        return parsed
    problem = result.get("bozo_exception")
    if not result.entries:
        if problem is not None or not result.get("version"):
            reason = str(problem).splitlines()[0] if problem else "no RSS or Atom elements"
            parsed.fail(label, f"not an RSS or Atom feed: {reason}")
        else:
            parsed.notes.append("the feed has no entries")
        return parsed
    if problem is not None:
        parsed.notes.append(f"the feed is not well-formed ({str(problem).splitlines()[0]}); "
                            "read what could be read")  # fmt: skip
    for index, entry in enumerate(result.entries, start=1):
        _entry(parsed, f"{label}: entry {index}", entry, result.feed, index)
    return parsed
