"""What the core scenarios' people say agrees with the records the scenario sets up.

A small checker reads each scenario file as written: every time or date spoken about a setup
record comes from a placeholder (so it is the record's own time), hard-coded times are only
the openings the scenario keeps free, providers and patients named are the ones on file, a
patient who says "same insurance as last time" has insurance on file, and a scanned card
matches the coverage, payer and plan the clinic has.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.world import catalog

from .conftest import CORE, play_named, scenario_in

SCENARIO_FILES = sorted(p for p in CORE.glob("*.yaml") if p.name != "pack.yaml")

RECORD_PLACEHOLDER = re.compile(r"\{[a-z][a-z0-9_]*\.[a-z_]+(?::[^{}]*)?\}")
# "{day:+3bd} at 2:00 PM", "{day:+3bd} at 2": an opening on a day relative to day 0.
DAY_AT = re.compile(r"\{day:([^}]+)\} at (\d{1,2})(?::(\d{2}))?\s*(AM|PM|am|pm)?")
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:AM|PM|am|pm|a\.m\.|p\.m\.)(?!\w)")
CALENDAR = re.compile(
    r"\b\d{1,2}/\d{1,2}\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\btomorrow\b|\bnext week\b|\byesterday\b",
    re.IGNORECASE,
)
DOCTOR = re.compile(r"\bDr\. ([A-Z][a-z]+)")
THEIR_DOCTOR = re.compile(r"one of Dr\. ([A-Z][a-z]+)'s patients")
TITLE_NAME = re.compile(r"\b(?:Mr|Ms|Mrs)\. ([A-Z][a-z]+)")
SELF_NAME = re.compile(r"\b(?:I'm|[Tt]his is|It's) ([A-Z][a-z]+)(?:,? ([A-Z][a-z]+))?")
SAME_INSURANCE = re.compile(r"same (?:one|insurance|card|plan) as (?:last time|before)", re.I)
CARD_LINE = re.compile(r"^\s*(Member ID|Group|Claims): (.+?)\s*$", re.MULTILINE)
STREET = re.compile(r"\d+ Riverside Drive, Suite \d+")
PROVIDER_NAMES = {"okafor": "Okafor", "patel": "Patel", "nguyen": "Nguyen", "lopez": "Lopez"}
WORDS_NOT_NAMES = {"Thank", "Sure", "Hi", "Sorry", "Oh", "OK"}


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def spoken(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str, str]]:
    """(event, who, text) for every line of event text and dialogue; who is `them` for what
    the other person says, `trainee` for a reply, `event` for what the trainee reads."""
    lines = []
    for event in doc.get("events", []):
        for key in ("complaint", "subject", "body", "text"):
            if isinstance(event.get(key), str):
                lines.append((event, "event", event[key]))
        for node in (event.get("dialogue") or {}).get("nodes", {}).values():
            if node.get("says"):
                lines.append((event, "them", node["says"]))
            for choice in node.get("choices", []):
                lines.append((event, "trainee", choice["say"]))
    return lines


def _twenty_four(hour: int, minute: int, half: str | None) -> str:
    if half is None:  # "at 2" at a clinic means the afternoon
        half = "pm" if 1 <= hour <= 7 else "am"
    if half.lower() == "pm" and hour != 12:
        hour += 12
    if half.lower() == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def problems(doc: dict[str, Any]) -> list[str]:
    """What a scenario's lines say that its records do not."""
    setup = doc.get("setup") or {}
    patients = setup.get("patients") or {}
    coverages = setup.get("coverages") or {}
    people = setup.get("people") or {}
    openings = {o["start"] for o in setup.get("keep_free") or []}
    providers = {p.get("pcp") for p in patients.values()}
    for kind in ("appointments", "claims", "waitlist", "provider_blocks"):
        providers |= {r.get("provider") for r in (setup.get(kind) or {}).values()}
    providers |= {o.get("provider") for o in setup.get("keep_free") or []}
    known_doctors = {PROVIDER_NAMES[p] for p in providers if p}
    last_names = {p["last_name"] for p in patients.values()}
    last_names |= {str(p["name"]).split()[-1] for p in people.values()}
    found: list[str] = []

    briefing: dict[str, Any] = {}
    texts = [(briefing, "briefing", str(doc.get("briefing", ""))), *spoken(doc)]
    for event, who, text in texts:
        where = f"{event.get('id', 'briefing')} ({who}): {' '.join(text.split())[:60]}"
        plain = RECORD_PLACEHOLDER.sub("", text)
        for m in DAY_AT.finditer(plain):
            start = (
                f"{m.group(1)} {_twenty_four(int(m.group(2)), int(m.group(3) or 0), m.group(4))}"
            )
            if start not in openings:
                found.append(f"{where}: {start} is not an opening the scenario keeps free")
        plain = DAY_AT.sub("", plain)
        for m in CLOCK.finditer(plain):
            found.append(f"{where}: the time {m.group(0)!r} is written in, not read from a record")
        for m in CALENDAR.finditer(plain):
            found.append(f"{where}: the day {m.group(0)!r} is written in, not read from a record")
        for name in DOCTOR.findall(text):
            if name not in known_doctors:
                found.append(f"{where}: Dr. {name} has nothing to do with this scenario's records")
        person = patients.get(event.get("patient") or event.get("caller") or "", {})
        for name in THEIR_DOCTOR.findall(text):
            if PROVIDER_NAMES.get(person.get("pcp", "")) != name:
                found.append(f"{where}: Dr. {name} is not {person.get('last_name')}'s doctor")
        for name in TITLE_NAME.findall(text):
            if name not in last_names:
                found.append(f"{where}: nobody called {name} is on file")
        if who == "them" and person:
            for first, last in SELF_NAME.findall(text):
                if first in WORDS_NOT_NAMES:
                    continue
                if first != person["first_name"] or last not in ("", person["last_name"]):
                    found.append(f"{where}: {first} {last} is not the name on the chart")
        if who == "them" and SAME_INSURANCE.search(text):
            ref = event.get("patient") or event.get("caller")
            if not any(c.get("patient") == ref for c in coverages.values()):
                found.append(f"{where}: the patient has no insurance on file to be the same")
        for street in STREET.findall(text):
            if street not in catalog.CLINIC["clinic_address"]:
                found.append(f"{where}: {street} is not the clinic's address")
        card = dict((k, v) for k, v in CARD_LINE.findall(text))
        if "Member ID" in card:
            found += _card_problems(where, card, text, coverages)
    return found


