"""API credentials in the desk: editors make Content API keys and revoke keys and tokens.

Editor tokens are made with `newsdesk apikey create --editor EMAIL`, which shows the secret
once; the desk lists them without it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.accounts.models import User
from newsdesk.api import services
from newsdesk.api.models import ContentKey, EditorToken


def _is_editor(request: HttpRequest) -> bool:
    return isinstance(request.user, User) and request.user.can_publish


class EditorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_editor(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_editor(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked credentials stay listed: who had access, and until when


@admin.register(ContentKey)
class ContentKeyAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "key", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key"]
    fields = ["name", "key", "created_at", "revoked_at"]
    readonly_fields = ["key", "created_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_editor(request)

    @admin.action(description="Revoke selected keys")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ContentKey]) -> None:
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            services.content_key_revoke(key=key)
        self.message_user(request, f"{len(keys)} key(s) revoked.", messages.SUCCESS)


@admin.register(EditorToken)
class EditorTokenAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__email", "prefix"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[EditorToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.editor_token_revoke(token=token)
        self.message_user(request, f"{len(tokens)} token(s) revoked.", messages.SUCCESS)
