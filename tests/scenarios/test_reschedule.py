"""Reschedule after a family emergency: what the grade says, and why, for a bad day."""

from __future__ import annotations

from pathlib import Path

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack

from .conftest import play_named, play_reference, scenario_in


def test_cancel_and_rebook_loses_the_reschedule_points_and_says_why(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    play = play_named(scenario, "cancel")
    report = run_play(pack, scenario, play, tmp_path).report
    by_id = {c.id: c for c in report.criteria}
    assert by_id["identity_verified"].met and by_id["chart_found"].met
    assert not by_id["linked_reschedule"].met
    assert by_id["linked_reschedule"].feedback.startswith("Use Reschedule on the existing visit")
    assert by_id["cancelled_instead"].harmful and by_id["cancelled_instead"].awarded == -20
    assert [e.action for e in by_id["cancelled_instead"].evidence] == ["CancelAppointment"]
    assert not by_id["empathy"].met


def test_disclosing_before_verification_is_critical_and_ends_the_call(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    play = play_named(scenario, "discloses")
    result = run_play(pack, scenario, play, tmp_path)
    assert result.ending.startswith("critical")
    assert [c.id for c in result.report.critical] == ["disclosed_before_verification"]
    assert result.report.critical[0].detail == "ChooseResponse at 1:00"


def test_the_confirmation_reads_the_slot_the_trainee_chose_not_the_answer_key(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    reference = play_named(scenario, "reference")
    steps = [
        step.model_copy(update={"args": {**step.args, "new_start": "+5bd 09:00"}})
        if step.do == "RescheduleAppointment"
        else step
        for step in reference.steps
    ]
    other_slot = reference.model_copy(update={"name": "the other slot", "steps": steps})
    result = run_play(pack, scenario, other_slot, tmp_path)  # played on Monday 2026-01-05
    said = [s.message for s in result.steps if s.action == "ChooseResponse"]
    assert any(
        m.startswith(
            "You: “You're all set: I've moved you to Monday 1/12 at 9:00 AM with Dr. Okafor"
        )
        for m in said
    ), said
    assert any("on the list for Dr. Okafor from Thursday 1/8 to Thursday 1/8" in m for m in said)
    assert result.report.score == 100  # the other opening she was offered fits too


def test_the_confirmation_is_not_offered_before_the_visit_is_moved(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    reference = play_named(scenario, "reference")
    early = [s for s in reference.steps if s.do != "RescheduleAppointment"]
    result = run_play(pack, scenario, reference.model_copy(update={"steps": early}), tmp_path)
    refused = next(s for s in result.steps if not s.done)
    # The hint says what is not true yet, not which button to press.
    assert refused.message == (
        "You can't read back a new time yet: on the schedule her visit has not moved."
    )
    assert "Reschedule" not in refused.message
    by_id = {c.id: c for c in result.report.criteria}
    assert not by_id["fitting_slot"].met and by_id["fitting_slot"].detail == "no start"


def test_telling_her_she_is_booked_before_anything_is_booked_is_graded_untrue(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    reference = play_named(scenario, "reference")
    steps = [
        step.model_copy(update={"choose": "confirm_other"})
        if step.choose == "confirm_new"
        else step
        for step in reference.steps
        if step.do != "RescheduleAppointment"
    ]
    play = reference.model_copy(update={"name": "booked in words only", "steps": steps})
    result = run_play(pack, scenario, play, tmp_path)
    by_id = {c.id: c for c in result.report.criteria}
    assert by_id["said_untrue"].harmful and by_id["said_untrue"].awarded == -10
    assert not by_id["linked_reschedule"].met


def offered_times(result: PlayResult) -> str:
    said = [s.message for s in result.steps if s.action == "ChooseResponse"]
    return next(m for m in said if "can see you" in m)


def test_the_openings_offered_are_read_from_the_schedule(pack: LoadedPack, tmp_path: Path) -> None:
    scenario = scenario_in(pack, "reschedule")
    result = play_reference(pack, scenario, tmp_path)  # played on Monday 2026-01-05
    assert "Dr. Okafor can see you Thursday 1/8 at 2:00 PM or Monday 1/12 at 9:00 AM." in (
        offered_times(result)
    )


def test_an_opening_taken_before_the_offer_is_not_offered(pack: LoadedPack, tmp_path: Path) -> None:
    scenario = scenario_in(pack, "reschedule")
    reference = play_named(scenario, "reference")
    first = reference.steps[0]
    someone_else = first.model_copy(
        update={
            "do": "BookAppointment",
            "choose": None,
            "args": {
                "patient_id": 1,
                "provider_id": 1,
                "type_id": 6,
                "start": "+3bd 14:00",
                "reason": "Follow-up",
            },
        }
    )
    play = reference.model_copy(update={"steps": [someone_else, *reference.steps]})
    result = run_play(pack, scenario, play, tmp_path)
    assert result.steps[0].done, result.steps[0].message
    offered = offered_times(result)
    # Thursday's next opening, then Monday's (the scenario keeps the huddle before 9:00).
    assert "can see you Thursday 1/8 at 3:30 PM or Monday 1/12 at 9:00 AM." in offered
