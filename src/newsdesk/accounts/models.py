"""Desk accounts: people who sign in to /admin/, identified by email address."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class EmailUserManager(UserManager["User"]):
    def _create_user_object(
        self, username: str | None, email: str | None, password: str | None, **extra: Any
    ) -> User:
        email = self.normalize_email(email or username or "").lower()
        user = self.model(email=email, username=email, **extra)
        user.password = ""
        if password is not None:
            user.set_password(password)
        return user

    def _create_user(
        self, username: str | None, email: str | None, password: str | None, **extra: Any
    ) -> User:
        user = self._create_user_object(username, email, password, **extra)
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
