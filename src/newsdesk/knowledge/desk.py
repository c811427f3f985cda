"""The publish gate and the checks' panel on the desk's article form."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from newsdesk.accounts.models import User
from newsdesk.knowledge import gate
from newsdesk.knowledge.types import Finding
from newsdesk.publishing.models import Article

SHOWN = 20  # blocking findings listed on the form; a pathological text can have thousands
OVERRIDE_HELP = "Only to publish over the editorial checks' errors: say why. It is recorded."


def override_field() -> forms.CharField:
    return forms.CharField(
        label="Override reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=OVERRIDE_HELP,
    )


def describe(finding: Finding) -> str:
    excerpt = " ".join(finding.excerpt.split())
    where = f" (in the {finding.field})" if finding.field != "body" else ""
    return f"{finding.rule}{where}: {finding.message}" + (
        f" — “{excerpt[:120]}”" if excerpt else ""
    )


def check_form(form: forms.ModelForm, cleaned: dict[str, Any]) -> None:  # type: ignore[type-arg]
    """Refuse to take the article live over the checks' errors unless a reason is given.

    Runs in the form's ``clean()``, where ``form.instance`` still holds the saved values. Sets
    ``form.blocking_findings`` for ``record_form_override`` after the save.
    """
    instance: Article = form.instance
    form.blocking_findings = []  # type: ignore[attr-defined]
    text = SimpleNamespace(
        **{name: cleaned.get(name, getattr(instance, name)) or "" for name in gate.CONTENT_FIELDS}
    )
    saved = instance.pk is not None
    changed = not saved or any(
        getattr(text, name) != getattr(instance, name) for name in gate.CONTENT_FIELDS
    )
    status = cleaned.get("status") or ""
    old_status = instance.status if saved else None
    if not gate.is_gated(new_status=status, old_status=old_status, content_changed=changed):
        return
    blocking = gate.publish_check(text)
    form.blocking_findings = blocking  # type: ignore[attr-defined]
    if blocking and not (cleaned.get("override_reason") or "").strip():
        listed = [describe(f) for f in blocking[:SHOWN]]
        if len(blocking) > SHOWN:
            listed.append(f"… and {len(blocking) - SHOWN} more.")
        form.add_error("override_reason", ValidationError(listed))
        form.add_error(
            None,
            "The editorial checks found errors (listed at “Override reason”). Fix them, "
            "or give an override reason to publish anyway.",
        )


def record_form_override(form: forms.ModelForm, article: Article, user: User | None) -> None:  # type: ignore[type-arg]
    blocking: list[Finding] = getattr(form, "blocking_findings", [])
    reason = (form.cleaned_data.get("override_reason") or "").strip()
    if blocking and reason:
        gate.record_override(article=article, user=user, reason=reason, findings=blocking)


def findings_panel(article: Article) -> SafeString:
    """A read-only table of what the checks say about the article as saved."""
    if article.pk is None:
        return format_html("<p>{}</p>", "The checks run once the article is saved.")
    findings = gate.panel_findings(article)
    if not findings:
        return format_html("<p>{}</p>", "No findings.")
    rows = format_html_join(
        "",
        '<tr class="finding-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (f.severity, f.severity, f.rule, f.message, " ".join(f.excerpt.split())[:200])
            for f in findings
        ),
    )
    return format_html(
        '<table class="editorial-checks"><thead><tr><th scope="col">Severity</th>'
        '<th scope="col">Rule</th><th scope="col">Message</th><th scope="col">Excerpt</th>'
        "</tr></thead><tbody>{}</tbody></table>",
        rows,
    )
