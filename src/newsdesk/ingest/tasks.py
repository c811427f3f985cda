from __future__ import annotations

from newsdesk.ingest.runs import TASK, import_run_execute
from newsdesk.ops import tasks


@tasks.handler(TASK, lease_seconds=3600)
def run_import(key: str) -> None:
    import_run_execute(run_id=int(key))
