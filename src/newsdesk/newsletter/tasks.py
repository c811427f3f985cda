"""Background work of the newsletter, run by `newsdesk worker` through the task queue.

Campaign delivery itself is a worker job of its own (``delivery.work`` in WORKER_JOBS): it
claims rows in bulk rather than one task per message.
"""

from __future__ import annotations

from newsdesk.newsletter import campaigns, services
from newsdesk.ops import tasks

tasks.handler(services.LINK_TASK, lease_seconds=120)(services.send_link_email)
tasks.handler("newsletter.autosend", lease_seconds=300)(campaigns.article_autosend)
tasks.on_article_change("newsletter.autosend")
