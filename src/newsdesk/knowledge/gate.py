"""The publish gate: the text-only editorial checks, run synchronously when an editor publishes.

Errors block publishing unless the editor gives a reason, which is kept as a
``PublishOverride``. Imports, the demo and the worker's scheduled go-live are not gated (a
scheduled article was gated when it was scheduled).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import QuerySet

from newsdesk.accounts.models import User
from newsdesk.knowledge import checks
from newsdesk.knowledge.models import Finding as StoredFinding
from newsdesk.knowledge.models import PublishOverride
from newsdesk.knowledge.types import Finding
from newsdesk.publishing.models import Article

LIVE = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
CONTENT_FIELDS = ("title", "dek", "body")
KEPT = 500  # overridden findings kept with an override (a pathological text has thousands)
# The rules `checks.run` applies without the pipeline's output: always checked live.
TEXT_RULES = frozenset(checks.TEXT_RULES)


class ArticleLike(Protocol):
    title: str
    dek: str
    body: str


class PublishBlocked(Exception):
    """Publishing refused: the checks found errors and no override reason was given."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(summary(findings))
        self.findings = findings


def text_findings(article: ArticleLike) -> list[Finding]:
    """What the text-only checks say (no spaCy: fast enough for a request)."""
    return checks.run(article.body or "", title=article.title or "", dek=article.dek or "")


def publish_check(article: ArticleLike) -> list[Finding]:
    """The findings that block publishing this text: the errors."""
    return [f for f in text_findings(article) if f.severity == "error"]


def is_gated(*, new_status: str, old_status: str | None, content_changed: bool) -> bool:
    """Going live is gated, and so is changing the text of what is already live."""
    if new_status not in LIVE:
        return False
    return old_status not in LIVE or content_changed


def summary(findings: list[Finding]) -> str:
    return "; ".join(f"{f.rule}: {f.message}" for f in findings)


def finding_problem(finding: Finding) -> dict[str, Any]:
    """A blocking finding as an item of an API 422 (the keys of a validation error, and more)."""
    return {
        "type": "editorial_check",
        "loc": ["body", finding.field],
        "msg": f"{finding.rule}: {finding.message}",
        **finding.as_json(),
    }


def record_override(
    *, article: Article, user: User | None, reason: str, findings: list[Finding]
) -> PublishOverride:
    return PublishOverride.objects.create(
        article=article,
        user=user,
        reason=reason.strip(),
        findings=[f.as_json() for f in findings[:KEPT]],
    )


def require_clear(
    *, article: Article, user: User | None, reason: str | None, findings: list[Finding]
) -> None:
    """Raise ``PublishBlocked`` on errors without a reason; with one, record the override."""
    if not findings:
        return
    if not (reason or "").strip():
        raise PublishBlocked(findings)
    record_override(article=article, user=user, reason=reason or "", findings=findings)


def stored_findings(article: Article) -> QuerySet[StoredFinding]:
    return StoredFinding.objects.filter(article=article).order_by("field", "start")


def panel_findings(article: Article) -> list[Finding]:
    """The change page's panel: the text checks run now, then the warnings of the worker's
    last extraction that need the pipeline (its text-rule findings may be stale)."""
    live = text_findings(article)
    stored = [
        Finding(
            rule=f.rule,
            severity="error" if f.severity == "error" else "warning",
            message=f.message,
            excerpt=f.excerpt,
            start=f.start,
            end=f.end,
            field="title" if f.field == "title" else "dek" if f.field == "dek" else "body",
        )
        for f in stored_findings(article)
        if f.rule not in TEXT_RULES
    ]
    return live + stored
