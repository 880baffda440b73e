"""Dialogue: the node a conversation is at, the replies it offers, where a reply leads."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ehr_sim.packs.placeholders import fill_records, render
from ehr_sim.packs.schema import Choice, Dialogue, Event, Node, PhoneCall, Scenario, WalkIn
from ehr_sim.packs.when import parse_when


def dialogue_of(scenario: Scenario, event_id: str) -> Dialogue | None:
    for event in scenario.events:
        if event.id == event_id and isinstance(event, PhoneCall | WalkIn):
            return event.dialogue
    return None


def node_of(scenario: Scenario, event_id: str, node_id: str) -> Node | None:
    dialogue = dialogue_of(scenario, event_id)
    return dialogue.nodes.get(node_id) if dialogue else None


def find_choice(node: Node, choice_id: str) -> Choice | None:
    return next((c for c in node.choices if c.id == choice_id), None)


# Where an attempt keeps the seed its replies are shuffled with (in the attempt's refs).
REPLY_SEED_KEY = "__reply_seed__"


def reply_order(choices: list[Choice], seed: int, event_id: str, node_id: str) -> list[Choice]:
    """The replies in this attempt's order: shuffled by the attempt's seed and the node, so
    the right reply is not always first, and the same attempt (resumed) sees the same order.
    Plays and the log name replies by id, never by position."""

    def key(choice: Choice) -> bytes:
        return hashlib.sha256(f"{seed}:{event_id}:{node_id}:{choice.id}".encode()).digest()

    return sorted(choices, key=key)


def event_by_id(scenario: Scenario, event_id: str) -> Event | None:
    return next((e for e in scenario.events if e.id == event_id), None)


_PLACEHOLDER = re.compile(r"\{(trainee|clinic|name|dob|day:[^}]+)\}")


def fill(
    text: str,
    *,
    trainee: str,
    clinic: str,
    day0: date,
    name: str = "",
    dob: date | None = None,
    records: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """Dialogue text with its placeholders filled; anything else in braces stays as written.

    {trainee} {clinic} {name} the caller's chart name, {dob} their date of birth,
    {day:+3bd} a day relative to the play date ("Thursday 1/8"), and
    {new_visit.start:%-I:%M %p} a field of a named record (see packs/placeholders.py)."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "trainee":
            return trainee
        if key == "clinic":
            return clinic
        if key == "name":
            return name or match.group(0)
        if key == "dob":
            return dob.strftime("%B %-d, %Y") if dob else match.group(0)
        try:
            return render(parse_when(key[4:]).on(day0), None)
        except ValueError:
            return match.group(0)

    return fill_records(_PLACEHOLDER.sub(replace, text), records or {})
