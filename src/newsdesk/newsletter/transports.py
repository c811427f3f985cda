"""Where messages go: the local outbox (the embedded default) or an SMTP server.

Both share one shape, ``send(sender, recipient, message)`` and ``close()``, and report every
outcome other than success as one of four exceptions, which the delivery engine turns into a
record. ``SMTPTransport`` keeps its connection open between messages.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.header import decode_header, make_header
from typing import Protocol

from django.conf import settings

from newsdesk.lib.env import EmailConfig
from newsdesk.newsletter import conf
from newsdesk.newsletter.models import OutboxMessage


class SendError(Exception):
    pass


class TemporaryFailure(SendError):
    """A 4xx answer: try again later."""


class Bounce(SendError):
    """A 5xx answer to the recipient: the address does not take mail."""


class PermanentFailure(SendError):
    """A 5xx answer to the sender or the message: sending it again would not help."""


class ConnectionLost(SendError):
    """No answer: the server refused the connection, stalled or hung up.

    ``ambiguous`` when it happened after the message was handed over and before the server's
    answer: the server may have accepted it.
    """

    def __init__(self, message: str, *, ambiguous: bool) -> None:
        super().__init__(message)
        self.ambiguous = ambiguous


class Transport(Protocol):
    def connect(self) -> None: ...

    def send(self, sender: str, recipient: str, message: bytes) -> None: ...

    def close(self) -> None: ...


def open_transport(config: EmailConfig | None = None) -> Transport:
    config = config or settings.EMAIL
    if config.transport == "smtp":
        return SMTPTransport(config, timeout=conf.load().smtp_timeout)
    return OutboxTransport()


def subject_of(message: bytes) -> str:
    head = message.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    for line in head.replace("\r\n ", " ").split("\r\n"):
        if line.lower().startswith("subject:"):
            return str(make_header(decode_header(line[8:].strip())))[:300]
    return ""


class OutboxTransport:
    def connect(self) -> None:
        pass

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        OutboxMessage.objects.create(
            sender=sender,
            recipient=recipient,
            subject=subject_of(message),
            message=message.decode("utf-8", "replace"),
        )

    def close(self) -> None:
        pass


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return f"{code} {' '.join(text.split())}"[:500]


class SMTPTransport:
    def __init__(self, config: EmailConfig, *, timeout: float) -> None:
        self.config = config
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        where = f"{config.host}:{config.port}"
        try:
            smtp: smtplib.SMTP
            if config.use_ssl:
                smtp = smtplib.SMTP_SSL(
                    config.host,
                    config.port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=self.timeout)
            smtp.ehlo()
            if config.use_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config.username:
                smtp.login(config.username, config.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise ConnectionLost(
                f"{where} refused our login: {_reply(exc.smtp_code, exc.smtp_error)}",
                ambiguous=False,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionLost(f"cannot talk to {where}: {exc}", ambiguous=False) from None
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def _refused(self, code: int, reply: bytes | str, stage: str) -> SendError:
        answer = f"{stage}: {_reply(code, reply)}"
        if code == 421 or self._smtp is None or self._smtp.sock is None:
            self._drop()  # the server is closing this connection
            return TemporaryFailure(answer)
        try:
            self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()
        if 400 <= code < 500:
            return TemporaryFailure(answer)
        if stage == "RCPT TO":
            return Bounce(answer)
        return PermanentFailure(answer)

    def connect(self) -> None:
        if self._smtp is None:
            self._smtp = self._connect()

    def _envelope(self, smtp: smtplib.SMTP, sender: str, recipient: str) -> None:
        """MAIL FROM, RCPT TO and DATA, in one round trip when the server allows pipelining."""
        commands = [f"MAIL FROM:<{sender}>", f"RCPT TO:<{recipient}>", "DATA"]
        if smtp.has_extn("pipelining"):  # RFC 2920
            smtp.send("".join(f"{c}\r\n" for c in commands))
            answers = [smtp.getreply() for _ in commands]
        else:
            answers = []
            for command in commands:
                answers.append(smtp.docmd(command))
                if answers[-1][0] >= 400:
                    break
        stages = ("MAIL FROM", "RCPT TO", "DATA")
        for (code, reply), stage, ok in zip(answers, stages, (250, 250, 354), strict=False):
            if code != ok and not (stage == "RCPT TO" and code == 251):
                if answers[-1][0] == 354:  # a server that took DATA anyway: end it empty
                    smtp.send(".\r\n")
                    smtp.getreply()
                raise self._refused(code, reply, stage)

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        """Hand one message over; raises a SendError for every outcome but acceptance.

        Addresses must already be checked (``compose.smtp_address``) and the message end its
        lines with CRLF, as ``compose.Prepared`` makes them.
        """
        self.connect()
        smtp = self._smtp
        assert smtp is not None
        try:
            self._envelope(smtp, sender, recipient)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            raise ConnectionLost(
                f"connection lost before the message: {exc}", ambiguous=False
            ) from None
        # Dot-stuffing (RFC 5321 4.5.2): our lines already end in CRLF.
        body = message.replace(b"\r\n.", b"\r\n..")
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        try:
            smtp.send(body + b".\r\n")
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            raise ConnectionLost(
                f"connection lost while sending the message: {exc}", ambiguous=True
            ) from None
        if code != 250:
            raise self._refused(code, reply, "DATA")

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._drop()
