from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.api.models import ContentKey, EditorToken


class Command(BaseCommand):
    help = (
        "API credentials: `create --name NAME` prints a Content API key; "
        "`create --name NAME --editor EMAIL` prints an editor token for the native API; "
        "`list [--json]`; `revoke KEY_OR_TOKEN_PREFIX`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="make a key (or, with --editor, a token)")
        create.add_argument("--name", required=True, help="who or what will use it")
        create.add_argument(
            "--editor",
            metavar="EMAIL",
            help="make an editor token that acts as this desk account, for writes",
        )
        listing = actions.add_parser("list", help="every key and token, revoked ones too")
        listing.add_argument("--json", action="store_true")
        revoke = actions.add_parser("revoke", help="stop a key or token working")
        revoke.add_argument("credential", help="a Content API key, or an editor token's prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["name"], options["editor"])
        elif action == "list":
            self._list(as_json=options["json"])
        else:
            self._revoke(options["credential"].strip())

    def _create(self, name: str, editor: str | None) -> None:
        try:
            if editor is None:
                self.stdout.write(services.content_key_create(name=name).key)
                return
            user = User.objects.filter(email=editor.strip().lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"no active desk account with the email {editor!r}")
            _, secret = services.editor_token_create(name=name, user=user)
        except services.InvalidName as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write("Keep this token secret; it cannot be shown again.")
        self.stdout.write(secret)

    def _list(self, *, as_json: bool) -> None:
        rows: list[dict[str, Any]] = [
            {
                "kind": "content key",
                "name": key.name,
                "credential": key.key,
                "created_at": key.created_at.isoformat(),
                "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
            }
            for key in ContentKey.objects.all()
        ]
        rows += [
            {
                "kind": "editor token",
                "name": token.name,
                "credential": token.prefix,
                "user": token.user.email,
                "created_at": token.created_at.isoformat(),
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in EditorToken.objects.select_related("user")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            state = "revoked" if row["revoked_at"] else "active"
            owner = f" for {row['user']}" if "user" in row else ""
            self.stdout.write(f"{row['credential']}  {row['kind']}{owner}  {state}  {row['name']}")

    def _revoke(self, credential: str) -> None:
        key = ContentKey.objects.filter(key=credential).first()
        if key is not None:
            services.content_key_revoke(key=key)
            self.stdout.write(f"revoked the Content API key {key.name!r}")
            return
        tokens = list(EditorToken.objects.filter(prefix=credential[:10])) if credential else []
        if len(credential) < 10 or not tokens:
            raise CommandError(f"no Content API key or editor token matches {credential!r}")
        for token in tokens:
            services.editor_token_revoke(token=token)
        self.stdout.write(f"revoked {len(tokens)} editor token(s) starting {credential[:10]}")
