"""Markdown files with YAML front matter, parsed and checked without touching the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsdesk.lib.text import slugify

STATUSES = ("draft", "scheduled", "published", "unpublished")
MAX_FILE_BYTES = 20 * 1024 * 1024


class FileImportError(ValueError):
    """A file we cannot import; the message names the file and, where it can, the field."""

    def __init__(self, path: Path | str, message: str, field_name: str | None = None) -> None:
        where = f"{path}: {field_name}" if field_name else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.field_name = field_name


@dataclass
class MarkdownDocument:
    path: str
    title: str
    slug: str
    body: str
    dek: str = ""
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    date: dt.datetime | None = None
    status: str = "published"
    featured: bool = False


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter or None, body). The body's offsets start right after the closing ---."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        return None, text
    first_break = text.find("\n")
    if first_break == -1 or text[:first_break].strip() != "---":
        return None, text
    end = text.find("\n---", first_break)
    if end == -1:
        raise ValueError("front matter opened with --- is never closed")
    raw = text[first_break + 1 : end + 1]
    after = text.find("\n", end + 1)
    body = "" if after == -1 else text[after + 1 :]
    loaded = yaml.safe_load(raw) if raw.strip() else {}
    if not isinstance(loaded, dict):
        raise ValueError("front matter must be a mapping of field: value")
    return loaded, body


def _string_list(path: Path, name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise FileImportError(path, "expected a name or a list of names", name)
    return [str(v).strip() for v in value if str(v).strip()]


def _date(path: Path, value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise FileImportError(
                path, f"{value!r} is not an ISO 8601 date such as 2026-05-01T09:00:00Z", "date"
            ) from None
    else:
        raise FileImportError(path, f"{value!r} is not a date", "date")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_markdown_file(path: Path) -> MarkdownDocument:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FileImportError(path, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileImportError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise FileImportError(path, exc.strerror or "cannot be read") from None
    try:
        meta, body = split_front_matter(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise FileImportError(path, f"bad front matter: {str(exc).splitlines()[0]}") from None
    if meta is None:
        raise FileImportError(path, "no YAML front matter (a block between --- lines at the top)")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise FileImportError(path, "missing or empty", "title")
    slug = meta.get("slug") or slugify(title)
    if not isinstance(slug, str) or slugify(slug) != slug:
        raise FileImportError(
            path, f"{slug!r} is not a slug (lowercase letters, digits and hyphens)", "slug"
        )
    status = meta.get("status", "published")
    if status not in STATUSES:
        raise FileImportError(path, f"{status!r} is not one of {', '.join(STATUSES)}", "status")
    dek = meta.get("dek") or ""
    if not isinstance(dek, str):
        raise FileImportError(path, "expected text", "dek")
    return MarkdownDocument(
        path=str(path),
        title=title.strip(),
        slug=slug,
        body=body,
        dek=dek.strip(),
        authors=_string_list(path, "author", meta.get("author", meta.get("authors"))),
        topics=_string_list(path, "topics", meta.get("topics")),
        date=_date(path, meta.get("date")),
        status=status,
        featured=bool(meta.get("featured", False)),
    )
