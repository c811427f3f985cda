"""The newsletter in the desk: subscribers (with CSV import and export), newsletters, campaigns
with preview, test send and live progress, delivery records and the local outbox.

Subscribers' addresses are personal data: only editors see any of it.
"""

from __future__ import annotations

import email
import io
from email import policy
from email.message import EmailMessage
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from newsdesk.accounts.models import User
from newsdesk.newsletter import campaigns, csvio
from newsdesk.newsletter.compose import UnsendableMessage, check_header
from newsdesk.newsletter.models import Campaign, Delivery, Newsletter, OutboxMessage, Subscriber
from newsdesk.newsletter.transports import SendError
from newsdesk.publishing.models import Article


def _editor(request: HttpRequest) -> bool:
    return isinstance(request.user, User) and request.user.can_publish


class EditorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _editor(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editor(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editor(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editor(request)


class ReadOnly(EditorsOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Newsletter)
class NewsletterAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "active", "default", "new_articles", "subscriber_count"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Newsletter]:
        queryset: QuerySet[Newsletter] = super().get_queryset(request)
        return queryset.annotate(n=Count("subscribers"))

    @admin.display(description="subscribers", ordering="n")
    def subscriber_count(self, obj: Any) -> int:
        return int(obj.n)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV: email,name,status,newsletters,topics,created_at")
    confirmed = forms.BooleanField(
        required=False,
        label="These people already opted in",
        help_text="Unticked, every new address gets an email asking to confirm.",
    )


@admin.register(Subscriber)
class SubscriberAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    change_list_template = "admin/newsletter/subscriber/change_list.html"
    list_display = ["email", "name", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "newsletters", "topics", "source", "created_at"]
    search_fields = ["email", "name"]
    filter_horizontal = ["newsletters", "topics"]
    readonly_fields = ["domain", "source", "confirmed_at", "unsubscribed_at", "last_link_sent_at"]
    date_hierarchy = "created_at"
    actions = ["mark_unsubscribed"]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="newsletter_subscriber_import"),
            path("export/", view(self.export_view), name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = io.StringIO(raw.decode("utf-8-sig"), newline="")
                report = csvio.import_csv(text, confirmed=form.cleaned_data["confirmed"])
            except UnicodeDecodeError:
                form.add_error("file", "The file is not UTF-8 text.")
            except csvio.CSVError as exc:
                form.add_error("file", str(exc))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "title": "Import subscribers",
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        csvio.export_csv(response)  # type: ignore[arg-type]
        return response

    @admin.action(description="Unsubscribe selected subscribers")
    def mark_unsubscribed(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        n = queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED
        )
        self.message_user(request, f"{n} subscriber(s) unsubscribed.", messages.SUCCESS)


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Campaign
        fields = [
            "kind", "newsletter", "article", "subject", "audience_topics", "scheduled_at",
            "rate_limit",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "article" in self.fields:
            field = self.fields["article"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Article.objects.published().order_by("-published_at")

    def clean_subject(self) -> str:
        subject = str(self.cleaned_data.get("subject", ""))
        try:
            return check_header("subject", subject).strip()
        except UnsendableMessage as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Campaign.Kind.ARTICLE and not cleaned.get("article"):
            self.add_error("article", "Choose the article to send.")
        return cleaned


_ACTIONS: dict[str, list[tuple[str, str]]] = {
    Campaign.State.DRAFT: [
        ("schedule", "Schedule (now, or at the time set)"),
        ("cancel", "Cancel"),
    ],
    Campaign.State.SCHEDULED: [("pause", "Pause"), ("cancel", "Cancel")],
    Campaign.State.SENDING: [("pause", "Pause"), ("cancel", "Cancel")],
    Campaign.State.PAUSED: [("resume", "Resume"), ("cancel", "Cancel")],
}


@admin.register(Campaign)
class CampaignAdmin(EditorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    form = CampaignForm
    change_form_template = "admin/newsletter/campaign/change_form.html"
    list_display = ["__str__", "newsletter", "kind", "state", "progress", "scheduled_at"]
    list_filter = ["state", "kind", "newsletter"]
    search_fields = ["subject", "article__title"]
    filter_horizontal = ["audience_topics"]
    readonly_fields = ["state", "started_at", "finished_at", "last_error"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.state not in (Campaign.State.DRAFT, Campaign.State.SCHEDULED):
            return [*CampaignForm.Meta.fields, *self.readonly_fields]
        return list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="progress")
    def progress(self, obj: Campaign) -> str:
        p = campaigns.campaign_progress(obj)
        return f"{p['sent']}/{p['total']} sent, {p['failed']} failed, {p['bounced']} bounced"

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        campaign = Campaign.objects.filter(pk=object_id).first()
        actions = _ACTIONS.get(campaign.state, []) if campaign else []
        extra = {
            **(extra_context or {}),
            "campaign_actions": [("test", "Send a test to me"), *actions],
        }
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="newsletter_campaign_preview"),
            path(
                "<int:pk>/progress.json",
                view(self.progress_view),
                name="newsletter_campaign_progress",
            ),
            path(
                "<int:pk>/do/<str:action>/",
                view(require_POST(self.action_view)),
                name="newsletter_campaign_action",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        try:
            html = campaigns.campaign_preview_html(campaign)
        except campaigns.CampaignError as exc:
            return HttpResponse(str(exc), status=409, content_type="text/plain")
        response = HttpResponse(html)
        # The email's own HTML, shown as it is: no script may run in the desk's origin.
        response.headers["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src *; style-src 'unsafe-inline'"
        )
        return response

    def progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        return JsonResponse(
            {"state": campaign.state, "last_error": campaign.last_error,
             **campaigns.campaign_progress(campaign)}
        )  # fmt: skip

    def action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        back = HttpResponseRedirect(reverse("admin:newsletter_campaign_change", args=[pk]))
        try:
            done = self._act(request, campaign, action)
        except (campaigns.CampaignError, SendError, UnsendableMessage) as exc:
            messages.error(request, str(exc))
            return back
        messages.success(request, done)
        return back

    def _act(self, request: HttpRequest, campaign: Campaign, action: str) -> str:
        if action == "test":
            assert isinstance(request.user, User)
            campaigns.campaign_test_send(campaign=campaign, to=request.user.email)
            return f"A test was sent to {request.user.email}."
        if action == "schedule":
            campaigns.campaign_schedule(campaign=campaign, at=campaign.scheduled_at)
            return "Scheduled: a worker starts sending at the time set."
        moves = {
            "pause": campaigns.campaign_pause,
            "resume": campaigns.campaign_resume,
            "cancel": campaigns.campaign_cancel,
        }
        if action not in moves:
            raise campaigns.CampaignError(f"unknown action {action!r}")
        campaign = moves[action](campaign=campaign)
        return f"The campaign is {campaign.get_state_display().lower()}."


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "email",
        "campaign",
        "state",
        "attempts",
        "sent_at",
        "possible_duplicate",
        "error",
    ]
    list_filter = ["state", "possible_duplicate", "campaign"]
    search_fields = ["email"]
    list_select_related = ["campaign", "campaign__article"]
    show_full_result_count = False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """The embedded outbox: what would have gone out, for `make run` without a mail server."""

    list_display = ["created_at", "recipient", "subject"]
    search_fields = ["recipient", "subject"]
    fields = ["created_at", "sender", "recipient", "subject", "rendered", "message"]
    readonly_fields = ["created_at", "sender", "recipient", "subject", "rendered", "message"]

    @admin.display(description="as HTML")
    def rendered(self, obj: OutboxMessage) -> str:
        parsed = email.message_from_string(obj.message, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        part = parsed.get_body(preferencelist=("html", "plain"))
        body = part.get_content() if part is not None else ""
        return format_html(
            '<iframe sandbox="" srcdoc="{}" style="width:100%;height:40rem;border:1px solid #ccc">'
            "</iframe>",
            body,
        )
