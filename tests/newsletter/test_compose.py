"""The email builder, without a database: MIME structure, personalization, header safety."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

import pytest

from newsdesk.newsletter.compose import (
    Content,
    Links,
    Prepared,
    UnsendableMessage,
    mailbox,
    new_marker,
)

MARKER = new_marker()
LINKS = Links(
    unsubscribe="https://news.example/newsletter/unsubscribe/{token}/",
    unsubscribe_mailto="unsubscribe@news.example",
    list_id="Weekly <weekly.news.example>",
)


def build(subject: str = "Grid queues", html: str = "", text: str = "") -> Prepared:
    long_line = "word " * 60  # longer than a quoted-printable line: soft breaks everywhere
    content = Content(
        subject=subject,
        text=text or f"{long_line}\nUnsubscribe: https://x/u/{MARKER}/\n.leading dot\n",
        html=html or f'<p>{long_line}</p><a href="https://x/u/{MARKER}/">leave</a> é €',
        marker=MARKER,
    )
    return Prepared(content=content, sender_name="Newsdesk", sender="news@news.example",
                    links=LINKS)  # fmt: skip


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_token_lands_in_every_link_and_the_parts_decode_exactly() -> None:
    token = "WzEsImFiYyJd:1abc:x-Y_z"
    data = build().personalize(to="a@example.com", token=token, message_id="m1@news.example")
    message = parse(data)
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    assert html is not None and text is not None
    assert (
        html.get_content()
        == "<p>" + "word " * 60 + f'</p><a href="https://x/u/{token}/">leave</a> é €'
    )
    assert f"https://x/u/{token}/\n.leading dot" in text.get_content().replace("\r\n", "\n")
    assert MARKER not in data.decode()
    head, body = data.split(b"\r\n\r\n", 1)
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))
    assert all(len(line) <= 78 for line in body.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only


def test_the_list_headers_follow_rfc_8058() -> None:
    message = parse(build().personalize(to="a@example.com", token="T", message_id="m@x"))
    assert message["List-Unsubscribe"] == (
        "<https://news.example/newsletter/unsubscribe/T/>, "
        "<mailto:unsubscribe@news.example?subject=unsubscribe%20T>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == "<m@x>"
    assert message.get_content_type() == "multipart/alternative"


def test_names_and_subjects_beyond_ascii_are_encoded() -> None:
    prepared = build(subject="Énergie : la file d’attente")
    message = parse(prepared.personalize(to="a@example.com", name="Zoë Ångström", message_id="m@x"))
    assert str(message["Subject"]) == "Énergie : la file d’attente"
    assert str(message["To"]) == "Zoë Ångström <a@example.com>"
    assert mailbox("", "b@bücher.example") == "b@xn--bcher-kva.example"


@pytest.mark.parametrize(
    "name", ["Eve\r\nBcc: all@example.com", "Eve\nX-Evil: 1", "Eve\x00", "Eve\rBcc: x"]
)
def test_a_line_break_in_a_name_is_refused(name: str) -> None:
    with pytest.raises(UnsendableMessage, match="header injection"):
        build().personalize(to="a@example.com", name=name, message_id="m@x")


def test_a_line_break_in_a_subject_is_refused() -> None:
    with pytest.raises(UnsendableMessage, match="subject"):
        build(subject="Hello\r\nBcc: all@example.com")


def test_a_quoted_name_with_specials_stays_one_mailbox() -> None:
    message = parse(build().personalize(to="a@example.com", name='Ann "A" <x@y>, Lee',
                                        message_id="m@x"))  # fmt: skip
    assert message["To"].addresses[0].addr_spec == "a@example.com"
    assert len(message["To"].addresses) == 1
