"""Every kind of timeline event a pack may declare has one handler that brings it into the clinic."""

from __future__ import annotations

import typing

import pytest

from ehr_sim.app.scenarios.events import EVENT_HANDLERS
from ehr_sim.packs.schema import Event

KINDS = typing.get_args(typing.get_args(Event)[0])


def test_the_event_kinds_are_read_from_the_pack_format() -> None:
    assert {k.__name__ for k in KINDS} >= {"PhoneCall", "WalkIn", "RemittanceArrives"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_every_kind_of_event_has_a_handler(kind: type) -> None:
    assert kind in EVENT_HANDLERS, f"{kind.__name__} events have no @fires handler"


def test_no_handler_waits_for_an_event_the_format_does_not_have() -> None:
    assert set(EVENT_HANDLERS) <= set(KINDS)
