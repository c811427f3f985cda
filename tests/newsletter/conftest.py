"""A real SMTP server on loopback (aiosmtpd) that records what it receives, and can misbehave."""

from __future__ import annotations

import asyncio
import contextlib
import email
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pytest_django.fixtures import Settings as SettingsWrapper

from newsdesk.lib.env import EmailConfig
from newsdesk.newsletter.models import Newsletter, Subscriber

DataHook = Callable[[SMTP, Envelope], Awaitable[str | None]]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)
    # address -> the answer to RCPT TO, e.g. "550 5.1.1 no such user"
    rcpt_answers: dict[str, str] = field(default_factory=dict)
    # runs before the answer to the end of DATA; returns an answer to use instead of 250
    data_hook: DataHook | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    pipelining: bool = False  # aiosmtpd takes pipelined commands, but says so only if asked

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname
        if self.pipelining:
            return [*responses[:-1], "250-PIPELINING", responses[-1]]
        return responses

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.rcpt_answers:
            return self.rcpt_answers[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await self.data_hook(server, envelope) if self.data_hook else None
        if answer is not None:
            return answer
        with self.lock:
            self.received.append(
                Received(
                    str(envelope.mail_from),
                    list(envelope.rcpt_tos),
                    bytes(envelope.original_content or b""),
                )
            )
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _one_connection(settings: SettingsWrapper) -> None:
    # Tests run in one database transaction that other threads cannot see.
    settings.NEWSLETTER = {"connections": 1}


@contextlib.contextmanager
def running_server(*, pipelining: bool) -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder(pipelining=pipelining)
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


@pytest.fixture(params=[False, True], ids=["one-by-one", "pipelining"])
def smtp_server(request: pytest.FixtureRequest) -> Iterator[tuple[Recorder, int]]:
    with running_server(pipelining=request.param) as server:
        yield server


@pytest.fixture
def smtp(smtp_server: tuple[Recorder, int], settings: SettingsWrapper) -> Recorder:
    """Mail goes to the loopback server; one connection per worker, short leases and timeouts."""
    recorder, port = smtp_server
    settings.EMAIL = EmailConfig(transport="smtp", host="127.0.0.1", port=port)
    settings.NEWSLETTER = {"connections": 1, "smtp_timeout": 2.0, "claim_seconds": 30.0}
    return recorder


@pytest.fixture
def every_new(db: None) -> Newsletter:
    return Newsletter.objects.get(slug="every-new-analysis")


@pytest.fixture
def weekly(db: None) -> Newsletter:
    return Newsletter.objects.get(slug="weekly-briefing")


MakeSubscriber = Callable[..., Subscriber]


@pytest.fixture
def make_subscriber(every_new: Newsletter) -> MakeSubscriber:
    counter = iter(range(1, 1_000_000))

    def make(email: str = "", **fields: Any) -> Subscriber:
        n = next(counter)
        newsletters = fields.pop("newsletters", [every_new])
        topics = fields.pop("topics", [])
        fields.setdefault("status", Subscriber.Status.ACTIVE)
        subscriber = Subscriber.objects.create(email=email or f"reader{n}@example.com", **fields)
        subscriber.newsletters.set(newsletters)
        subscriber.topics.set(topics)
        return subscriber

    return make


def stall(seconds: float) -> DataHook:
    async def hook(server: SMTP, envelope: Envelope) -> str | None:
        await asyncio.sleep(seconds)
        return None

    return hook
