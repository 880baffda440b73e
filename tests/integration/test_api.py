"""The public surface for scripts: open a clinic file, perform actions, read the log."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

import ehr_sim.api as api
from ehr_sim.api import ClinicProblem, actions, open_clinic

AT = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def clinic_file(world_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    return path


def first_booked_visit(clinic: api.Clinic) -> int:
    from ehr_sim.app.queries.schedule import day_schedule

    visits = day_schedule(clinic.database, AT.date()).appointments
    return next(v.id for v in visits if v.status == "scheduled")


def test_a_script_performs_an_action_and_reads_it_back_from_the_log(clinic_file: Path) -> None:
    with open_clinic(clinic_file, at=AT, actor="lab script") as clinic:
        visit = first_booked_visit(clinic)
        done = clinic.perform(actions.ConfirmAppointment(appointment_id=visit, via="text"))
        refused = clinic.perform(actions.MarkNoShow(appointment_id=987_654))
        rows = clinic.log()

    assert done.done and not refused.done
    assert [(r.seq, r.action, r.outcome) for r in rows[-2:]] == [
        (done.seq, "ConfirmAppointment", "done"),
        (refused.seq, "MarkNoShow", "refused"),
    ]
    confirmed = rows[-2]
    assert confirmed.arguments == {"appointment_id": visit, "via": "text"}
    assert (confirmed.sim_time, confirmed.actor) == (AT, "lab script")
    assert confirmed.patient_id is not None
    assert rows[-1].message == refused.message


def test_the_log_can_be_read_from_a_sequence_number_on(clinic_file: Path) -> None:
    with open_clinic(clinic_file, at=AT) as clinic:
        before = clinic.log()
        last = before[-1].seq if before else 0
        outcome = clinic.perform(actions.MarkNoShow(appointment_id=987_654))
        assert [r.seq for r in clinic.log(after=last)] == [outcome.seq]


def test_what_a_script_did_is_in_the_file_for_the_next_one(clinic_file: Path) -> None:
    script = textwrap.dedent(
        f"""
        from datetime import datetime
        from ehr_sim.api import actions, open_clinic
        with open_clinic({str(clinic_file)!r}, at=datetime(2026, 11, 23, 10)) as clinic:
            print(clinic.perform(actions.MarkNoShow(appointment_id=987_654)).seq)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    seq = int(result.stdout)
    with open_clinic(clinic_file) as clinic:
        (row,) = [r for r in clinic.log() if r.seq == seq]
    assert (row.action, row.outcome, row.actor) == ("MarkNoShow", "refused", "script")


def test_opening_a_file_that_is_not_there_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    with pytest.raises(ClinicProblem, match="no clinic database"):
        open_clinic(missing)
    assert not missing.exists()


def test_every_action_is_reachable_from_the_api() -> None:
    assert all(getattr(actions, name) is cls for name, cls in api.ACTIONS.items())
    assert set(api.__all__) <= set(dir(api))


BOOK = {"patient_id": 1, "provider_id": 1, "type_id": 1, "start": datetime(2026, 11, 24, 10, 0)}


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (actions.BookAppointment(**{**BOOK, "patient_id": 10**30}), "patient_id is too large"),
        (actions.BookAppointment(**{**BOOK, "start": datetime(9999, 12, 31, 23, 45)}), "1900"),
        (actions.BookAppointment(**{**BOOK, "start": "tomorrow"}), "start must be a date and time"),
        (actions.BookAppointment(**{**BOOK, "start": None}), "start must be a date and time"),
        (actions.BookAppointment(**{**BOOK, "provider_id": True}), "must be a whole number"),
        (actions.CollectCopay(appointment_id=1, amount_cents=2**70, method="cash"), "too large"),
        (actions.WriteNote(patient_id=1, kind="account", text=object()), "text must be text"),
    ],
)
def test_a_script_passing_values_of_the_wrong_kind_gets_a_logged_refusal_not_an_exception(
    clinic_file: Path, action: actions.Action, words: str
) -> None:
    with open_clinic(clinic_file, at=AT) as clinic:
        outcome = clinic.perform(action)
        last = clinic.log()[-1]
    assert not outcome.done and outcome.code == "bad_argument"
    assert words in outcome.message and outcome.message.startswith(f"{action.name}: ")
    assert (last.seq, last.action, last.outcome) == (outcome.seq, action.name, "refused")
