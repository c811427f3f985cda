"""Desk accounts: people who sign in to /admin/, identified by email address."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class EmailUserManager(UserManager["User"]):
    """Accounts keyed by email; Django's username column mirrors it for the admin's forms."""

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        return self._create(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.update(is_staff=True, is_superuser=True, role=User.Role.EDITOR)
        return self._create(email, password, **extra)

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractUser):
    class Role(models.TextChoices):
        EDITOR = "editor", "Editor"
        CONTRIBUTOR = "contributor", "Contributor"

    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    # Every account here is a desk account; deactivate one to lock it out.
    is_staff = models.BooleanField("desk access", default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[EmailUserManager] = EmailUserManager()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # username stays for Django's admin forms; the email is the identity.
        self.email = self.email.lower()
        self.username = self.email
        super().save(*args, **kwargs)

    @property
    def can_publish(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.EDITOR)
