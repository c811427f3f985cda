from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from newsdesk.newsletter import tokens


def test_a_token_reads_back_what_it_carries() -> None:
    token = tokens.make(tokens.CONFIRM, 42, "key", (1, 2))
    assert tokens.read(tokens.CONFIRM, token, timedelta(days=1)) == tokens.Payload(
        42, "key", (1, 2)
    )


def test_a_token_for_one_purpose_does_not_work_for_another() -> None:
    token = tokens.make(tokens.MANAGE, 42, "key")
    with pytest.raises(tokens.BadToken) as caught:
        tokens.read(tokens.CONFIRM, token, timedelta(days=1))
    assert not caught.value.expired


def test_a_tampered_token_is_refused() -> None:
    token = tokens.make(tokens.MANAGE, 42, "key")
    with pytest.raises(tokens.BadToken):
        tokens.read(tokens.MANAGE, token.replace("WzQy", "WzQz"), timedelta(days=1))


def test_a_token_expires() -> None:
    token = tokens.make(tokens.CONFIRM, 1, "k")
    with (
        time_machine.travel(timezone.now() + timedelta(days=2)),
        pytest.raises(tokens.BadToken) as caught,
    ):
        tokens.read(tokens.CONFIRM, token, timedelta(days=1))
    assert caught.value.expired
