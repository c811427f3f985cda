from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.accounts.models import User
from newsdesk.ops import tasks
from newsdesk.ops.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Background work, for editors to see what waits, what runs and what failed."""

    list_display = ["name", "key", "state", "attempts", "run_after", "lease_until"]
    list_filter = ["state", "name"]
    search_fields = ["name", "key"]
    readonly_fields = [f.name for f in Task._meta.fields]
    actions = ["retry_selected"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return isinstance(request.user, User) and request.user.can_publish

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    @admin.action(description="Retry selected failed tasks")
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[Task]) -> None:
        failed = list(queryset.filter(state=Task.State.FAILED))
        for task in failed:
            tasks.retry(task)
        self.message_user(request, f"{len(failed)} task(s) queued again.", messages.SUCCESS)
