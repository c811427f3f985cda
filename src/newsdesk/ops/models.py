from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Task(models.Model):
    """One unit of background work waiting for, or held by, a worker.

    A finished task is deleted; a task that failed every attempt stays, with its error, for an
    editor to read and retry from the desk.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    run_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["state", "run_after"], name="task_due")]
        constraints = [
            # A change that arrives while the same work waits is already covered by it.
            models.UniqueConstraint(
                fields=["name", "key"], condition=Q(state="queued"), name="one_queued_task_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.key})"
