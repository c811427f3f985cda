"""Credentials for the APIs: public Content API keys and secret editor tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

# The official Ghost clients refuse a key that is not 26 hexadecimal characters.
CONTENT_KEY_LENGTH = 26
EDITOR_TOKEN_PREFIX = "nd_"


def new_content_key() -> str:
    return secrets.token_hex(CONTENT_KEY_LENGTH // 2)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ContentKeyQuerySet(models.QuerySet["ContentKey"]):
    def active(self) -> ContentKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ContentKey(models.Model):
    """Read access to what the public site shows. Not a secret: front-ends ship it to browsers."""

    name = models.CharField(max_length=100, help_text="Who or what uses it, e.g. “Next.js site”.")
    key = models.CharField(
        max_length=CONTENT_KEY_LENGTH, unique=True, default=new_content_key, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[ContentKeyQuerySet] = ContentKeyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Content API key"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EditorTokenQuerySet(models.QuerySet["EditorToken"]):
    def active(self) -> EditorTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class EditorToken(models.Model):
    """Write access to the native API, acting as one desk account with that account's role.

    Only a digest is stored: the token is shown once, when it is made.
    """

    name = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # The first characters, so an editor can tell their tokens apart in the desk.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[EditorTokenQuerySet] = EditorTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "editor token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