def _card_problems(
    where: str, card: dict[str, str], text: str, coverages: dict[str, Any]
) -> list[str]:
    """A scanned card's member ID, group, payer, plan and phone against the coverage."""
    match = [
        c
        for c in coverages.values()
        if card["Member ID"] in (c.get("card_member_id"), c.get("member_id"))
    ]
    if not match:
        return [f"{where}: no coverage has the card's member ID {card['Member ID']}"]
    coverage = match[0]
    found = []
    if "Group" in card and card["Group"] != str(coverage.get("group_number")):
        found.append(f"{where}: the card's group {card['Group']} is not the one on file")
    payer = next(p for p in catalog.PAYERS if p[1] == coverage["payer"])
    first_plan = payer[5][0][0]  # setup coverages get the payer's first plan
    if f"{payer[0]} — {first_plan}" not in text:
        found.append(f"{where}: the card does not name {payer[0]} — {first_plan}")
    if "Claims" in card and payer[4] not in card["Claims"]:
        found.append(f"{where}: the card's claims phone is not {payer[0]}'s {payer[4]}")
    return found


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_fact_a_core_scenario_states_agrees_with_its_records(path: Path) -> None:
    assert problems(load(path)) == []


def test_there_are_three_core_scenarios_to_check() -> None:
    assert [p.stem for p in SCENARIO_FILES] == [
        "denied-claim",
        "reschedule-family-emergency",
        "walk-in-chest-pain",
    ]


