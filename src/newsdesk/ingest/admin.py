"""The desk's import page (upload or URL, then a progress view) and the provenance list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse

from newsdesk.accounts.models import User
from newsdesk.ingest.forms import ImportForm
from newsdesk.ingest.models import ImportedItem, ImportRun
from newsdesk.ingest.runs import import_run_start


def _editor(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.is_staff and user.can_publish


class EditorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _editor(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "kind", "target", "state", "done", "total", "dry_run"]
    list_filter = ["kind", "state"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _editor(request)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="ingest_importrun_progress"),
            *super().get_urls(),
        ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse("Only editors can import.", status=403)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            assert isinstance(request.user, User)
            run = import_run_start(
                kind=form.cleaned_data["kind"],
                user=request.user,
                upload=form.cleaned_data["file"],
                url=form.cleaned_data["url"] or "",
                dry_run=form.cleaned_data["dry_run"],
            )
            return HttpResponseRedirect(reverse("admin:ingest_importrun_progress", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Import content",
        }
        return render(request, "admin/ingest/importrun/start.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:ingest_importrun_progress", args=[object_id]))

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse("Only editors can import.", status=403)
        run = get_object_or_404(ImportRun, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "run": run,
            "report": run.report,
            "title": f"Import {run.kind}: {run.target}",
        }
        return render(request, "admin/ingest/importrun/progress.html", context)


@admin.register(ImportedItem)
class ImportedItemAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["updated_at", "source", "kind", "external_id", "object_id", "source_url"]
    list_filter = ["source", "kind"]
    search_fields = ["external_id", "source_url"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
