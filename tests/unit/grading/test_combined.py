"""any_of / all_of / not, counts, record values and value checks in `where`: met or missed."""

from __future__ import annotations

from typing import Any

from ehr_sim.grading import grade

from .test_grade import DAY0, act, attempt, criterion, scenario_with

BOOKED = {"action": "BookAppointment", "where": {"patient_id": "@dana"}}


def score(when: dict[str, Any], *actions: Any, **extra: Any) -> tuple[bool, str]:
    report = grade(scenario_with([criterion("c", when)]), attempt(*actions, **extra))
    result = report.criteria[0]
    return result.met, result.detail


def book(seq: int, start: str) -> Any:
    return act(seq, "BookAppointment", seq, patient_id=1, start=start)


REFS = {"refs": {"dana": 1}}


def test_any_of_holds_when_one_part_holds_and_not_when_none_does() -> None:
    when = {
        "kind": "any_of",
        "conditions": [
            {"kind": "done", "match": BOOKED},
            {"kind": "done", "match": {"action": "AddToWaitlist"}},
        ],
    }
    assert score(when, act(1, "AddToWaitlist", 1), **REFS)[0]
    assert not score(when, act(1, "CheckInPatient", 1), **REFS)[0]


def test_all_of_needs_every_part_and_says_which_failed() -> None:
    when = {
        "kind": "all_of",
        "conditions": [
            {"kind": "done", "match": BOOKED},
            {"kind": "done", "match": {"action": "AddToWaitlist"}},
        ],
    }
    assert score(when, book(1, "2026-11-24T10:00:00"), act(2, "AddToWaitlist", 2), **REFS)[0]
    met, detail = score(when, book(1, "2026-11-24T10:00:00"), **REFS)
    assert not met
    assert "never done" in detail


def test_not_turns_a_condition_around() -> None:
    when = {"kind": "not", "condition": {"kind": "done", "match": BOOKED}}
    assert score(when, **REFS)[0]
    assert not score(when, book(1, "2026-11-24T10:00:00"), **REFS)[0]


def test_a_time_window_on_an_argument_needs_the_day_range_and_the_time_of_day() -> None:
    window = {"between": ["+0d", "+4d"], "before": "12:00"}
    when = {"kind": "done", "match": {"action": "BookAppointment", "where": {"start": window}}}
    assert score(when, book(1, "2026-11-27T11:45:00"))[0]  # day +4, before noon
    assert not score(when, book(1, "2026-11-27T12:00:00"))[0]  # noon is not before noon
    assert not score(when, book(1, "2026-11-28T09:00:00"))[0]  # day +5
    assert not score(when, book(1, "2026-11-22T09:00:00"))[0]  # the day before day 0


def test_after_a_time_of_day_includes_that_time() -> None:
    when = {
        "kind": "done",
        "match": {"action": "BookAppointment", "where": {"start": {"after": "13:00"}}},
    }
    assert score(when, book(1, "2026-11-24T13:00:00"))[0]
    assert not score(when, book(1, "2026-11-24T12:59:00"))[0]


def test_an_argument_can_be_required_present_or_absent() -> None:
    present = {
        "kind": "done",
        "match": {"action": "TakeMessage", "where": {"callback": {"present": True}}},
    }
    assert score(present, act(1, "TakeMessage", 1, callback="614-555-0100"))[0]
    assert not score(present, act(1, "TakeMessage", 1, callback=""))[0]
    assert not score(present, act(1, "TakeMessage", 1))[0]
    absent = {
        "kind": "done",
        "match": {"action": "TakeMessage", "where": {"callback": {"present": False}}},
    }
    assert score(absent, act(1, "TakeMessage", 1))[0]
    assert not score(absent, act(1, "TakeMessage", 1, callback="614-555-0100"))[0]


def test_a_count_holds_between_its_min_and_max_and_shows_how_many() -> None:
    at_most_one = {"kind": "count", "match": {"action": "HoldCall"}, "max": 1}
    assert score(at_most_one)[0]
    assert score(at_most_one, act(1, "HoldCall", 1))[0]
    met, detail = score(at_most_one, act(1, "HoldCall", 1), act(2, "HoldCall", 2))
    assert not met
    assert detail == "HoldCall done 2 times; at most 1"
    at_least_two = {"kind": "count", "match": {"action": "HoldCall"}, "min": 2}
    assert not score(at_least_two, act(1, "HoldCall", 1))[0]
    assert score(at_least_two, act(1, "HoldCall", 1), act(2, "HoldCall", 2))[0]


def test_a_record_value_checks_a_setup_records_field_at_the_end() -> None:
    window = {
        "kind": "record_value",
        "record": "old_visit",
        "field": "start",
        "between": ["+1d", "+2d"],
        "before": "12:00",
    }
    inside = {"old_visit": {"start": "2026-11-24T10:30:00"}}
    outside = {"old_visit": {"start": "2026-11-24T14:30:00"}}
    assert score(window, records=inside)[0]
    met, detail = score(window, records=outside)
    assert not met
    assert detail == "start is Tuesday 11/24 at 2:30 PM"
    checked_in = {
        "kind": "record_value",
        "record": "old_visit",
        "field": "checked_in_at",
        "present": True,
    }
    assert not score(checked_in, records={"old_visit": {"checked_in_at": None}})[0]
    assert score(checked_in, records={"old_visit": {"checked_in_at": "2026-11-23T10:00:00"}})[0]


