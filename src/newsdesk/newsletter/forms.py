from __future__ import annotations

from typing import Any

from django import forms

from newsdesk.newsletter.models import Newsletter
from newsdesk.publishing.models import Topic


class SignupForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=200, required=False)
    # The honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(required=False)
    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["newsletters"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Newsletter.objects.active()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class PreferencesForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Digests bring you the articles on the topics you follow; none: all of them.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        newsletters = self.fields["newsletters"]
        topics = self.fields["topics"]
        assert isinstance(newsletters, forms.ModelMultipleChoiceField)
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        newsletters.queryset = Newsletter.objects.active()
        topics.queryset = Topic.objects.order_by("name")
