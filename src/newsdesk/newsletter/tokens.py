"""Signed, expiring link tokens; one salt per purpose so a token works only where it was meant.

A token carries the subscriber's id and their current key: changing the key (on deletion or on
request) revokes every link sent before. Confirmation tokens also carry the newsletters asked
for, so a signup form cannot change anything until the owner of the address clicks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

CONFIRM = "newsdesk.newsletter.confirm"
MANAGE = "newsdesk.newsletter.manage"


class BadToken(Exception):
    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Payload:
    subscriber_id: int
    key: str
    newsletter_ids: tuple[int, ...] = ()


def make(purpose: str, subscriber_id: int, key: str, newsletter_ids: tuple[int, ...] = ()) -> str:
    value: list[object] = [subscriber_id, key]
    if newsletter_ids:
        value.append(list(newsletter_ids))
    return signing.dumps(value, salt=purpose, compress=False)


def read(purpose: str, token: str, max_age: timedelta) -> Payload:
    try:
        value = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken(expired=True) from None
    except signing.BadSignature:
        raise BadToken(expired=False) from None
    try:
        newsletters = tuple(int(n) for n in value[2]) if len(value) > 2 else ()
        return Payload(int(value[0]), str(value[1]), newsletters)
    except (TypeError, ValueError, IndexError):
        raise BadToken(expired=False) from None
