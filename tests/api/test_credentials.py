"""`newsdesk apikey …` and revoking credentials in the desk."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.api.models import ContentKey, EditorToken

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("apikey", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_create_prints_a_key_the_ghost_client_accepts(client: Client) -> None:
    key, _ = run("create", "--name", "Next.js site")
    assert len(key) == 26 and int(key, 16) >= 0
    assert ContentKey.objects.get(key=key).name == "Next.js site"
    assert client.get(f"/ghost/api/content/posts/?key={key}").status_code == 200


def test_create_with_editor_prints_a_token_once(editor: User) -> None:
    secret, warning = run("create", "--name", "Importer", "--editor", "Editor@Example.com")
    assert secret.startswith("nd_") and "cannot be shown again" in warning
    token = EditorToken.objects.get()
    assert token.user == editor and secret not in (token.digest, token.prefix)
    assert services.editor_token_user(secret) == editor


def test_list_and_revoke(editor: User) -> None:
    key, _ = run("create", "--name", "Site")
    secret, _ = run("create", "--name", "Script", "--editor", editor.email)
    rows = json.loads(run("list", "--json")[0])
    assert {row["kind"] for row in rows} == {"content key", "editor token"}
    assert secret not in json.dumps(rows)
    run("revoke", key)
    run("revoke", secret[:10])
    assert not services.content_key_is_valid(key)
    assert services.editor_token_user(secret) is None
    assert "revoked" in run("list")[0]


@pytest.mark.parametrize(
    "args",
    [
        ("create", "--name", "  "),
        ("create", "--name", "x", "--editor", "nobody@example.com"),
        ("revoke", "abc"),
        ("revoke", "nd_unknown-token"),
    ],
)
def test_mistakes_are_one_line_errors(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run(*args)


def test_editors_revoke_keys_in_the_desk(editor_client: Client, contributor_client: Client) -> None:
    key = services.content_key_create(name="Old site")
    changelist = "/admin/api/contentkey/"
    assert contributor_client.get(changelist).status_code == 403
    assert "Old site" in editor_client.get(changelist).content.decode()
    response = editor_client.post(
        changelist, {"action": "revoke_selected", "_selected_action": [key.pk]}, follow=True
    )
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_editors_make_keys_in_the_desk(editor_client: Client) -> None:
    response = editor_client.post("/admin/api/contentkey/add/", {"name": "Mobile app"})
    assert response.status_code == 302
    assert len(ContentKey.objects.get(name="Mobile app").key) == 26
