"""The search index's own rows. The full-text structures beside them are per backend: an FTS5
table kept in step by triggers on SQLite, tsvector columns with GIN indexes on PostgreSQL
(see the migrations and backends/)."""

from __future__ import annotations

from django.db import models

from newsdesk.publishing.models import Article


class SearchEntry(models.Model):
    """One published article as the index sees it (built by documents.document)."""

    # The recency key (documents.recency_key): newest first is descending id.
    id = models.BigIntegerField(primary_key=True)
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    title = models.TextField()
    head = models.TextField(blank=True)
    body = models.TextField(blank=True)
    facets = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.title


class SearchWord(models.Model):
    """A word that occurs in the index, for "did you mean" and completions.

    ``documents`` is exact after a full reindex; words first seen since then count 1.
    """

    word = models.CharField(max_length=60, unique=True)
    documents = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.word
