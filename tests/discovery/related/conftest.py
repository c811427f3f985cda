"""Articles with real-looking prose on a few distinct subjects, and a way to run the worker."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsdesk.knowledge.tasks import EXTRACT
from newsdesk.ops import tasks
from newsdesk.ops.models import Task
from newsdesk.publishing.models import Article, Topic
from tests.conftest import MakeArticle

GRID = (
    "Transformers are the bottleneck. The Nordhavn grid operator says its connection queue for "
    "substations now stretches past 2031, and data centres, heat pumps and offshore wind farms "
    "all wait in the same line. Utilities order transformers years ahead; factories that wind "
    "the copper coils are booked solid, and the substation upgrades stall."
)
GRID_TOO = (
    "A shortage of large transformers keeps new substations off the Nordhavn grid. The operator's "
    "connection queue grew again this spring as data centres asked for capacity; wind farms "
    "that are built but unconnected now wait for transformer deliveries and copper."
)
MORTGAGE = (
    "Households that fixed their mortgage rates five years ago face renewal at twice the "
    "interest. Lenders expect arrears to rise slowly, as borrowers stretch repayment terms and "
    "cut spending; the central bank watches mortgage renewals more closely than house prices."
)
RANSOMWARE = (
    "Small water utilities run old control systems that ransomware crews can reach from the "
    "internet. A municipal treatment plant paid a ransom last winter after its pumps were "
    "switched to manual; insurers now demand backups and network segmentation before cover."
)
DRONES = (
    "Counter-drone systems at airports and power stations remain rare because jamming radio "
    "signals is illegal for most operators. Police forces test nets and detection radars, "
    "while regulators weigh who may bring a drone down over critical infrastructure."
)

Drain = Callable[[], int]


@pytest.fixture
def drain(db: None) -> Drain:
    """Run queued tasks as the worker would, until none is due; how many ran.

    The knowledge layer's extraction is left out: these tests give articles their entities
    themselves (as Mention rows and the ``extracted`` signal), so that what they check does
    not hang on what spaCy finds in them, nor on the order in which the two kinds of task run.
    """

    def run() -> int:
        count = 0
        while Task.objects.filter(name=EXTRACT).delete() and tasks.run_one():
            count += 1
            assert count < 1000, "the queue does not drain"
        return count

    return run


Story = Callable[..., Article]


@pytest.fixture
def story(make_article: MakeArticle) -> Story:
    def make(title: str, body: str, topics: list[Topic] | None = None, **fields: object) -> Article:
        return make_article(title=title, body=body, dek="", topics=topics or [], **fields)

    return make
