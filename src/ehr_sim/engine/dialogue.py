"""Dialogue: the node a conversation is at, the replies it offers, where a reply leads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ehr_sim.packs.placeholders import fill_records
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
    {day:+3bd} a day relative to the play date ("Thursday 01/08"), and
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
            return parse_when(key[4:]).on(day0).strftime("%A %m/%d")
        except ValueError:
            return match.group(0)

    return fill_records(_PLACEHOLDER.sub(replace, text), records or {})
