"""Editor tokens on the native API: `Authorization: Bearer nd_…`, acting as one desk account."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from newsdesk.accounts.models import User
from newsdesk.api import services


class EditorTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return services.editor_token_user(token.strip())


editor_token = EditorTokenAuth()


def token_user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # the endpoint's auth ran, so this cannot happen
        raise HttpError(401, "Unauthorized")
    return user


def publisher(request: HttpRequest) -> User:
    """The token's account, which must be an editor's (contributors write drafts only)."""
    user = token_user(request)
    if not user.can_publish:
        raise HttpError(403, "This token belongs to a contributor; only editors may do this.")
    return user
