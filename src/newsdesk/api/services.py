"""Making, checking and revoking API credentials."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.api.models import EDITOR_TOKEN_PREFIX, ContentKey, EditorToken, token_digest
from newsdesk.publishing import pagecache

# How stale "last used" may be: a write per request would cost more than the request.
LAST_USED_PRECISION = timedelta(minutes=5)


class InvalidName(ValueError):
    pass


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidName("a name is required, e.g. --name 'Next.js site'")
    if len(cleaned) > 100:
        raise InvalidName("the name is longer than 100 characters")
    return cleaned


def content_key_create(*, name: str) -> ContentKey:
    return ContentKey.objects.create(name=_clean_name(name))


@transaction.atomic
def content_key_revoke(*, key: ContentKey) -> ContentKey:
    """Stop a key working at once, including for API answers already in the page cache."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        transaction.on_commit(pagecache.invalidate)
    return key


def content_key_is_valid(raw: str) -> bool:
    return ContentKey.objects.active().filter(key=raw).exists()


def editor_token_create(*, name: str, user: User) -> tuple[EditorToken, str]:
    """A new token for ``user`` and its secret, which is not stored and cannot be shown again."""
    secret = EDITOR_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = EditorToken.objects.create(
        name=_clean_name(name), user=user, prefix=secret[:10], digest=token_digest(secret)
    )
    return token, secret


def editor_token_revoke(*, token: EditorToken) -> EditorToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def editor_token_user(raw: str) -> User | None:
    """The active account a token acts for; None for an unknown, revoked or locked-out token."""
    if not raw.startswith(EDITOR_TOKEN_PREFIX):
        return None
    token = (
        EditorToken.objects.active().select_related("user").filter(digest=token_digest(raw)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        EditorToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user: User = token.user
    return user
