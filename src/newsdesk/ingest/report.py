"""What an import did, for the command line (text or ``--json``) and the desk."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    # Article slugs by outcome; other kinds are counted in ``kinds``.
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited here since the last import
    errors: list[str] = field(default_factory=list)  # "where: what", one per skipped item
    notes: list[str] = field(default_factory=list)
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    def count(self, kind: str, outcome: str) -> None:
        counts = self.kinds.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] = counts.get(outcome, 0) + 1

    def as_dict(self) -> dict[str, object]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "kept": len(self.kept),
            "failed": len(self.errors),
            "dry_run": self.dry_run,
            "slugs": self.created + self.updated,
            "kept_slugs": self.kept,
            "errors": self.errors,
            "notes": self.notes,
            "kinds": self.kinds,
        }

    def summary(self) -> str:
        parts = [f"{len(self.created)} created", f"{len(self.updated)} updated"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.kept:
            parts.append(f"{len(self.kept)} kept (edited here since the last import)")
        parts.append(f"{len(self.errors)} failed")
        others = [
            f"{kind}s: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
            for kind, counts in sorted(self.kinds.items())
            if kind != "article" and any(counts.values())
        ]
        line = ", ".join(parts)
        prefix = "dry run, nothing saved: " if self.dry_run else ""
        return prefix + line + (f" ({'; '.join(others)})" if others else "")
