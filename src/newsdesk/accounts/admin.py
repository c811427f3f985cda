from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.http import HttpRequest

from newsdesk.accounts.models import User


class DeskUserCreationForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("email", "role")


class DeskUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    """Editors manage desk accounts; contributors cannot see them."""

    form = DeskUserChangeForm
    add_form = DeskUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["role", "is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})
    ]

    def _is_editor(self, request: HttpRequest) -> bool:
        return isinstance(request.user, User) and request.user.can_publish

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_editor(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_editor(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_editor(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
