"""What the knowledge pipeline found, kept per article and joined up across the site.

An ``Entity`` is one person, organization, place or group site-wide. Each name that has been
seen for it is an ``EntityName``, which is how the next article's "IEA" finds the entity its
"International Energy Agency" created. When editors merge two entities the loser stays as a
forwarding row (``merged_into``) and its names move to the winner, so the merge is remembered:
future extractions resolve to the winner, and the loser's URL redirects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from newsdesk.publishing.models import Article


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "PERSON", "Person"
        ORG = "ORG", "Organization"
        PLACE = "PLACE", "Place"
        GROUP = "GROUP", "Group"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    # Counted over published articles; refreshed when an article's extraction is stored.
    article_count = models.PositiveIntegerField(default=0)
    quote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "entities"
        indexes = [models.Index(fields=["kind", "-article_count"], name="entity_directory")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entity", args=[self.slug])


class EntityName(models.Model):
    """A name an entity goes by; ``key`` is its normalized form, unique per kind."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=Entity.Kind.choices)
    key = models.CharField(max_length=300)
    name = models.CharField(max_length=300)
    # Set by an editor's merge or split: extraction never moves such a name elsewhere.
    pinned = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="entity_name_key")]

    def __str__(self) -> str:
        return self.name


class ArticleKnowledge(models.Model):
    """The state of one article's extraction."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="knowledge"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # A digest of everything the pipeline read (title, dek, body, publication date) and the
    # pipeline's version: an article whose digest matches is not extracted again.
    digest = models.CharField(max_length=64, blank=True)
    words = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True)  # extractors that failed, and why
    error = models.TextField(blank=True)  # the whole run failed
    analyzed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.article} ({self.state})"


class Mention(models.Model):
    """An entity named in an article, with what the article says it is."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    name = models.CharField(max_length=300)  # its fullest name in this article
    count = models.PositiveIntegerField(default=1)
    first_start = models.PositiveIntegerField(default=0)
    first_end = models.PositiveIntegerField(default=0)
    role = models.CharField(max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_once_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.article_id}"


class Quote(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        MIXED = "mixed", "Mixed"
        INDIRECT = "indirect", "Indirect"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    speaker = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=100, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)  # order in the article

    class Meta:
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class Figure(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    text = models.TextField()
    value = models.FloatField()
    unit = models.CharField(max_length=200, blank=True)
    per = models.CharField(max_length=100, blank=True)
    period = models.CharField(max_length=100, blank=True)
    previous = models.FloatField(null=True, blank=True)
    previous_period = models.CharField(max_length=100, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class Event(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    # The first day of the period, for ordering; ``iso`` and ``precision`` say what is known.
    date = models.DateField()
    iso = models.CharField(max_length=10)
    precision = models.CharField(max_length=5, choices=Precision.choices)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["date", "article", "start"]
        indexes = [models.Index(fields=["article", "date"], name="event_article_date")]

    def __str__(self) -> str:
        return f"{self.iso}: {self.text[:60]}"


class EventEntity(models.Model):
    """Which entities an event's sentence names, for an entity's merged timeline."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="event_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "entity"], name="event_entity_once")
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} in {self.event_id}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        WARNING = "warning", "Warning"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=50)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.TextField()
    excerpt = models.TextField(blank=True)
    field = models.CharField(max_length=10, default="body")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "field", "start"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.excerpt[:60]}"


class PublishOverride(models.Model):
    """An editor publishing over the checks' errors, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reason = models.TextField()
    findings = models.JSONField(default=list)  # the errors overridden, as they were
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"override on {self.article_id} by {self.user_id}"
