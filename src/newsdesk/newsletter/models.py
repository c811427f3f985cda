"""Subscribers and newsletters; campaigns and their deliveries; the local outbox.

A campaign's recipient list is fixed when it starts: one ``Delivery`` row per subscriber, whose
state machine is the only record of what went out (see ``newsletter.delivery`` for the promise).
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsdesk.publishing.models import Article, Topic


def new_key() -> str:
    return secrets.token_urlsafe(12)


class NewsletterQuerySet(models.QuerySet["Newsletter"]):
    def active(self) -> NewsletterQuerySet:
        return self.filter(active=True)


class Newsletter(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True, help_text="Shown to readers and can be sent.")
    default = models.BooleanField(
        default=False, help_text="Chosen for readers who sign up in the box on every page."
    )
    new_articles = models.BooleanField(
        "every new analysis",
        default=False,
        help_text="Articles opted in on the desk are sent to this newsletter when they go live.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects: ClassVar[NewsletterQuerySet] = NewsletterQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    email = models.EmailField(unique=True)
    # The receiving domain, kept apart so deliveries can be grouped per receiving server.
    domain = models.CharField(max_length=255, editable=False)
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    newsletters = models.ManyToManyField(Newsletter, blank=True, related_name="subscribers")
    topics = models.ManyToManyField(Topic, blank=True, related_name="followers")
    # Part of every link token: changing it revokes every link sent so far.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    source = models.CharField(max_length=20, default="signup", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="subscriber_status")]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        self.domain = domain_of(self.email)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


class Campaign(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "One article"
        DIGEST = "digest", "Digest of the week's articles"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="campaigns")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    subject = models.CharField(
        max_length=200, blank=True, help_text="Empty: the article's title, or the digest's."
    )
    audience_topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        help_text="Only subscribers who follow one of these topics; none chosen: everyone.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    # Messages per second across all workers; 0 for no limit.
    rate_limit = models.PositiveIntegerField(
        "rate limit", default=0, help_text="Messages per second for all workers; 0: no limit."
    )
    auto = models.BooleanField(default=False, editable=False)
    # Fixed when sending starts, so every worker and every retry sends the very same message.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    nonce = models.CharField(max_length=32, default=new_key, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "scheduled_at"], name="campaign_due")]
        constraints = [
            # Publishing an opted-in article sends it once, however many times it changes.
            models.UniqueConstraint(
                fields=["article", "newsletter"], condition=Q(auto=True), name="one_auto_send"
            )
        ]

    def __str__(self) -> str:
        return self.subject or (self.article.title if self.article else f"Campaign {self.pk}")

    def get_admin_url(self) -> str:
        return reverse("admin:newsletter_campaign_change", args=[self.pk])


class Claim(models.Model):
    """One open connection of one worker and the deliveries it holds, under a lease.

    When the lease runs out (the worker died or stalled), the deliveries before ``inflight``
    are recorded as sent and the others go back to the queue; ``inflight`` itself may have gone
    out and is flagged as a possible duplicate (see ``newsletter.claims``).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="claims")
    domain = models.CharField(max_length=255)
    worker = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    renewed_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # The delivery on the wire; every claimed delivery before it (in id order) was accepted.
    inflight = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="claim_expiry")]

    def __str__(self) -> str:
        return f"{self.worker} → {self.domain}"


class Delivery(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        CLAIMED = "claimed", "Claimed by a worker"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.CharField(max_length=254)
    domain = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # No database constraint: claims come and go by the thousand and rows are cleared in bulk.
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker died while this message was on the wire: it was sent again.
    possible_duplicate = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["campaign", "state", "domain", "id"], name="delivery_queue"),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.state})"


class OutboxMessage(models.Model):
    """A message kept instead of sent: the embedded default, so `make run` needs no server."""

    created_at = models.DateTimeField(auto_now_add=True)
    sender = models.CharField(max_length=254)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    message = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox message"

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
