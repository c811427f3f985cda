"""The desk's entities: find them by kind and name, merge duplicates, split conflated ones.

Everyone on the desk may look; only editors merge, split, rename or delete.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse

from newsdesk.knowledge import curation
from newsdesk.knowledge.models import Entity, EntityName, PublishOverride
from newsdesk.publishing.admin import DeskAccess


class MergedFilter(admin.SimpleListFilter):
    """Entities merged into another are forwarding rows: hidden unless asked for."""

    title = "merged"
    parameter_name = "merged"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Merged into another"), ("all", "All")]

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Current",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(merged_into__isnull=True)


class EntityNameInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EntityName
    extra = 0
    fields = ["name", "key", "pinned"]
    readonly_fields = ["name", "key"]
    verbose_name = "name"

    # The desk's roles, not Django's per-model permissions (as DeskAccess does for the pages).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "can_publish", False))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # names come from articles; a merge or split moves them


@admin.register(Entity)
class EntityAdmin(DeskAccess, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "article_count", "quote_count", "merged_into", "slug"]
    list_filter = ["kind", MergedFilter]
    search_fields = ["name", "names__name", "slug"]
    ordering = ["-article_count", "name"]
    readonly_fields = ["kind", "merged_into", "article_count", "quote_count", "created_at"]
    fields = ["name", "slug", "kind", "merged_into", "article_count", "quote_count", "created_at"]
    inlines = [EntityNameInline]
    actions = ["merge_selected"]
    change_form_template = "admin/knowledge/entity/change_form.html"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # entities come from extraction

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/split/", view(self.split_view), name="knowledge_entity_split"),
            *super().get_urls(),
        ]

    @admin.action(description="Merge selected entities into…", permissions=["change"])
    def merge_selected(
        self, request: HttpRequest, queryset: QuerySet[Entity]
    ) -> HttpResponse | None:
        entities = list(queryset.order_by("-article_count", "pk"))
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.ERROR)
            return None
        chosen = request.POST.get("survivor")
        if chosen is None:
            return self._merge_page(request, entities)
        survivor = next((e for e in entities if str(e.pk) == chosen), None)
        if survivor is None:
            self.message_user(request, "Choose one of the selected entities.", messages.ERROR)
            return self._merge_page(request, entities)
        try:
            curation.entity_merge(survivor=survivor, losers=entities)
        except curation.CurationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        self.message_user(
            request, f"Merged {len(entities) - 1} entities into “{survivor}”.", messages.SUCCESS
        )
        return None

    def _merge_page(self, request: HttpRequest, entities: list[Entity]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge entities",
            "entities": entities,
            "default": entities[0].pk,  # the one in most articles
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/knowledge/entity/merge.html", context)

    def split_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        entity = get_object_or_404(Entity, pk=pk)
        if not self.has_change_permission(request, entity):
            messages.error(request, "Only editors can split entities.")
            return HttpResponseRedirect(reverse("admin:knowledge_entity_change", args=[pk]))
        if request.method == "POST":
            chosen = [int(v) for v in request.POST.getlist("names") if v.isdigit()]
            try:
                new = curation.entity_split(entity=entity, name_ids=chosen)
            except curation.CurationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Split “{new}” off “{entity.name}”.")
                return HttpResponseRedirect(reverse("admin:knowledge_entity_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Split “{entity}”",
            "entity": entity,
            "names": entity.names.order_by("name"),
        }
        return render(request, "admin/knowledge/entity/split.html", context)


@admin.register(PublishOverride)
class PublishOverrideAdmin(DeskAccess, admin.ModelAdmin):  # type: ignore[type-arg]
    """Who published over the checks' errors, and why: a record, not something to edit."""

    list_display = ["article", "user", "reason", "created_at"]
    readonly_fields = ["article", "user", "reason", "findings", "created_at"]
    search_fields = ["article__title", "reason"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
