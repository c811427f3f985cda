"""The editors' desk: articles with live preview, reader preview, revisions; authors; topics."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse

from newsdesk.accounts.models import User
from newsdesk.knowledge import desk as knowledge_desk
from newsdesk.knowledge import gate as knowledge_gate
from newsdesk.lib.markdown import render_markdown
from newsdesk.publishing import services
from newsdesk.publishing.forms import ArticleForm
from newsdesk.publishing.models import Article, ArticleAuthor, Author, Revision, Topic
from newsdesk.publishing.views import render_article


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class DeskAccess:
    """Every active staff member reads the desk; only editors change what is already public."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _user(request).can_publish

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _user(request).can_publish

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _user(request).can_publish


class ArticleAuthorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ArticleAuthor
    extra = 0
    min_num = 1
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    verbose_name = "byline author"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(Article)
class ArticleAdmin(DeskAccess, admin.ModelAdmin):  # type: ignore[type-arg]
    form = ArticleForm
    change_form_template = "admin/publishing/article/change_form.html"
    list_display = ["title", "status", "published_at", "featured", "updated_at"]
    list_filter = ["status", "featured", "topics", "authors"]
    search_fields = ["title", "dek", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    inlines = [ArticleAuthorInline]
    readonly_fields = [
        "word_count",
        "reading_minutes",
        "content_updated_at",
        "created_at",
        "updated_at",
    ]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "override_reason",
                    "featured",
                    "email_on_publish",
                    "topics",
                ]
            },
        ),
        ("Editorial checks", {"fields": ["editorial_checks"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt"], "classes": ["collapse"]}),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description", "canonical_url"], "classes": ["collapse"]},
        ),
        (
            "About this article",
            {"fields": list(readonly_fields), "classes": ["collapse"]},
        ),
    ]

    class Media:
        js = ["newsdesk/admin/markdown-preview.js"]
        css = {"all": ["newsdesk/admin/desk.css"]}

    # Contributors write: they may add articles and change those still in draft.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if _user(request).can_publish:
            return True
        return self.has_module_permission(request) and (
            obj is None or obj.status == Article.Status.DRAFT
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:  # type: ignore[type-arg]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = _user(request)  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        previous = Article.objects.get(pk=obj.pk) if change else None
        services.article_save(article=obj, user=_user(request), previous=previous)
        knowledge_desk.record_form_override(form, obj, _user(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "editorial_checks"]

    @admin.display(description="Findings")
    def editorial_checks(self, obj: Article) -> str:
        return knowledge_desk.findings_panel(obj)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "render-markdown/",
                view(self.render_markdown_view),
                name="publishing_article_render",
            ),
            path("<int:pk>/preview/", view(self.preview_view), name="publishing_article_preview"),
            path(
                "<int:pk>/revisions/",
                view(self.revisions_view),
                name="publishing_article_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:revision_id>/restore/",
                view(self.restore_view),
                name="publishing_article_restore",
            ),
            *super().get_urls(),
        ]

    def render_markdown_view(self, request: HttpRequest) -> JsonResponse:
        if request.method != "POST" or not self.has_module_permission(request):
            return JsonResponse({"error": "POST the Markdown as 'body'."}, status=400)
        return JsonResponse({"html": render_markdown(request.POST.get("body", "")).html})

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = get_object_or_404(Article.objects.prefetch_related("authors", "topics"), pk=pk)
        return render_article(request, article, preview=True)

    def revisions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "revisions": article.revisions.select_related("created_by")[:200],
            "can_restore": self.has_change_permission(request, article),
            "title": f"Revisions of “{article.title}”",
        }
        return render(request, "admin/publishing/article/revisions.html", context)

    def restore_view(self, request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        revision = get_object_or_404(Revision, pk=revision_id, article_id=pk)
        if not self.has_change_permission(request, revision.article):
            messages.error(request, "You cannot change this article.")
        else:
            services.revision_restore(revision=revision, user=_user(request))
            messages.success(
                request, f"Restored the revision of {revision.created_at:%Y-%m-%d %H:%M}."
            )
        return HttpResponseRedirect(reverse("admin:publishing_article_change", args=[pk]))

    @admin.action(description="Publish selected articles now")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        published = 0
        for article in queryset:
            # The publish gate: no override reason here; that takes the article's own page.
            blocking = knowledge_gate.publish_check(article)
            if blocking and article.status not in knowledge_gate.LIVE:
                self.message_user(
                    request,
                    f"Not published: “{article.title}” — {knowledge_gate.summary(blocking)}. "
                    "Fix it, or publish it from its page with an override reason.",
                    messages.ERROR,
                )
                continue
            services.article_publish(article=article, user=_user(request))
            published += 1
        self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles")
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_unpublish(article=article, user=_user(request))
        self.message_user(request, f"Unpublished {len(queryset)} article(s).", messages.SUCCESS)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not _user(request).can_publish:
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions


@admin.register(Author)
class AuthorAdmin(DeskAccess, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(DeskAccess, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
