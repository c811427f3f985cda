from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from newsdesk.accounts.models import User


class Command(BaseCommand):
    help = "Create an editor account (or reset an existing one's password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password-file", type=Path, help="a file whose first line is the password"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--email: {email!r} is not an email address") from None
        password = self._password(options["password_file"])
        user = User.objects.filter(email=email).first() or User(email=email)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(f"password: {' '.join(exc.messages)}") from None
        created = user.pk is None
        user.role = User.Role.EDITOR
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} editor {email}")

    def _password(self, path: Path | None) -> str:
        if path is not None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(f"--password-file: cannot read {path}: {exc.strerror}") from None
            if not lines or not lines[0]:
                raise CommandError(f"--password-file: {path} is empty")
            return lines[0]
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for a password: pass --password-file")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first
