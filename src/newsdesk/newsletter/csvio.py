"""Subscribers in and out as CSV: ``email,name,status,newsletters,topics,created_at``.

Lists are separated by ``|`` and hold slugs. A bad row is reported by its line number and
skipped; the good rows are kept. Rows go to the database in chunks, so a file of a hundred
thousand addresses imports in seconds.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsdesk.newsletter import services
from newsdesk.newsletter.models import Newsletter, Subscriber, domain_of
from newsdesk.ops import tasks
from newsdesk.publishing.models import Topic

COLUMNS = ["email", "name", "status", "newsletters", "topics", "created_at"]
CHUNK = 1000
S = Subscriber.Status
# Without --confirmed an address is only ever pending (it gets an opt-in email) or kept out.
_LEAVERS = {S.UNSUBSCRIBED, S.BOUNCED, S.COMPLAINED}


class CSVError(ValueError):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        failed = len(self.errors)
        return {"created": self.created, "updated": self.updated, "failed": failed}


@dataclass
class Row:
    line: int
    email: str
    name: str
    status: str
    newsletters: list[int]
    topics: list[int]
    created_at: datetime
    status_given: bool = False


class RowError(ValueError):
    pass


class _Parser:
    def __init__(self, confirmed: bool) -> None:
        self.confirmed = confirmed
        self.newsletters = dict(Newsletter.objects.values_list("slug", "pk"))
        self.topics = dict(Topic.objects.values_list("slug", "pk"))
        self.defaults = services.default_newsletter_ids()
        self.seen: dict[str, int] = {}

    def _slugs(self, raw: str, known: dict[str, int], what: str) -> list[int]:
        slugs = [s.strip() for s in raw.split("|") if s.strip()]
        unknown = [s for s in slugs if s not in known]
        if unknown:
            raise RowError(f"no {what} {unknown[0]!r}")
        return [known[s] for s in slugs]

    def _status(self, raw: str) -> str:
        status = raw.strip().lower()
        if status and status not in S.values:
            raise RowError(f"status {raw!r} is not one of {', '.join(S.values)}")
        if self.confirmed:
            return status or S.ACTIVE
        return status if status in _LEAVERS else S.PENDING

    def parse(self, line: int, record: dict[str, str | None]) -> Row:
        value = {k: (v or "").strip() for k, v in record.items() if k}
        try:
            email = services.normalize_email(value.get("email", ""))
        except services.InvalidAddress:
            raise RowError(f"{value.get('email', '')!r} is not an email address") from None
        if email in self.seen:
            raise RowError(f"{email} is already on line {self.seen[email]}")
        created_at = timezone.now()
        if value.get("created_at"):
            parsed = parse_datetime(value["created_at"])
            if parsed is None:
                raise RowError(f"created_at {value['created_at']!r} is not a date and time")
            created_at = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        row = Row(
            line=line,
            email=email,
            name=services.clean_name(value.get("name", "")),
            status=self._status(value.get("status", "")),
            newsletters=self._slugs(value.get("newsletters", ""), self.newsletters, "newsletter")
            or self.defaults,
            topics=self._slugs(value.get("topics", ""), self.topics, "topic"),
            created_at=created_at,
            status_given=bool(value.get("status")),
        )
        self.seen[email] = line
        return row


def _chunks(
    reader: csv.DictReader[str], parser: _Parser, report: ImportReport
) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append(f"line {reader.line_num}: {exc}")
            continue
        try:
            chunk.append(parser.parse(reader.line_num, record))
        except RowError as exc:
            report.errors.append(f"line {reader.line_num}: {exc}")
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_csv(stream: IO[str], *, confirmed: bool) -> ImportReport:
    reader = csv.DictReader(stream)
    if not reader.fieldnames or "email" not in [f.strip() for f in reader.fieldnames]:
        raise CSVError("the first line must name the columns, with at least 'email'")
    reader.fieldnames = [f.strip() for f in reader.fieldnames]
    report = ImportReport()
    parser = _Parser(confirmed)
    for chunk in _chunks(reader, parser, report):
        _save_chunk(chunk, confirmed, report)
    return report


@transaction.atomic
def _save_chunk(rows: list[Row], confirmed: bool, report: ImportReport) -> None:
    existing = {s.email: s for s in Subscriber.objects.filter(email__in=[r.email for r in rows])}
    new = [r for r in rows if r.email not in existing]
    created = Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=r.email, domain=domain_of(r.email), name=r.name, status=r.status,
                created_at=r.created_at, source="import",
                confirmed_at=timezone.now() if r.status == S.ACTIVE else None,
                last_link_sent_at=timezone.now() if r.status == S.PENDING else None,
            )
            for r in new
        ]
    )  # fmt: skip
    by_email = {**existing, **{s.email: s for s in created}}
    for row in rows:
        if row.email in existing:
            _update(existing[row.email], row, confirmed)
    _link(rows, by_email)
    wanted = {r.email: r.newsletters for r in new}
    for subscriber in created:
        if subscriber.status == S.PENDING:
            ids = ",".join(str(n) for n in wanted[subscriber.email])
            tasks.enqueue(services.LINK_TASK, f"confirm:{subscriber.pk}:{ids}")
    report.created += len(created)
    report.updated += len(rows) - len(new)


def _update(subscriber: Subscriber, row: Row, confirmed: bool) -> None:
    fields: list[str] = []
    if row.name and row.name != subscriber.name:
        subscriber.name, fields = row.name, [*fields, "name"]
    # Only an explicit status, with --confirmed, changes a known subscriber's state.
    if confirmed and row.status_given and row.status != subscriber.status:
        subscriber.status, fields = row.status, [*fields, "status"]
    if fields:
        subscriber.save(update_fields=fields)


def _link(rows: list[Row], by_email: dict[str, Subscriber]) -> None:
    newsletters = Subscriber.newsletters.through
    topics = Subscriber.topics.through
    newsletters.objects.bulk_create(
        [
            newsletters(subscriber_id=by_email[r.email].pk, newsletter_id=n)
            for r in rows
            for n in r.newsletters
        ],
        ignore_conflicts=True,
    )
    topics.objects.bulk_create(
        [topics(subscriber_id=by_email[r.email].pk, topic_id=t) for r in rows for t in r.topics],
        ignore_conflicts=True,
    )


def export_csv(out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    subscribers = Subscriber.objects.order_by("id").prefetch_related("newsletters", "topics")
    for s in subscribers.iterator(chunk_size=2000):
        writer.writerow(
            [
                s.email, s.name, s.status,
                "|".join(n.slug for n in s.newsletters.all()),
                "|".join(t.slug for t in s.topics.all()),
                s.created_at.isoformat(),
            ]
        )  # fmt: skip
        count += 1
    return count
