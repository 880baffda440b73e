"""`packs validate` checks combined conditions, counts and value checks at their lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import scenario, write_pack


def problems(tmp_path: Path, when: dict[str, Any]) -> list[str]:
    data = scenario()
    data["rubric"][0]["when"] = when
    return [f"{p.code} {p.message}" for p in load_pack(write_pack(tmp_path / "p", data)).problems]


def test_valid_combined_conditions_load_cleanly(tmp_path: Path) -> None:
    when = {
        "kind": "all_of",
        "conditions": [
            {
                "kind": "done",
                "match": {
                    "action": "BookAppointment",
                    "where": {"start": {"between": ["+0d", "+4d"], "before": "12:00"}},
                },
            },
            {"kind": "not", "condition": {"kind": "choice", "choice": "greet"}},
            {"kind": "count", "match": {"action": "BookAppointment"}, "max": 1},
            {"kind": "record_value", "record": "old_visit", "field": "start", "after": "09:00"},
        ],
    }
    assert problems(tmp_path, when) == []


def test_problems_inside_any_of_are_found_with_their_own_line(tmp_path: Path) -> None:
    data = scenario()
    data["rubric"][0]["when"] = {
        "kind": "any_of",
        "conditions": [
            {"kind": "done", "match": {"action": "BookAppointment"}},
            {"kind": "not", "condition": {"kind": "done", "match": {"action": "BookVisit"}}},
        ],
    }
    found = load_pack(write_pack(tmp_path / "p", data)).problems
    assert [p.code for p in found] == ["RUB001"]
    text = (tmp_path / "p" / "book.yaml").read_text().splitlines()
    assert "BookVisit" in text[found[0].line - 1]


def test_a_count_that_can_never_hold_is_cnd001(tmp_path: Path) -> None:
    never = {"kind": "count", "match": {"action": "BookAppointment"}, "min": 3, "max": 1}
    assert problems(tmp_path, never) == ["CND001 min 3 is more than max 1, so this can never hold"]
    unbounded = {"kind": "count", "match": {"action": "BookAppointment"}}
    assert problems(tmp_path / "2", unbounded) == ["CND001 a count needs 'min', 'max' or both"]


def test_an_empty_or_impossible_value_check_is_cnd002(tmp_path: Path) -> None:
    def where(check: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "done", "match": {"action": "BookAppointment", "where": {"start": check}}}

    assert [p[:6] for p in problems(tmp_path / "a", where({}))] == ["CND002"]
    backwards = where({"between": ["+4d", "+1d"]})
    assert [p[:6] for p in problems(tmp_path / "b", backwards)] == ["CND002"]
    no_time = where({"before": "09:00", "after": "12:00"})
    assert [p[:6] for p in problems(tmp_path / "c", no_time)] == ["CND002"]
    absent_in_window = where({"present": False, "before": "12:00"})
    assert [p[:6] for p in problems(tmp_path / "d", absent_in_window)] == ["CND002"]


def test_a_time_window_on_a_value_that_holds_no_time_is_cnd003(tmp_path: Path) -> None:
    on_text = {
        "kind": "done",
        "match": {"action": "BookAppointment", "where": {"reason": {"before": "12:00"}}},
    }
    assert problems(tmp_path / "a", on_text) == [
        "CND003 BookAppointment's reason holds no date or time, so 'before' can never apply"
    ]
    on_status = {"kind": "record_value", "record": "old_visit", "field": "status", "after": "09:00"}
    assert [p[:6] for p in problems(tmp_path / "b", on_status)] == ["CND003"]


def test_a_record_value_on_an_unknown_record_or_field_is_refused(tmp_path: Path) -> None:
    unknown = {"kind": "record_value", "record": "nobody", "field": "start", "present": True}
    assert [p[:6] for p in problems(tmp_path / "a", unknown)] == ["REF001"]
    bad_field = {"kind": "record_value", "record": "old_visit", "field": "colour", "present": True}
    assert [p[:6] for p in problems(tmp_path / "b", bad_field)] == ["RUB003"]


def test_text_checks_load_and_their_mistakes_are_cnd002_and_cnd003(tmp_path: Path) -> None:
    def where(arg: str, check: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "done", "match": {"action": "BookAppointment", "where": {arg: check}}}

    good = where("reason", {"contains": ["follow up"], "excludes": ["diabetes"]})
    assert problems(tmp_path / "a", good) == []
    nothing_to_find = where("reason", {"excludes": ["--"]})
    assert problems(tmp_path / "b", nothing_to_find) == ["CND002 give a word or phrase to look for"]
    absent = where("reason", {"present": False, "contains": ["bp"]})
    assert [p[:6] for p in problems(tmp_path / "c", absent)] == ["CND002"]
    on_a_time = where("start", {"contains": ["10"]})
    assert problems(tmp_path / "d", on_a_time) == [
        "CND003 BookAppointment's start holds a date or time, not text, so 'contains' can "
        "never apply"
    ]


def test_answers_calls_must_name_setup_patients(tmp_path: Path) -> None:
    data = scenario(answers_calls=["dana", "nobody"])
    found = [f"{p.code} {p.message}" for p in load_pack(write_pack(tmp_path, data)).problems]
    assert found == ["REF001 no patient 'nobody' in setup.patients"]


def test_earliest_fit_loads_on_a_booking_and_is_rub005_on_anything_else(tmp_path: Path) -> None:
    on_booking = {
        "kind": "done",
        "match": {"action": "RescheduleAppointment", "earliest_fit": True},
    }
    assert problems(tmp_path / "a", on_booking) == []
    on_check_in = {"kind": "done", "match": {"action": "CheckInPatient", "earliest_fit": True}}
    assert [p[:6] for p in problems(tmp_path / "b", on_check_in)] == ["RUB005"]


def test_record_state_takes_value_checks_and_needs_equals_or_one_of_them(tmp_path: Path) -> None:
    window = {
        "kind": "record_state",
        "record": "old_visit",
        "field": "start",
        "between": ["+3bd", "+6bd"],
        "before": "12:00",
    }
    assert problems(tmp_path / "a", window) == []
    words = {"kind": "record_state", "record": "old_visit", "field": "reason", "contains": ["bp"]}
    assert problems(tmp_path / "b", words) == []
    on_text = {"kind": "record_state", "record": "old_visit", "field": "reason", "before": "12:00"}
    assert [p[:6] for p in problems(tmp_path / "c", on_text)] == ["CND003"]
    nothing = {"kind": "record_state", "record": "old_visit", "field": "start"}
    assert problems(tmp_path / "d", nothing) == [
        "SCH001 'record_state' needs 'equals' or a value check (present, between, before, "
        "after, contains, excludes)"
    ]


def test_an_unknown_field_lists_the_fields_the_record_has(tmp_path: Path) -> None:
    bad_field = {"kind": "record_state", "record": "old_visit", "field": "colour", "equals": 1}
    (found,) = problems(tmp_path, bad_field)
    assert found.startswith(
        "RUB003 an appointment has no field 'colour' a check could read (it has: change_reason, "
    )
