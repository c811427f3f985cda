"""The importers by name. Each reads one source into ``Parsed`` items; ``apply`` persists them.

Adding a source means writing ``sources/<name>.py`` with a ``parse`` function and one entry
here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsdesk.ingest.conf import Conf
from newsdesk.ingest.fetch import FetchError, fetch
from newsdesk.ingest.items import Parsed
from newsdesk.ingest.sources import feed, ghost, webpage, wxr

FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
MAX_FILE_BYTES = 512 * 1024 * 1024  # a large WordPress export is a few hundred MB at most


class SourceError(ValueError):
    """A source we cannot read at all (as opposed to a bad item inside it)."""


@dataclass(frozen=True)
class Importer:
    name: str
    takes: str  # for usage lines: "FILE", "URL|FILE", "URL"
    summary: str
    read: Callable[[str, Conf], Parsed]


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def _file(target: str, limit: int = MAX_FILE_BYTES) -> Path:
    path = Path(target)
    if not path.is_file():
        raise SourceError(f"{target}: no such file")
    if path.stat().st_size > limit:
        raise SourceError(f"{target}: larger than {limit // (1024 * 1024)} MB")
    return path


def _read_wxr(target: str, conf: Conf) -> Parsed:
    return wxr.parse(_file(target))


def _read_ghost(target: str, conf: Conf) -> Parsed:
    path = Path(target)
    if path.is_dir():  # a Newsdesk export folder, or an unpacked Ghost export
        path = path / "ghost.json"
    return ghost.parse(_file(str(path)))


def _read_feed(target: str, conf: Conf) -> Parsed:
    if is_url(target):
        fetched = fetch(target, conf, accept=FEED_TYPES)
        return feed.parse(fetched.body, target, fetched.url)
    path = _file(target, conf.max_bytes)
    return feed.parse(path.read_bytes(), path.name)


def _read_url(target: str, conf: Conf) -> Parsed:
    if not is_url(target):
        raise SourceError(f"{target!r} is not an http:// or https:// URL")
    return webpage.parse(fetch(target, conf, accept="text/html,application/xhtml+xml"))


IMPORTERS = {
    importer.name: importer
    for importer in [
        Importer("wxr", "FILE", "a WordPress export (WXR)", _read_wxr),
        Importer("ghost", "FILE", "a Ghost JSON export, or a Newsdesk export folder", _read_ghost),
        Importer("feed", "URL|FILE", "an RSS or Atom feed: each entry a draft", _read_feed),
        Importer("url", "URL", "a web article: its main text as a draft", _read_url),
    ]
}


def read(kind: str, target: str, conf: Conf) -> Parsed:
    """Parse ``target`` with the importer ``kind``; SourceError or FetchError when unreadable."""
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise SourceError(f"no importer named {kind!r}; there are {', '.join(IMPORTERS)}")
    try:
        return importer.read(target, conf)
    except OSError as exc:
        raise SourceError(f"{target}: {exc.strerror or exc}") from None


__all__ = ["IMPORTERS", "FetchError", "SourceError", "read"]
