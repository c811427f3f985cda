"""Ghost-shaped identifiers for our rows, derived from primary keys so they never change.

Ghost ids are 24 hexadecimal characters (MongoDB ObjectIds) and clients store and compare
them as strings. Ours are a fixed 8-character prefix per kind followed by the primary key in
16 hexadecimal digits, so a post's id can never be mistaken for an author's, and an id reads
back to its row without a lookup table. Post UUIDs are name-based (RFC 4122 version 5) on the
same key.
"""

from __future__ import annotations

import uuid
from typing import Literal

Kind = Literal["post", "author", "tag"]
_PREFIX: dict[Kind, str] = {"post": "6e640001", "author": "6e640002", "tag": "6e640003"}
_UUID_NAMESPACE = uuid.UUID("5b0e0a6c-8a7e-4c1f-9a55-6e6577736465")
_MAX_PK = 2**63 - 1  # the largest key a database column holds


def object_id(kind: Kind, pk: int) -> str:
    return f"{_PREFIX[kind]}{pk:016x}"


def parse_object_id(kind: Kind, value: object) -> int | None:
    """The primary key an id stands for; None for anything that is not one of ours."""
    if not isinstance(value, str) or len(value) != 24 or not value.startswith(_PREFIX[kind]):
        return None
    try:
        pk = int(value[8:], 16)
    except ValueError:
        return None
    return pk if 0 < pk <= _MAX_PK and value == value.lower() else None


def post_uuid(pk: int) -> str:
    return str(uuid.uuid5(_UUID_NAMESPACE, f"article:{pk}"))
