from __future__ import annotations

from typing import Any

from django import forms

from newsdesk.ingest.importers import IMPORTERS


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What to import",
        choices=[(i.name, f"{i.name}: {i.summary}") for i in IMPORTERS.values()],
    )
    file = forms.FileField(required=False, help_text="A WordPress, Ghost or feed file.")
    url = forms.URLField(
        required=False, assume_scheme="https", help_text="A feed or web article address."
    )
    dry_run = forms.BooleanField(
        required=False, label="Dry run", help_text="Check and report, but save nothing."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, upload, url = data.get("kind"), data.get("file"), data.get("url")
        if kind is None:
            return data
        takes = IMPORTERS[kind].takes
        if upload and url:
            raise forms.ValidationError("Give a file or a URL, not both.")
        if "URL" not in takes and not upload:
            raise forms.ValidationError(f"A {kind} import needs a file.")
        if takes == "URL" and not url:
            raise forms.ValidationError(f"A {kind} import needs a URL.")
        if not upload and not url:
            raise forms.ValidationError("Give a file or a URL.")
        return data
