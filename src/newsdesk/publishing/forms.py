from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.knowledge import desk as knowledge_desk
from newsdesk.publishing.models import Article


class ArticleForm(forms.ModelForm):  # type: ignore[type-arg]
    """The desk's article form; knows who is editing, to keep contributors to drafts."""

    user: User | None = None
    canonical_url = forms.URLField(
        required=False, assume_scheme="https", help_text="Only when the original lives elsewhere."
    )
    # The publish gate (knowledge.gate): needed only to publish over the checks' errors.
    override_reason = knowledge_desk.override_field()

    class Meta:
        model = Article
        fields = [
            "title", "slug", "dek", "body", "status", "published_at", "featured", "topics",
            "email_on_publish",
            "hero_image", "hero_alt", "seo_title", "seo_description", "canonical_url",
        ]  # fmt: skip
        widgets = {
            "body": forms.Textarea(
                attrs={"rows": 30, "class": "markdown-editor", "spellcheck": "true"}
            ),
            "dek": forms.TextInput(attrs={"size": 100}),
            "title": forms.TextInput(attrs={"size": 100}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        when = cleaned.get("published_at")
        if self.user is not None and not self.user.can_publish and status != Article.Status.DRAFT:
            self.add_error("status", "Contributors save drafts; an editor publishes them.")
        if status == Article.Status.SCHEDULED and (when is None or when <= timezone.now()):
            self.add_error(
                "published_at", "A scheduled article needs a publication time in the future."
            )
        knowledge_desk.check_form(self, cleaned)
        return cleaned
