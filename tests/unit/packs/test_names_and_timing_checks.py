"""`packs validate` checks names for created records, text placeholders and timed starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ehr_sim.packs.loader import Problem, load_pack

from .builders import scenario, write_pack

NEW_VISIT = {"new_visit": {"by": "BookAppointment", "where": {"patient_id": "@dana"}}}


def problems(tmp_path: Path, data: dict[str, Any]) -> list[Problem]:
    return load_pack(write_pack(tmp_path / "p", data)).problems


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "p" / "book.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def saying(text: str, **changes: Any) -> dict[str, Any]:
    data = scenario(**changes)
    data["events"][0]["dialogue"]["nodes"]["hello"]["choices"][0]["say"] = text
    return data


def test_a_created_name_used_in_text_a_check_and_a_filter_is_clean(tmp_path: Path) -> None:
    data = saying("Booked: {new_visit.start:%A %-m/%-d at %-I:%M %p}, {new_visit.provider}.")
    data["created"] = NEW_VISIT
    data["rubric"][0]["when"] = {
        "kind": "record_state",
        "record": "new_visit",
        "field": "provider_id",
        "equals": [1, 2],
    }
    data["complete_when"] = [
        {
            "kind": "done",
            "match": {"action": "ConfirmAppointment", "where": {"appointment_id": "@new_visit"}},
        }
    ]
    assert problems(tmp_path, data) == []


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("{newvisit.start}", "TXT001", "{newvisit.start}: no setup record or created: name"),
        ("{new_visit.colour}", "TXT002", "an appointment has no field 'colour' (it has:"),
        ("{new_visit.start:%c}", "TXT003", "'%c' is not a date format this app reads"),
        ("{new_visit.provider:%A}", "TXT003", "only dates and times take a format"),
        ("{dana.dob:%Y %}", "TXT003", "a '%' must be followed by a format letter"),
    ],
)
def test_placeholders_naming_unknown_records_fields_or_formats_are_reported_at_their_line(
    tmp_path: Path, text: str, code: str, message: str
) -> None:
    found = problems(tmp_path, saying(f"You're booked {text}.", created=NEW_VISIT))
    assert [(p.code, p.line) for p in found] == [(code, line_of(tmp_path, "You're booked"))]
    assert message in found[0].message


def test_a_created_name_must_come_from_an_action_that_creates_a_record(tmp_path: Path) -> None:
    data = scenario(
        created={
            "seen": {"by": "ViewChart"},
            "typo": {"by": "BookApointment"},
            "mixed": {"by": ["BookAppointment", "AddToWaitlist"]},
            "dana": {"by": "BookAppointment"},
            "filtered": {"by": "BookAppointment", "where": {"patent_id": "@dana"}},
        }
    )
    found = {(p.code, p.message.split(";")[0].split(" (")[0]) for p in problems(tmp_path, data)}
    assert found == {
        ("REF005", "ViewChart creates no record a name could stand for"),
        ("RUB001", "no action 'BookApointment'"),
        ("REF005", "'mixed' would stand for records of different kinds"),
        ("REF002", "'dana' already names a setup record or an event"),
        ("RUB002", "BookAppointment has no argument 'patent_id'"),
    }


def test_a_play_step_may_use_a_name_only_after_the_step_that_makes_it(tmp_path: Path) -> None:
    data = scenario()
    steps = data["plays"][0]["steps"]
    steps[1]["as"] = "booked"
    steps.insert(
        1, {"at": "T+1m", "do": "ConfirmAppointment", "args": {"appointment_id": "@booked"}}
    )
    steps.append({"at": "T+3m", "do": "ConfirmAppointment", "args": {"appointment_id": "@booked"}})
    steps.append({"at": "T+3m", "do": "ViewChart", "args": {"patient_id": "@dana"}, "as": "x"})
    found = problems(tmp_path, data)
    assert [p.code for p in found] == ["PLY009", "REF005"]
    assert "'booked' is made by step 3 of this play" in found[0].message
    assert found[0].line == line_of(tmp_path, "appointment_id: '@booked'")


def test_a_timed_condition_takes_either_after_or_from_and_from_names_something_real(
    tmp_path: Path,
) -> None:
    data = scenario()
    data["rubric"][0]["when"] = {
        "kind": "done_within",
        "match": {"action": "BookAppointment"},
        "from": {"event": "nobody_calls"},
        "minutes": 2,
    }
    data["rubric"][1]["when"] = {
        "kind": "done_within",
        "match": {"action": "BookAppointment"},
        "from": {"choice": "put_on_hold"},
        "minutes": 2,
    }
    found = problems(tmp_path, data)
    assert [(p.code, p.message) for p in found] == [
        ("REF001", "no event 'nobody_calls'"),
        ("RUB003", "no dialogue has a choice 'put_on_hold', so this can never be met"),
    ]
    both = scenario()
    both["rubric"][0]["when"] = {
        "kind": "late",
        "match": {"action": "BookAppointment"},
        "after": "dana_calls",
        "from": {"action": "AnswerCall", "choice": "greet"},
        "minutes": 2,
    }
    found = problems(tmp_path / "b", both)
    assert [p.code for p in found] == ["SCH003"]
    assert "exactly one of event, action or choice" in found[0].message
    both["rubric"][0]["when"]["from"] = {"action": "AnswerCall"}
    found = problems(tmp_path / "c", both)
    assert [p.code for p in found] == ["SCH003"]
    assert "give either 'after: <event id>' or 'from: {...}', not both" in found[0].message


def test_an_event_can_name_only_what_it_creates(tmp_path: Path) -> None:
    data = scenario()
    data["events"][0]["as"] = "first_call"
    data["events"].append(
        {
            "id": "note",
            "at": "T+2m",
            "kind": "message",
            "as": "the_note",
            "sender": "Dr. Okafor",
            "subject": "Dana",
            "body": "Her visit is {old_visit.start:%-I:%M %p}.",
        }
    )
    data["plays"][0]["steps"][0:0] = [
        {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@first_call"}}
    ]
    found = problems(tmp_path, data)
    assert [(p.code, p.line) for p in found] == [("REF005", line_of(tmp_path, "as: the_note"))]
