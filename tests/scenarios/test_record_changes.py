"""The debrief's 'what you changed': records created and edited, against the scenario start."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import RescheduleAppointment, UpdateDemographics, ViewChart
from ehr_sim.packs.loader import LoadedPack

from .conftest import scenario_in


def test_changes_list_the_reschedule_and_the_correction_and_nothing_else(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    run = ScenarioRun.start(
        tmp_path / "a.db", pack, scenario, play_date=date(2026, 11, 23), running=False
    )
    try:
        assert run.changes() == []
        refs = run.refs()
        run.gateway.clock.set(run.started_at + timedelta(minutes=3))
        assert run.perform(ViewChart(patient_id=refs["dana"])).done
        moved = run.perform(
            RescheduleAppointment(
                appointment_id=refs["dana_visit"],
                new_start=datetime(2026, 11, 26, 14, 0),
                reason="family emergency",
            )
        )
        assert moved.done, moved.message
        fixed = run.perform(
            UpdateDemographics(
                patient_id=refs["dana"], changes={"mobile": "(614) 555-0199"}, reason="new mobile"
            )
        )
        assert fixed.done, fixed.message
        changes = {(c.table, c.key, c.kind): c for c in run.changes()}
    finally:
        run.close()
    old = changes[("appointments", refs["dana_visit"], "changed")]
    assert {f.field: (f.before, f.after) for f in old.fields}["status"] == (
        "confirmed",
        "rescheduled",
    )
    assert ("appointments", moved.record_id, "created") in changes
    patient = changes[("patients", refs["dana"], "changed")]
    assert {f.field for f in patient.fields} == {"mobile", "mobile_digits"}
    assert any(t == "amendments" and kind == "created" for t, _k, kind in changes)
    tables = {t for t, _k, _kind in changes}
    assert tables == {"appointments", "patients", "amendments"}


def test_the_desk_colleagues_check_ins_co_pays_and_eligibility_are_not_the_trainees_changes(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    run = ScenarioRun.start(
        tmp_path / "a.db", pack, scenario, play_date=date(2026, 11, 23), running=False
    )
    try:
        run.gateway.clock.set(run.started_at + timedelta(hours=2))
        run.tick()  # the morning's patients arrive: the desk verifies, takes co-pays, checks in
        with run.db.reading() as s:
            from sqlalchemy import func, select

            from ehr_sim.records import EligibilityCheck, Payment

            assert s.scalar(select(func.count(EligibilityCheck.id))) > 0
            assert s.scalar(select(func.count(Payment.id)).where(Payment.purpose == "copay")) > 0
        tables = {c.table for c in run.changes()}
    finally:
        run.close()
    assert not tables & {"eligibility_checks", "payments", "ledger_entries", "appointments"}
