"""Imports: Markdown files (matched by slug) and every source in ``importers`` (by its own ids).

Re-importing the same thing updates it, never duplicates it.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from newsdesk.ingest import conf, importers
from newsdesk.ingest.apply import Progress, apply_parsed
from newsdesk.ingest.frontmatter import FileImportError, MarkdownDocument, parse_markdown_file
from newsdesk.ingest.report import ImportReport as ImportReport
from newsdesk.lib.text import slugify
from newsdesk.publishing import services as publishing
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic


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


def import_markdown_paths(
    paths: list[Path], *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import every file; a bad one is reported and skipped, the others still go in."""
    report = ImportReport(dry_run=dry_run)
    files = _expand(paths)
    with transaction.atomic():
        for done, path in enumerate(files, start=1):
            try:
                article, created = article_import_markdown(document=parse_markdown_file(path))
            except FileImportError as exc:
                report.errors.append(str(exc))
                continue
            (report.created if created else report.updated).append(article.slug)
            if progress:
                progress(done, len(files))
        transaction.set_rollback(dry_run)
    return report


def import_source(
    *, kind: str, target: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Read ``target`` with the importer ``kind`` and apply what it holds.

    Raises ``importers.SourceError`` or ``FetchError`` when the source cannot be read at all.
    """
    parsed = importers.read(kind, target, conf.load())
    return apply_parsed(parsed, dry_run=dry_run, progress=progress)


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        else:
            files.append(path)
    return files
