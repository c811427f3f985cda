"""Imports started from the desk: queued as a run, carried out by the worker with progress."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.ingest import services
from newsdesk.ingest.fetch import FetchError
from newsdesk.ingest.importers import SourceError
from newsdesk.ingest.models import ImportRun
from newsdesk.ops import tasks

TASK = "ingest.run"


@transaction.atomic
def import_run_start(
    *, kind: str, user: User, upload: UploadedFile | None, url: str, dry_run: bool
) -> ImportRun:
    run = ImportRun(kind=kind, created_by=user, dry_run=dry_run, target=url)
    if upload is not None:
        run.target = upload.name or "upload"
        run.upload.save(upload.name or "upload", upload, save=False)
    run.save()
    tasks.enqueue(TASK, str(run.pk))
    return run


def import_run_execute(*, run_id: int) -> None:
    """Carry out a queued run; safe to repeat (a killed worker's run is simply done again)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.state in {ImportRun.State.DONE, ImportRun.State.FAILED}:
        return
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    target = run.upload.path if run.upload else run.target
    try:
        report = services.import_source(
            kind=run.kind, target=target, dry_run=run.dry_run, progress=progress
        )
    except (SourceError, FetchError) as exc:
        outcome: dict[str, object] = {"state": ImportRun.State.FAILED, "error": str(exc)}
    else:
        outcome = {"state": ImportRun.State.DONE, "report": report.as_dict()}
    # An uploaded export holds drafts and subscriber addresses: keep it no longer than needed.
    if run.upload:
        run.upload.delete(save=False)
    ImportRun.objects.filter(pk=run.pk).update(upload="", finished_at=timezone.now(), **outcome)
