"""Where imported things came from, and the imports started from the desk."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models


def digest(external_id: str) -> str:
    """A short fixed-size key for an id of any length (feed ids and URLs can be long)."""
    return hashlib.sha1(external_id.encode("utf-8")).hexdigest()


class ImportedItem(models.Model):
    """One thing an import created, keyed by its id in the source, so re-running updates it.

    ``written`` is a digest of the article's text and status as the import wrote them: when the
    article no longer matches, it was edited (or published, or unpublished) here since, and a
    re-import leaves it alone.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        AUTHOR = "author", "Author"
        TOPIC = "topic", "Topic"
        NEWSLETTER = "newsletter", "Newsletter"
        MEMBER = "member", "Subscriber"

    source = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    external_id = models.TextField()
    digest = models.CharField(max_length=40, editable=False)
    object_id = models.PositiveBigIntegerField()
    source_url = models.URLField("source link", max_length=2000, blank=True)
    written = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "imported item"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "digest"], name="one_row_per_source_item"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_object")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id[:60]}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.digest = digest(self.external_id)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def _upload_storage() -> FileSystemStorage:
    # Uploaded exports hold drafts and subscriber addresses: never under the public media URL.
    return FileSystemStorage(location=settings.VAR_DIR / "imports")


class ImportRun(models.Model):
    """An import started from the desk and run by the worker, with its progress and report."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20)
    target = models.CharField("file or URL", max_length=2000)
    upload = models.FileField(storage=_upload_storage, upload_to="%Y/%m/", blank=True)
    dry_run = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}