def test_combined_conditions_nest() -> None:
    when = {
        "kind": "any_of",
        "conditions": [
            {
                "kind": "all_of",
                "conditions": [
                    {"kind": "done", "match": BOOKED},
                    {"kind": "count", "match": {"action": "BookAppointment"}, "max": 1},
                ],
            },
            {"kind": "not", "condition": {"kind": "done", "match": {"action": "CheckInPatient"}}},
        ],
    }
    assert score(when, book(1, "2026-11-24T10:00:00"), act(2, "CheckInPatient", 2), **REFS)[0]
    assert not score(
        when,
        book(1, "2026-11-24T10:00:00"),
        book(2, "2026-11-25T10:00:00"),
        act(3, "CheckInPatient", 3),
        **REFS,
    )[0]
    assert DAY0.isoformat() == "2026-11-23"


def voicemail(seq: int, text: str) -> Any:
    return act(seq, "LeaveVoicemail", seq, conversation_id=1, text=text)


def test_words_a_text_must_contain_and_must_leave_out_are_whole_words_in_any_case() -> None:
    check = {"contains": ["call us back"], "excludes": ["a1c", "result", "results"]}
    when = {"kind": "done", "match": {"action": "LeaveVoicemail", "where": {"text": check}}}
    assert score(when, voicemail(1, "This is Riverside; please CALL us back at 555-0199."))[0]
    assert not score(when, voicemail(1, "Your A1C is back, please call us back."))[0]
    assert not score(when, voicemail(1, "Your results are in. Call us back."))[0]
    assert not score(when, voicemail(1, "This is Riverside, goodbye."))[0]  # no call back
    # whole words: "resultant" is not "result"; a phone number matches across punctuation
    assert score(when, voicemail(1, "A resultant delay: call us back."))[0]
    phone = {
        "kind": "done",
        "match": {"action": "LeaveVoicemail", "where": {"text": {"contains": ["614-555-0199"]}}},
    }
    assert score(phone, voicemail(1, "Call (614) 555 0199 please."))[0]
    assert not score(phone, voicemail(1, "Call 614 555 0198 please."))[0]


def test_a_text_check_fails_on_an_absent_value() -> None:
    when = {
        "kind": "done",
        "match": {"action": "TakeMessage", "where": {"callback": {"excludes": ["private"]}}},
    }
    assert not score(when, act(1, "TakeMessage", 1))[0]
    assert score(when, act(1, "TakeMessage", 1, callback="614-555-0100"))[0]


def booked_with(seq: int, earliest_fit: bool | None) -> Any:
    entry = book(seq, "2026-11-24T10:00:00")
    if earliest_fit is not None:
        entry.details["earliest_fit"] = earliest_fit
    return entry


def test_earliest_fit_true_holds_only_for_a_booking_that_took_the_earliest_slot() -> None:
    when = {"kind": "done", "match": {**BOOKED, "earliest_fit": True}}
    assert score(when, booked_with(1, True), **REFS)[0]
    assert not score(when, booked_with(1, False), **REFS)[0]
    # A log entry from before bookings noted it counts as neither.
    assert not score(when, booked_with(1, None), **REFS)[0]


def test_earliest_fit_false_finds_a_booking_that_passed_over_an_earlier_slot() -> None:
    when = {"kind": "not_done", "match": {"action": "BookAppointment", "earliest_fit": False}}
    assert score(when, booked_with(1, True), **REFS)[0]
    assert not score(when, booked_with(1, True), booked_with(2, False), **REFS)[0]


def test_record_state_takes_the_value_checks_of_record_value_without_equals() -> None:
    morning = {
        "kind": "record_state",
        "record": "new_visit",
        "field": "start",
        "between": ["+1d", "+3d"],
        "before": "12:00",
    }
    assert score(morning, records={"new_visit": {"start": "2026-11-24T10:30:00"}})[0]
    met, detail = score(morning, records={"new_visit": {"start": "2026-11-24T14:30:00"}})
    assert (met, detail) == (False, "start is Tuesday 11/24 at 2:30 PM")
    note = {
        "kind": "record_state",
        "record": "msg",
        "field": "text",
        "contains": ["call"],
        "excludes": ["a1c"],
    }
    assert score(note, records={"msg": {"text": "Please call Dana"}})[0]
    assert not score(note, records={"msg": {"text": "Call Dana about her A1c"}})[0]


def test_record_state_with_equals_and_a_value_check_needs_both() -> None:
    both = {
        "kind": "record_state",
        "record": "new_visit",
        "field": "provider",
        "equals": "Dr. Okafor",
        "present": True,
    }
    assert score(both, records={"new_visit": {"provider": "Dr. Okafor"}})[0]
    assert not score(both, records={"new_visit": {"provider": "Dr. Patel"}})[0]
    empty = {"kind": "record_state", "record": "new_visit", "field": "provider", "equals": None}
    met, detail = score(empty, records={"new_visit": {"provider": None}})
    assert (met, detail) == (True, "no provider")


def test_a_met_not_done_says_so_in_a_sentence() -> None:
    never = {"kind": "not_done", "match": {"action": "VerifyCallerIdentity", "outcome": "refused"}}
    assert score(never) == (True, "never tried, as it should be")
    assert score({"kind": "not_done", "match": BOOKED}, **REFS) == (
        True,
        "never done, as it should be",
    )


def test_a_count_of_refused_attempts_says_they_were_refused() -> None:
    refused = {"kind": "count", "match": {"action": "BookFromWaitlist", "outcome": "refused"}}
    met, detail = score(
        {**refused, "max": 0}, act(1, "BookFromWaitlist", 1, outcome="refused", waitlist_id=1)
    )
    assert (met, detail) == (False, "BookFromWaitlist tried 1 time, refused; at most 0")
