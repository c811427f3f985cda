"""Turning parsed documents into articles. Re-importing the same slug updates, never duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from newsdesk.ingest.frontmatter import FileImportError, MarkdownDocument, parse_markdown_file
from newsdesk.lib.text import slugify
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "failed": len(self.errors),
            "slugs": self.created + self.updated,
            "errors": self.errors,
        }


def _find_author(document: MarkdownDocument, name: str) -> Author:
    author = (
        Author.objects.filter(name__iexact=name).first()
        or Author.objects.filter(slug=slugify(name)).first()
    )
    if author is None:
        raise FileImportError(document.path, f"no author named {name!r}; create it first", "author")
    return author


def _find_or_create_topic(value: str) -> Topic:
    slug = slugify(value)
    topic = (
        Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=value).first()
    )
    return topic or Topic.objects.create(
        slug=slug, name=value if value != slug else value.replace("-", " ").capitalize()
    )


def _status_and_time(document: MarkdownDocument) -> tuple[str, object]:
    now = timezone.now()
    when = document.date
    if document.status == "published":
        if when is not None and when > now:
            return Article.Status.SCHEDULED, when
        return Article.Status.PUBLISHED, when or now
    return document.status, when


@transaction.atomic
def article_import_markdown(*, document: MarkdownDocument) -> tuple[Article, bool]:
    """Create or update the article with the document's slug; (article, created)."""
    authors = [_find_author(document, name) for name in document.authors]
    if not authors:
        raise FileImportError(document.path, "an article needs at least one author", "author")
    existing = Article.objects.filter(slug=document.slug).first()
    previous = Article.objects.get(pk=existing.pk) if existing else None
    article = existing or Article(slug=document.slug)
    article.title = document.title
    article.dek = document.dek
    article.body = document.body
    article.featured = document.featured
    article.status, article.published_at = _status_and_time(document)  # type: ignore[assignment]
    publishing.article_save(
        article=article,
        user=None,
        previous=previous,
        note=f"Imported from {Path(document.path).name}",
    )
    ArticleAuthor.objects.filter(article=article).exclude(author__in=authors).delete()
    for position, author in enumerate(authors):
        ArticleAuthor.objects.update_or_create(
            article=article, author=author, defaults={"position": position}
        )
    article.topics.set([_find_or_create_topic(value) for value in document.topics])
    return article, existing is None


def import_markdown_paths(paths: list[Path]) -> ImportReport:
    """Import every file; a bad one is reported and skipped, the others still go in."""
    report = ImportReport()
    for path in _expand(paths):
        try:
            article, created = article_import_markdown(document=parse_markdown_file(path))
        except FileImportError as exc:
            report.errors.append(str(exc))
            continue
        (report.created if created else report.updated).append(article.slug)
    return report


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        else:
            files.append(path)
    return files