def _reschedule() -> dict[str, Any]:
    return load(CORE / "reschedule-family-emergency.yaml")


def _node(doc: dict[str, Any], event: str, node: str) -> dict[str, Any]:
    found = next(e for e in doc["events"] if e["id"] == event)
    nodes: dict[str, dict[str, Any]] = found["dialogue"]["nodes"]
    return nodes[node]


def test_the_checker_catches_a_visit_time_written_into_a_reply() -> None:
    doc = copy.deepcopy(_reschedule())
    reply = _node(doc, "dana_calls", "gives_identity")["choices"][0]
    reply["say"] = "I see your follow-up on Wednesday 11/25 at 10:30."
    found = problems(doc)
    assert any("'10:30'" in p for p in found), found
    assert any("'Wednesday'" in p for p in found) and any("'11/25'" in p for p in found)


def test_the_checker_catches_an_offered_time_that_is_not_kept_free() -> None:
    doc = copy.deepcopy(_reschedule())
    _node(doc, "dana_calls", "picks")["says"] = "{day:+3bd} at 3 works for me."
    assert problems(doc) == [
        "dana_calls (them): {day:+3bd} at 3 works for me.: "
        "+3bd 15:00 is not an opening the scenario keeps free"
    ]


def test_the_checker_catches_same_insurance_as_last_time_with_none_on_file() -> None:
    doc = load(CORE / "walk-in-chest-pain.yaml")
    assert problems(doc) == []
    del doc["setup"]["coverages"]
    found = problems(doc)
    assert len(found) == 1 and "no insurance on file" in found[0], found


def test_the_checker_catches_a_doctor_and_a_name_that_are_not_on_file() -> None:
    doc = load(CORE / "walk-in-chest-pain.yaml")
    doc["setup"]["patients"]["robert"]["pcp"] = "nguyen"
    doc["briefing"] += " Dr. Patel is in today."
    found = problems(doc)
    assert any("Dr. Patel has nothing to do" in p for p in found), found
    assert any("Dr. Okafor is not Kowalski's doctor" in p for p in found), found
    _node(doc, "maya_at_desk", "identifies")["says"] = "It's Mia Chen."
    assert any("Mia Chen is not the name on the chart" in p for p in problems(doc))


def test_the_checker_catches_a_scanned_card_that_does_not_match_the_coverage() -> None:
    doc = load(CORE / "denied-claim.yaml")
    assert problems(doc) == []
    doc["setup"]["coverages"]["luis_ppo"]["group_number"] = "880215"
    doc["setup"]["coverages"]["luis_ppo"]["payer"] = "KSC"
    found = problems(doc)
    assert any("group 880214 is not the one on file" in p for p in found), found
    assert any("does not name Keystone Care" in p for p in found), found


def test_said_times_are_the_setup_visits_own_when_played(pack: LoadedPack, tmp_path: Path) -> None:
    # Plays run with day 0 on Monday 2026-01-05: Dana's visit (+2bd 10:30) is Wednesday 1/7.
    scenario = scenario_in(pack, "reschedule")
    result = run_play(pack, scenario, play_named(scenario, "reference"), tmp_path)
    said = " ".join(s.message for s in result.steps)
    assert "I see your follow-up with Dr. Okafor on Wednesday 1/7 at 10:30 AM." in said
    assert "Anything after Wednesday" in said


def test_maya_names_her_own_visit_time_and_doctor_when_played(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "walk_in")
    result = run_play(pack, scenario, play_named(scenario, "reference"), tmp_path)
    assert result.steps[0].message == (
        "Maya Chen: “Hi, good morning! I'm Maya Chen, I have a 10:15 with Dr. Okafor.”"
    )
