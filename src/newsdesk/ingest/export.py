"""`newsdesk export --out DIR`: everything we hold, in formats other tools read.

- ``ghost.json``: a Ghost JSON export (posts, users, tags, newsletters, members...);
- ``articles/<slug>.md``: each article as Markdown with front matter, as `import markdown` reads;
- ``content/images/...``: hero images, avatars and body images, where ``ghost.json`` expects them;
- ``subscribers.csv``: the subscriber CSV of the public contract.

Nothing in it depends on when or where it was made, so exporting the same content twice gives
the same bytes.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.files.storage import default_storage

from newsdesk.ingest import ghostjson
from newsdesk.newsletter.csvio import export_csv
from newsdesk.publishing.models import Article, ArticleAuthor


class ExportError(ValueError):
    pass


@dataclass
class ExportReport:
    articles: int = 0
    files: int = 0
    subscribers: int = 0
    missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "media_files": self.files,
            "subscribers": self.subscribers,
            "missing_media": self.missing,
        }


def front_matter(article: Article, authors: list[str]) -> str:
    fields: dict[str, Any] = {
        "title": article.title,
        "dek": article.dek,
        "author": authors,
        "date": ghostjson.exact_time(article.published_at),
        "topics": [t.name for t in article.topics.all()],
        "slug": article.slug,
        "status": article.status,
        "featured": article.featured,
    }
    fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---\n{article.body}"


def _media_names(document: dict[str, Any]) -> list[str]:
    prefix = ghostjson.IMAGES
    names: list[str] = []
    data = document["db"][0]["data"]
    for table, column in (("posts", "feature_image"), ("users", "profile_image")):
        names += [r[column][len(prefix) :] for r in data[table] if r.get(column)]
    local = re.compile(rf"\]\({re.escape(settings.MEDIA_URL)}([^)\s\"]+)")
    for body in Article.objects.values_list("body", flat=True).iterator(chunk_size=500):
        names += local.findall(body)
    return sorted(set(names))


def _copy_media(names: list[str], target: Path, report: ExportReport) -> None:
    root = Path(settings.MEDIA_ROOT).resolve()
    for name in names:
        source = (root / name).resolve()
        if not source.is_relative_to(root) or not default_storage.exists(name):
            report.missing.append(name)
            continue
        destination = target / "content" / "images" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        report.files += 1


def export_all(out: Path) -> ExportReport:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} exists and is not an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    document = ghostjson.build()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (out / "ghost.json").write_text(text, encoding="utf-8")
    articles_dir = out / "articles"
    articles_dir.mkdir()
    bylines: dict[int, list[str]] = {}
    ordered = ArticleAuthor.objects.order_by("article_id", "position", "id")
    for article_id, name in ordered.values_list("article_id", "author__name"):
        bylines.setdefault(article_id, []).append(name)
    articles = Article.objects.order_by("pk").prefetch_related("topics")
    for article in articles.iterator(chunk_size=500):
        text = front_matter(article, bylines.get(article.pk, []))
        (articles_dir / f"{article.slug}.md").write_text(text, encoding="utf-8")
        report.articles += 1
    _copy_media(_media_names(document), out, report)
    with (out / "subscribers.csv").open("w", encoding="utf-8", newline="") as handle:
        report.subscribers = export_csv(handle)
    return report
