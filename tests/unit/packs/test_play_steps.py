"""`packs validate` reads every play step as the gateway would read the trainee's action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ehr_sim.packs.loader import Problem, load_pack

from .builders import scenario, write_pack


def with_step(step: dict[str, Any], *, play: int = 0) -> dict[str, Any]:
    data = scenario()
    data["plays"][play]["steps"].append(step)
    return data


def problems(tmp_path: Path, data: dict[str, Any]) -> list[Problem]:
    return load_pack(write_pack(tmp_path / "p", data)).problems


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "p" / "book.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_step_missing_arguments_names_each_one_at_the_step(tmp_path: Path) -> None:
    data = with_step({"at": "T+3m", "do": "RescheduleAppointment", "args": {"reason": "asked"}})
    found = problems(tmp_path, data)
    assert [str(p) for p in found] == [
        f"book.yaml:{line_of(tmp_path, 'reason: asked') - 1}: PLY006 RescheduleAppointment needs "
        "'appointment_id' and 'new_start'; add them under args"
    ]


def test_a_step_with_no_arguments_at_all_is_reported_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, with_step({"at": "T+3m", "do": "MarkNoShow"}))
    step_line = line_of(tmp_path, "MarkNoShow") - 1  # the step's first line, '- at: T+3m'
    assert [(p.code, p.line) for p in found] == [("PLY006", step_line)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"appointment_id": "@old_visit", "reason": 5}, "'reason' is text; put 5 in quotes"),
        ({"appointment_id": "old_visit", "reason": "x"}, "'appointment_id' is a number"),
        ({"appointment_id": True, "reason": "x"}, "'appointment_id' is a number; True is not"),
        ({"appointment_id": "@old_visit", "reason": "@dana"}, "a reference (@dana) would"),
        ({"appointment_id": None, "reason": "x"}, "'appointment_id' may not be empty"),
    ],
)
def test_argument_values_that_cannot_become_the_action_are_refused(
    tmp_path: Path, args: dict[str, Any], message: str
) -> None:
    found = problems(tmp_path, with_step({"at": "T+3m", "do": "CancelAppointment", "args": args}))
    assert [p.code for p in found] == ["PLY007"]
    assert message in found[0].message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"new_start": "+3bd"}, "'new_start' is a date and time; add a clock time"),
        ({"new_start": "+3bd 25:00"}, "'new_start': '+3bd 25:00' is not a relative date"),
        ({"new_start": "next tuesday"}, "'new_start' is a date and time; write it like"),
        ({"new_start": "+99999y 10:00"}, "outside the calendar"),
    ],
)
def test_times_are_read_as_the_play_will_read_them(
    tmp_path: Path, args: dict[str, Any], message: str
) -> None:
    step = {
        "at": "T+3m",
        "do": "RescheduleAppointment",
        "args": {"appointment_id": "@old_visit", "reason": "asked", **args},
    }
    found = problems(tmp_path, with_step(step))
    assert [p.code for p in found] == ["PLY007"] and message in found[0].message


def test_lists_must_be_lists_and_dates_must_not_carry_a_clock_time(tmp_path: Path) -> None:
    data = with_step(
        {
            "at": "T+3m",
            "do": "VerifyCallerIdentity",
            "args": {"conversation_id": "@dana_calls", "patient_id": "@dana", "identifiers": "dob"},
        }
    )
    data["plays"][0]["steps"].append(
        {
            "at": "T+4m",
            "do": "AddToWaitlist",
            "args": {
                "patient_id": "@dana",
                "type_id": 1,
                "earliest": "+1bd 09:00",
                "latest": "+3bd",
            },
        }
    )
    messages = [p.message for p in problems(tmp_path, data)]
    assert messages == [
        "'identifiers' is a list of text, like [name, dob]",
        "'earliest' is a date; leave out the clock time ('+3bd')",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ({"patient_id": "@danna"}, "REF001", "no setup record or event 'danna'"),
        ({"patient_id": "@old_visit"}, "REF004", "'old_visit' is an appointment, but patient_id"),
        (
            {"patient_id": "@dana_calls"},
            "REF004",
            "is a phone call, but patient_id needs a patient",
        ),
        ({"patient_id": 57}, "REF003", "patient_id: 57 is a literal database id"),
    ],
)
def test_references_must_name_something_of_the_right_kind(
    tmp_path: Path, args: dict[str, Any], code: str, message: str
) -> None:
    found = problems(tmp_path, with_step({"at": "T+3m", "do": "ViewChart", "args": args}))
    assert [p.code for p in found] == [code] and message in found[0].message


def test_catalogue_ids_may_be_numbers_but_only_ones_the_clinic_has(tmp_path: Path) -> None:
    good = {"patient_id": "@dana", "provider_id": 4, "type_id": 6, "start": "+3bd 10:00"}
    assert (
        problems(tmp_path, with_step({"at": "T+3m", "do": "BookAppointment", "args": good})) == []
    )
    bad = {**good, "provider_id": 9, "type_id": "@dana"}
    found = problems(tmp_path, with_step({"at": "T+3m", "do": "BookAppointment", "args": bad}))
    assert sorted((p.code, p.message) for p in found) == [
        ("REF001", "no provider 9: the clinic's providers are 1-4"),
        ("REF004", "type_id is a visit type's number (1-6), not a reference to a patient"),
    ]


def test_a_step_cannot_use_an_event_or_its_replies_before_it_happens(tmp_path: Path) -> None:
    data = scenario()
    data["plays"][0]["steps"][:0] = [
        {"at": "T+0", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}},
        {"at": "T+0", "choose": "greet"},
    ]
    found = problems(tmp_path, data)
    assert [(p.code, p.message) for p in found] == [
        ("PLY008", "'dana_calls' only happens at T+1m; this step comes before it"),
        (
            "PLY008",
            "'greet' is a reply in 'dana_calls', which only happens at T+1m; this step "
            "comes before it",
        ),
    ]


def test_literal_ids_in_rubric_filters_are_flagged_too(tmp_path: Path) -> None:
    data = scenario()
    data["rubric"][0]["when"]["match"]["where"] = {"patient_id": [12, "@dana"]}
    found = problems(tmp_path, data)
    assert [p.code for p in found] == ["REF003"]
    assert found[0].line == line_of(tmp_path, "- 12")
