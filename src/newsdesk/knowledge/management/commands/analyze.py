"""`newsdesk analyze PATH.md [--json]`: the pipeline and checks on one file, no database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from newsdesk.ingest.frontmatter import MAX_FILE_BYTES, split_front_matter
from newsdesk.knowledge import pipeline
from newsdesk.knowledge.types import Analysis


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or 'cannot be read'}") from None


def _text(meta: dict[str, Any], name: str) -> str:
    value = meta.get(name)
    return value.strip() if isinstance(value, str) else ""


def _date(meta: dict[str, Any]) -> dt.date:
    value = meta.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
    return timezone.localdate()


class Command(BaseCommand):
    help = "Run the knowledge pipeline and the editorial checks on one Markdown file."
    # It must work with no database at all, so nothing here may query or check one.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a Markdown file, front matter optional")
        parser.add_argument("--json", action="store_true", help="print the JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            meta, body = split_front_matter(_read(path))
        except (ValueError, yaml.YAMLError) as exc:
            raise CommandError(f"{path}: bad front matter: {str(exc).splitlines()[0]}") from None
        meta = meta or {}
        analysis = pipeline.analyze(
            body, title=_text(meta, "title"), dek=_text(meta, "dek"), published=_date(meta)
        )
        if options["json"]:
            self.stdout.write(json.dumps(analysis.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(analysis))


def summary(analysis: Analysis) -> str:
    lines = [f"{analysis.title or '(no title)'}: {analysis.words} words"]
    if analysis.entities:
        lines.append(f"\nEntities ({len(analysis.entities)}):")
        for entity in analysis.entities:
            aliases = f" ({', '.join(entity.aliases)})" if entity.aliases else ""
            lines.append(f"  {entity.kind:<6} {entity.name}{aliases} ×{len(entity.mentions)}")
    if analysis.quotes:
        lines.append(f"\nQuotes ({len(analysis.quotes)}):")
        for quote in analysis.quotes:
            who = quote.speaker or "(no speaker)"
            lines.append(f"  [{quote.kind}] {who}: {_short(quote.text)}")
    if analysis.figures:
        lines.append(f"\nFigures ({len(analysis.figures)}):")
        lines.extend(f"  {f.value:g} {f.unit or ''}: {_short(f.text)}" for f in analysis.figures)
    if analysis.events:
        lines.append(f"\nEvents ({len(analysis.events)}):")
        lines.extend(f"  {e.date:<10} {_short(e.text)}" for e in analysis.events)
    lines.append(f"\nFindings ({len(analysis.findings)}):")
    for finding in analysis.findings:
        lines.append(f"  {finding.severity:<7} {finding.rule}: {finding.message}")
        if finding.excerpt:
            lines.append(f"          {_short(finding.excerpt)}")
    if analysis.failures:
        lines.append("\nFailed: " + "; ".join(analysis.failures))
    return "\n".join(lines)


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
