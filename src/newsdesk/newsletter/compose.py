"""The one email builder: a message prepared once, then made personal per recipient cheaply.

A campaign's HTML and text are rendered (and the CSS inlined) once, with a marker standing in
for the recipient's link token. ``Prepared`` encodes every static piece to quoted-printable
ahead of time and joins the pieces with the recipient's encoded token through soft line breaks
(``=\\r\\n``, which decode to nothing), so personalizing costs a few string joins instead of a
MIME build. Headers that differ per recipient (To, Date, Message-ID, List-Unsubscribe) are
written here, after checking that no value can inject a header of its own.

Django-free on purpose: the delivery engine calls ``personalize`` in its hot loop.
"""

from __future__ import annotations

import binascii
import re
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate
from urllib.parse import quote

# Control characters other than tab: a line break in a header value starts a header of its own.
_UNSAFE_HEADER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_SOFT_BREAK = b"=\r\n"
_URL_SAFE = re.compile(r"[A-Za-z0-9_:-]*")


class UnsendableMessage(ValueError):
    """A message that must not go out as it is: the reason says why, for the delivery record."""


def check_header(name: str, value: str) -> str:
    if _UNSAFE_HEADER.search(value):
        raise UnsendableMessage(
            f"refused: a line break or control character in the {name} (header injection?)"
        )
    return value


def _encode_words(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8").encode(maxlinelen=76).replace("\n", "\r\n")


def smtp_address(address: str) -> str:
    """The address as SMTP carries it: an internationalized domain in its ASCII form."""
    local, _, domain = address.rpartition("@")
    check_header("address", address)
    if not local or not domain:
        raise UnsendableMessage(f"refused: {address!r} is not an email address")
    if not local.isascii():
        raise UnsendableMessage(f"refused: {address!r} needs SMTPUTF8, which we do not speak")
    if domain.isascii():
        return address
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise UnsendableMessage(f"refused: the domain of {address!r} is not valid") from None
    return f"{local}@{ascii_domain}"


def mailbox(name: str, address: str) -> str:
    """A From or To header value; a name is encoded when it is not plain ASCII."""
    check_header("name", name)
    ascii_address = smtp_address(address)
    return formataddr((name, ascii_address), charset="utf-8") if name else ascii_address


def _quote(value: str) -> str:
    # Tokens are URL-safe base64 and colons: only the colons need escaping in a mailto URL.
    return value.replace(":", "%3A") if _URL_SAFE.fullmatch(value) else quote(value, safe="")


def _qp(text: str) -> bytes:
    encoded = binascii.b2a_qp(text.encode("utf-8"), istext=True)
    # Soft and hard line breaks alike end in CRLF, as SMTP wants; QP encodes any other CR.
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@dataclass(frozen=True)
class Content:
    """What a message says. ``marker`` marks where each recipient's token goes."""

    subject: str
    text: str
    html: str
    marker: str = ""


@dataclass(frozen=True)
class Links:
    """Where the per-recipient links point; ``{token}`` is replaced by the recipient's token."""

    unsubscribe: str  # https URL of the one-click unsubscribe
    unsubscribe_mailto: str  # address that takes unsubscribe requests by email
    list_id: str  # "Weekly briefing <weekly.example.org>"


def new_marker() -> str:
    # Letters and digits only: survives template escaping, CSS inlining and QP unchanged.
    return "ndtoken" + secrets.token_hex(8)


@dataclass
class Prepared:
    content: Content
    sender_name: str
    sender: str
    links: Links | None = None
    boundary: str = field(default_factory=lambda: "nd-" + secrets.token_hex(16))

    def __post_init__(self) -> None:
        check_header("subject", self.content.subject)
        marker = self.content.marker
        text = self.content.text.split(marker) if marker else [self.content.text]
        html = self.content.html.split(marker) if marker else [self.content.html]
        self._text = [_qp(piece) for piece in text]
        self._html = [_qp(piece) for piece in html]
        self._static_head = self._head().encode("ascii")
        self._part_head = (
            f'--{self.boundary}\r\nContent-Type: {{}}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )

    def _head(self) -> str:
        lines = [
            f"From: {mailbox(self.sender_name, self.sender)}",
            f"Subject: {_encode_words(self.content.subject)}",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative;\r\n boundary="{self.boundary}"',
        ]
        if self.links is not None:
            lines += [
                f"List-Id: {_encode_words(self.links.list_id)}",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            ]
        return "\r\n".join(lines) + "\r\n\r\n"

    def personalize(self, *, to: str, name: str = "", token: str = "", message_id: str) -> bytes:
        """The whole message for one recipient, CRLF line ends, ready for SMTP DATA."""
        recipient = mailbox(name, to)
        head = [
            f"To: {recipient}",
            f"Date: {formatdate(usegmt=True)}",
            f"Message-ID: <{message_id}>",
        ]
        if self.links is not None:
            https = self.links.unsubscribe.replace("{token}", token)
            mailto = f"mailto:{self.links.unsubscribe_mailto}?subject=unsubscribe%20{_quote(token)}"
            head.append(f"List-Unsubscribe: <{https}>,\r\n <{mailto}>")
        filler = _SOFT_BREAK + _qp(token) + _SOFT_BREAK if token else _SOFT_BREAK
        return b"".join(
            [
                ("\r\n".join(head) + "\r\n").encode("ascii"),
                self._static_head,
                self._part_head.format("text/plain").encode("ascii"),
                filler.join(self._text),
                b"\r\n",
                self._part_head.format("text/html").encode("ascii"),
                filler.join(self._html),
                f"\r\n--{self.boundary}--\r\n".encode("ascii"),
            ]
        )
