"""The related-articles index: terms with their document frequency, each article's vector,
an inverted index of each article's heaviest terms, and the precomputed lists."""

from __future__ import annotations

from django.db import models

from newsdesk.publishing.models import Article


class Corpus(models.Model):
    """One row: the statistics the term weights were computed against.

    ``documents`` and ``total_length`` grow as new articles are indexed; a full rebuild sets
    them exactly and records ``documents_at_rebuild``, which tells when the next is due.
    """

    documents = models.PositiveIntegerField(default=0)
    total_length = models.BigIntegerField(default=0)
    documents_at_rebuild = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "corpus"

    def __str__(self) -> str:
        return f"{self.documents} documents"

    @property
    def average_length(self) -> float:
        return self.total_length / self.documents if self.documents else 0.0


class Term(models.Model):
    """A stemmed word and the number of indexed articles that contain it."""

    text = models.CharField(max_length=100, unique=True)
    df = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.text


class ArticleVector(models.Model):
    """An article's heaviest BM25 term weights (unit length) and what the other signals need.

    The row outlives an unpublication, so a republished article is not counted twice in the
    document frequencies. ``topics`` and ``published_at`` are copies taken when it was indexed.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="related_vector"
    )
    terms = models.JSONField(default=list)  # term ids, heaviest first
    weights = models.JSONField(default=list)  # their weights, in the same order
    topics = models.JSONField(default=list)
    published_at = models.DateTimeField()
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"vector of {self.article_id}"

    def vector(self) -> dict[int, float]:
        return dict(zip(self.terms, self.weights, strict=True))


class Posting(models.Model):
    """One of a published article's heaviest terms, for finding candidates that share it."""

    # The (term, weight) index below serves every lookup by term.
    term = models.ForeignKey(Term, on_delete=models.CASCADE, db_index=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "-weight"], name="posting_by_weight")]

    def __str__(self) -> str:
        return f"{self.term_id} in {self.article_id}"


class RelatedLink(models.Model):
    """``related`` is one of the articles most related to ``article``, and why.

    ``related`` has no database constraint on purpose: when an article is deleted, the links
    pointing to it stay until the worker has recomputed the lists that held it (readers never
    see them: the page joins to published articles only).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        indexes = [
            models.Index(fields=["article", "-score"], name="related_by_score"),
            models.Index(fields=["related"], name="related_pointing_to"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id}"
