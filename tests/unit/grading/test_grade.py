"""grade() per criterion kind: met or missed, points, evidence and timing detail."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from ehr_sim.grading import Attempt, LoggedAction, grade
from ehr_sim.grading.compare import same, tolerant_key
from ehr_sim.packs.schema import Scenario

from ..packs.builders import SCENARIO

START = datetime(2026, 11, 23, 10, 5)
DAY0 = date(2026, 11, 23)


def scenario_with(
    rubric: list[dict[str, Any]], critical: list[dict[str, Any]] | None = None
) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data["rubric"] = rubric
    data["critical_errors"] = critical or []
    return Scenario.model_validate(data)


def criterion(
    id: str, when: dict[str, Any], points: int = 100, skill: str = "scheduling"
) -> dict[str, Any]:
    return {
        "id": id,
        "title": f"criterion {id}",
        "when": when,
        "points": points,
        "skill": skill,
        "feedback": {"met": f"{id} met", "missed": f"{id} missed"},
    }


def act(
    seq: int, action: str, minute: float, outcome: str = "done", **arguments: Any
) -> LoggedAction:
    return LoggedAction(seq, action, arguments, outcome, START + timedelta(minutes=minute))


def attempt(*actions: LoggedAction, **extra: Any) -> Attempt:
    return Attempt(started_at=START, day0=DAY0, actions=actions, **extra)


def test_done_is_met_by_a_matching_action_and_shows_when() -> None:
    rubric = [
        criterion(
            "booked",
            {
                "kind": "done",
                "match": {"action": "BookAppointment", "where": {"patient_id": "@dana"}},
            },
        )
    ]
    report = grade(
        scenario_with(rubric),
        attempt(act(1, "BookAppointment", 2.5, patient_id=41), refs={"dana": 41}),
    )
    result = report.criteria[0]
    assert (result.met, result.awarded, report.score) == (True, 100, 100)
    assert result.detail == "BookAppointment at 2:30"
    assert [e.seq for e in result.evidence] == [1]
    assert result.feedback == "booked met"


def test_done_ignores_refused_actions_and_other_patients() -> None:
    rubric = [
        criterion(
            "booked",
            {
                "kind": "done",
                "match": {"action": "BookAppointment", "where": {"patient_id": "@dana"}},
            },
        )
    ]
    report = grade(
        scenario_with(rubric),
        attempt(
            act(1, "BookAppointment", 1, outcome="refused", patient_id=41),
            act(2, "BookAppointment", 2, patient_id=7),
            refs={"dana": 41},
        ),
    )
    assert (report.criteria[0].met, report.score, report.criteria[0].feedback) == (
        False,
        0,
        "booked missed",
    )


def test_a_harmful_action_costs_its_points() -> None:
    rubric = [
        criterion("booked", {"kind": "done", "match": {"action": "BookAppointment"}}),
        criterion("cancelled", {"kind": "done", "match": {"action": "CancelAppointment"}}, -30),
    ]
    report = grade(
        scenario_with(rubric), attempt(act(1, "BookAppointment", 1), act(2, "CancelAppointment", 2))
    )
    assert report.score == 70 and report.criteria[1].harmful
    assert report.criteria[1].feedback == "cancelled missed"


def test_not_done_lists_the_offending_actions_as_evidence() -> None:
    rubric = [
        criterion("no_cancel", {"kind": "not_done", "match": {"action": "CancelAppointment"}})
    ]
    report = grade(scenario_with(rubric), attempt(act(3, "CancelAppointment", 4)))
    assert not report.criteria[0].met and [e.seq for e in report.criteria[0].evidence] == [3]
    assert grade(scenario_with(rubric), attempt()).score == 100


def test_done_before_fails_when_the_later_action_came_first() -> None:
    rubric = [
        criterion(
            "verify_first",
            {
                "kind": "done_before",
                "first": {"action": "ViewChart"},
                "then": {"action": "RescheduleAppointment"},
            },
        )
    ]
    good = grade(
        scenario_with(rubric), attempt(act(1, "ViewChart", 1), act(2, "RescheduleAppointment", 2))
    )
    bad = grade(
        scenario_with(rubric), attempt(act(1, "RescheduleAppointment", 1), act(2, "ViewChart", 2))
    )
    assert good.criteria[0].met and not bad.criteria[0].met
    assert bad.criteria[0].detail == "RescheduleAppointment at 1:00 came before ViewChart at 2:00"


def test_done_within_reports_the_time_taken_against_the_target() -> None:
    rubric = [
        criterion(
            "fast",
            {
                "kind": "done_within",
                "match": {"action": "ViewChart"},
                "after": "dana_calls",
                "minutes": 1,
            },
        )
    ]
    events = {"dana_calls": START + timedelta(minutes=2)}
    on_time = grade(scenario_with(rubric), attempt(act(1, "ViewChart", 2.7), events=events))
    late = grade(scenario_with(rubric), attempt(act(1, "ViewChart", 3.5), events=events))
    assert on_time.criteria[0].met
    assert on_time.criteria[0].detail == (
        "Opened the chart 0:42 after the call from Dana Reyes rang (at 2:42); target within 1:00"
    )
    assert not late.criteria[0].met and "1:30 after" in late.criteria[0].detail


def test_done_within_says_what_did_not_match_in_a_near_miss() -> None:
    rubric = [
        criterion(
            "alerted",
            {
                "kind": "done_within",
                "match": {"action": "AlertClinician", "where": {"priority": "emergency"}},
                "after": "dana_calls",
                "minutes": 5,
            },
        )
    ]
    events = {"dana_calls": START + timedelta(minutes=2)}
    routine = act(1, "AlertClinician", 16, priority="routine", clinician="Dr. Okafor")
    report = grade(scenario_with(rubric), attempt(routine, events=events))
    assert report.criteria[0].detail == (
        "Alerted a clinician at 16:00, but with priority routine, not emergency; target within 5:00"
    )
    nothing = grade(scenario_with(rubric), attempt(events=events))
    assert nothing.criteria[0].detail.startswith("Never alerted a clinician after")


def test_a_late_critical_error_caps_the_score_and_is_listed() -> None:
    rubric = [criterion("booked", {"kind": "done", "match": {"action": "ViewChart"}})]
    critical = [
        {
            "id": "too_slow",
            "title": "Alert too late",
            "cap": 40,
            "feedback": "Alert within a minute.",
            "when": {
                "kind": "late",
                "match": {"action": "ViewChart"},
                "after": "dana_calls",
                "minutes": 1,
            },
        }
    ]
    events = {"dana_calls": START}
    report = grade(scenario_with(rubric, critical), attempt(act(1, "ViewChart", 5), events=events))
    assert report.score == 40 and [c.id for c in report.critical] == ["too_slow"]
    never_fired = grade(scenario_with(rubric, critical), attempt(act(1, "ViewChart", 5)))
    assert never_fired.critical == () and never_fired.score == 100


def test_dialogue_choices_made_or_avoided() -> None:
    rubric = [
        criterion("greeted", {"kind": "choice", "choice": "greet"}, 60),
        criterion("no_overshare", {"kind": "choice", "choice": "overshare", "made": False}, 40),
    ]
    report = grade(scenario_with(rubric), attempt(act(1, "ChooseResponse", 1, choice="greet")))
    assert [c.met for c in report.criteria] == [True, True] and report.score == 100


@pytest.mark.parametrize(
    ("actual", "expected", "tolerant", "result"),
    [
        ("12 Elm St.", "12 elm street", True, True),
        ("(614) 555-0100", "614.555.0100", True, True),
        ("XJH40021877", "XJH4002187", False, False),
        (" XJH4002187", "XJH4002187", False, True),
        ("1985-11-23", "1985-11-23", False, True),
    ],
)
def test_fields_compare_the_way_an_office_would(
    actual: str, expected: str, tolerant: bool, result: bool
) -> None:
    assert same(actual, expected, tolerant=tolerant) is result


def test_record_state_uses_the_criterion_comparison() -> None:
    rubric = [
        criterion(
            "fixed_id",
            {
                "kind": "record_state",
                "record": "dana",
                "field": "address1",
                "equals": "12 Elm Street",
                "compare": "tolerant",
            },
        )
    ]
    report = grade(scenario_with(rubric), attempt(records={"dana": {"address1": "12 ELM ST"}}))
    assert report.criteria[0].met
    assert tolerant_key("N. Main Ave") == "north main avenue"


def test_where_accepts_relative_times_and_lists() -> None:
    rubric = [
        criterion(
            "slot",
            {
                "kind": "done",
                "match": {
                    "action": "RescheduleAppointment",
                    "where": {"new_start": "+3d 14:00", "requested_by": ["patient", "office"]},
                },
            },
        )
    ]
    report = grade(
        scenario_with(rubric),
        attempt(
            act(
                1,
                "RescheduleAppointment",
                3,
                new_start="2026-11-26T14:00:00",
                requested_by="patient",
            )
        ),
    )
    assert report.criteria[0].met


def test_skill_totals_and_the_report_as_json() -> None:
    rubric = [
        criterion("a", {"kind": "done", "match": {"action": "ViewChart"}}, 70, "scheduling"),
        criterion(
            "b", {"kind": "done", "match": {"action": "BookAppointment"}}, 30, "communication"
        ),
    ]
    report = grade(scenario_with(rubric), attempt(act(1, "ViewChart", 1)))
    assert [(s.skill, s.awarded, s.possible) for s in report.skills] == [
        ("communication", 0, 30),
        ("scheduling", 70, 70),
    ]
    assert report.to_json()["score"] == 70


def test_grading_is_a_pure_function_of_its_inputs() -> None:
    rubric = [criterion("a", {"kind": "done", "match": {"action": "ViewChart"}})]
    log = attempt(act(1, "ViewChart", 1))
    assert grade(scenario_with(rubric), log) == grade(scenario_with(rubric), log)


def test_done_within_can_count_from_the_first_time_the_trainee_did_an_action() -> None:
    rubric = [
        criterion(
            "quick",
            {
                "kind": "done_within",
                "match": {"action": "ViewChart"},
                "from": {"action": "AnswerCall", "where": {"conversation_id": 5}},
                "minutes": 2,
            },
        )
    ]
    report = grade(
        scenario_with(rubric),
        attempt(
            act(1, "AnswerCall", 0.5, conversation_id=4),
            act(2, "AnswerCall", 1, conversation_id=5),
            act(3, "ViewChart", 2.5),
        ),
    )
    assert report.criteria[0].met
    assert report.criteria[0].detail == (
        "Opened the chart 1:30 after you answered (at 2:30); target within 2:00"
    )


def test_late_from_a_reply_catches_a_caller_left_on_hold_and_names_the_moment() -> None:
    critical = [
        {
            "id": "long_hold",
            "title": "Left the caller on hold",
            "cap": 50,
            "ends_scenario": False,
            "feedback": "Check back within a minute.",
            "when": {
                "kind": "late",
                "match": {"action": "ChooseResponse", "where": {"choice": "greet"}},
                "from": {"choice": "hold", "title": "you put Dana on hold"},
                "minutes": 1,
            },
        }
    ]
    rubric = [criterion("any", {"kind": "done", "match": {"action": "ViewChart"}})]

    def reply(seq: int, minute: float, choice: str) -> LoggedAction:
        return act(seq, "ChooseResponse", minute, choice=choice, conversation_id=1)

    held = grade(
        scenario_with(rubric, critical), attempt(reply(1, 1, "hold"), reply(2, 3, "greet"))
    )
    assert [c.id for c in held.critical] == ["long_hold"]
    assert held.critical[0].detail == (
        "Replied 2:00 after you put Dana on hold (at 3:00); target within 1:00"
    )
    never_held = grade(scenario_with(rubric, critical), attempt(reply(1, 3, "greet")))
    assert never_held.critical == ()


def test_timing_from_an_event_that_never_came_says_so_in_words() -> None:
    rubric = [
        criterion(
            "fast",
            {
                "kind": "done_within",
                "match": {"action": "ViewChart"},
                "after": "dana_calls",
                "minutes": 1,
            },
        )
    ]
    report = grade(scenario_with(rubric), attempt(act(1, "ViewChart", 1)))
    assert report.criteria[0].detail == "This never happened: the call from Dana Reyes rang"


def test_record_state_accepts_any_of_several_values_and_relative_times() -> None:
    rubric = [
        criterion(
            "slot",
            {
                "kind": "record_state",
                "record": "new_visit",
                "field": "start",
                "equals": ["+3bd 14:00", "+5bd 09:00"],
            },
            points=50,
        ),
        criterion(
            "who",
            {"kind": "record_state", "record": "new_visit", "field": "provider_id", "equals": [2]},
            points=50,
        ),
    ]
    visit = {"new_visit": {"start": "2026-11-26T14:00:00", "provider_id": 2}}  # day0 Mon 11/23
    assert grade(scenario_with(rubric), attempt(records=visit)).score == 100
    other = {"new_visit": {"start": "2026-11-26T15:00:00", "provider_id": 1}}
    assert grade(scenario_with(rubric), attempt(records=other)).score == 0
    assert grade(scenario_with(rubric), attempt()).score == 0


def test_an_untitled_call_is_named_the_same_way_in_the_debrief_and_in_timing_phrases() -> None:
    from ehr_sim.grading.wording import event_name, happened

    data = copy.deepcopy(SCENARIO)
    data["events"][0].pop("title", None)
    call = Scenario.model_validate(data).events[0]
    assert event_name(call) == f"the call from {data['events'][0]['claims_to_be']}"
    assert happened(call) == f"{event_name(call)} rang"
