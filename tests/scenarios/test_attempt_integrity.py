"""Tamper-evident attempt files: the ten edits a hostile student tried (issue 12) are each
caught by `ehr-sim attempt verify`, made with plain sqlite3 on attempt files from real plays;
an untouched or killed attempt verifies; an assessed clock keeps running while the app is
closed; `grade` refuses a running assessed attempt."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ehr_sim.app.clinic import clinic_file_url, open_clinic_database
from ehr_sim.app.gateway import ENDED
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.integrity import Verdict, verify
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.app.scenarios.record_changes import snapshot_path
from ehr_sim.domain.actions import ViewChart
from ehr_sim.domain.integrity import GENESIS, link_hash, seal_code
from ehr_sim.packs.loader import LoadedPack

from .conftest import killed_child, play_named, scenario_in


def ehr_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )


def verdict_of(path: Path) -> Verdict:
    db = open_clinic_database(clinic_file_url(path), create=False, read_only=True)
    try:
        return verify(db)
    finally:
        db.close()


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory, pack: LoadedPack) -> dict[str, Path]:
    """Sealed attempt files from two recorded plays: the chest-pain walk-in done well, and a
    caller told about her visit before she was verified (a disclosure)."""
    folder = tmp_path_factory.mktemp("played")
    files = {}
    for prefix, words in (("walk_in", "reference"), ("reschedule", "discloses")):
        scenario = scenario_in(pack, prefix)
        result = run_play(pack, scenario, play_named(scenario, words), folder)
        assert result.ending.split(":")[0] in {"completed", "critical"}
        files[prefix] = next(folder.glob(f"{scenario.id}-*.db"))
    return files


def copy_of(played: dict[str, Path], which: str, tmp_path: Path) -> Path:
    source = played[which]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    shutil.copy(snapshot_path(source), snapshot_path(copy))
    return copy


def edit(path: Path, *statements: str) -> None:
    """Change the file the way a student with an SQLite browser would."""
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def trainee_seq(path: Path, action_type: str) -> int:
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT seq FROM action_log WHERE actor = 'trainee' AND action_type = ? "
            "ORDER BY seq LIMIT 1",
            (action_type,),
        ).fetchone()
    finally:
        con.close()
    assert row is not None, action_type
    return int(row[0])


def test_an_untouched_attempt_verifies_and_names_its_seal(
    played: dict[str, Path], tmp_path: Path
) -> None:
    attempt = copy_of(played, "walk_in", tmp_path)
    before = attempt.read_bytes()
    done = ehr_sim("attempt", "verify", str(attempt))
    assert done.returncode == 0, done.stderr
    verdict = verdict_of(attempt)
    assert verdict.intact and verdict.sealed_at is not None
    assert f"intact: {verdict.records} records, sealed at" in done.stdout
    assert verdict.seal_code in done.stdout
    assert attempt.read_bytes() == before


TAMPERING: dict[str, tuple[str, Callable[[Path], list[str]], str]] = {
    "delete a disclosure row": (
        "reschedule",
        lambda p: [
            "DELETE FROM action_log WHERE action_type = 'ChooseResponse' "
            "AND arguments LIKE '%disclose_early%'"
        ],
        "(ChooseResponse at 1:00) was removed after it was logged",
    ),
    "move an alert time": (
        "walk_in",
        lambda p: [
            "UPDATE action_log SET sim_time = '2026-01-05 10:05:10.000000' "
            "WHERE action_type = 'AlertClinician'"
        ],
        "(AlertClinician at 2:30) was changed after it was logged",
    ),
    "rename the trainee": (
        "walk_in",
        lambda p: [
            "UPDATE attempts SET trainee = 'Top Student'",
            "UPDATE action_log SET actor = 'Top Student' WHERE actor = 'trainee'",
        ],
        "record 1 (the attempt's start: trainee, pack, scenario and clock) was changed",
    ),
    "change a choice": (
        "walk_in",
        lambda p: [
            "UPDATE action_log SET arguments = replace(arguments, 'sit_here', 'stay_with_him') "
            "WHERE arguments LIKE '%sit_here%'"
        ],
        "(ChooseResponse at 2:00) was changed after it was logged",
    ),
    "drop a logged action": (
        "walk_in",
        lambda p: [f"DELETE FROM action_log WHERE seq = {trainee_seq(p, 'Call911')}"],
        "(Call911 at 3:00) was removed after it was logged",
    ),
    "insert one": (
        "walk_in",
        lambda p: [
            "INSERT INTO action_log (action_type, arguments, outcome, message, result, "
            "patient_id, sim_time, wall_time, actor) SELECT action_type, arguments, outcome, "
            "message, result, patient_id, '2026-01-05 10:06:30.000000', wall_time, actor "
            f"FROM action_log WHERE seq = {trainee_seq(p, 'AlertClinician')}"
        ],
        "an action that is not in the chain was added: AlertClinician at 1:30",
    ),
    "edit an outcome": (
        "walk_in",
        lambda p: ["UPDATE action_log SET outcome = 'refused' WHERE action_type = 'WriteNote'"],
        "(WriteNote at 9:00) was changed after it was logged",
    ),
    "change the pack content hash": (
        "walk_in",
        lambda p: [f"UPDATE attempts SET content_hash = '{'ab' * 32}'"],
        "record 1 (the attempt's start: trainee, pack, scenario and clock) was changed",
    ),
    "change the score inputs": (
        "walk_in",
        lambda p: ["UPDATE appointments SET status = 'checked_in' WHERE id = 9558"],
        "(the seal at the end) does not match",
    ),
    "re-seal with a forged final hash": (
        "walk_in",
        lambda p: [
            'UPDATE attempts SET variables = \'{"robert_roomed": true, "maya_done": true}\', '
            "status = 'completed'",
            "UPDATE attempt_chain SET hash = '"
            + hashlib.sha256(b"forged").hexdigest()
            + "' WHERE kind = 'seal'",
        ],
        "(the seal at the end) was changed after it was logged",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_each_tampering_edit_is_named_by_verify(
    tampering: str, played: dict[str, Path], tmp_path: Path
) -> None:
    which, statements, expected = TAMPERING[tampering]
    attempt = copy_of(played, which, tmp_path)
    assert verdict_of(attempt).intact
    edit(attempt, *statements(attempt))
    verdict = verdict_of(attempt)
    assert not verdict.intact
    assert expected in verdict.message, verdict.message


def test_verify_and_grade_exit_non_zero_for_an_edited_attempt(
    played: dict[str, Path], tmp_path: Path
) -> None:
    attempt = copy_of(played, "walk_in", tmp_path)
    edit(attempt, "UPDATE action_log SET outcome = 'refused' WHERE action_type = 'WriteNote'")
    done = ehr_sim("attempt", "verify", str(attempt))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "(WriteNote at 9:00) was changed after it was logged" in done.stderr

    graded = ehr_sim("grade", str(attempt))
    assert graded.returncode == 1
    assert graded.stdout.startswith("NOT VERIFIED: record ")
    assert "failed verification" in graded.stderr
    as_json = ehr_sim("grade", str(attempt), "--json")
    report = json.loads(as_json.stdout)
    assert report["verified"] is False and "WriteNote" in report["verification"]


def test_verify_says_in_one_line_when_the_file_is_missing_or_damaged(tmp_path: Path) -> None:
    missing = ehr_sim("attempt", "verify", str(tmp_path / "nowhere.db"))
    damaged_file = tmp_path / "damaged.db"
    damaged_file.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    damaged = ehr_sim("attempt", "verify", str(damaged_file))
    for done in (missing, damaged):
        assert done.returncode == 2
        assert done.stderr.startswith("ehr-sim attempt verify: ")
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_chain_recomputed_with_the_apps_own_code_passes_but_its_seal_code_changes(
    played: dict[str, Path], tmp_path: Path
) -> None:
    """The limit docs/integrity.md states: whoever runs the code can rebuild a plain chain;
    the seal code the trainee handed in at the end no longer matches."""
    attempt = copy_of(played, "walk_in", tmp_path)
    handed_in = verdict_of(attempt).seal_code
    edit(attempt, "UPDATE action_log SET outcome = 'refused' WHERE action_type = 'WriteNote'")
    # The forger recomputes the edited action's digest and every link after it.
    from ehr_sim.domain.integrity import content_digest
    from ehr_sim.records import ActionRecord
    from ehr_sim.records.integrity import action_content

    con = sqlite3.connect(attempt)
    try:
        seq = con.execute("SELECT seq FROM action_log WHERE action_type = 'WriteNote'").fetchone()
        db = open_clinic_database(clinic_file_url(attempt), create=False, read_only=True)
        with db.reading() as session:
            row = session.get(ActionRecord, seq[0])
            assert row is not None
            digest = content_digest(action_content(row))
        db.close()
        con.execute(
            "UPDATE attempt_chain SET digest = ? WHERE kind = 'action' AND ref = ?",
            (digest, seq[0]),
        )
        previous = GENESIS
        links = con.execute(
            "SELECT id, kind, ref, digest, state FROM attempt_chain ORDER BY id"
        ).fetchall()
        for number, kind, ref, link_digest, state in links:
            previous = link_hash(previous, number, kind, ref, link_digest, state)
            con.execute("UPDATE attempt_chain SET hash = ? WHERE id = ?", (previous, number))
        con.commit()
    finally:
        con.close()
    forged = verdict_of(attempt)
    assert forged.intact
    assert forged.seal_code != handed_in and forged.seal_code == seal_code(previous)


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date, datetime, timedelta
    from pathlib import Path
    from ehr_sim.domain.actions import AnswerCall, ChooseResponse, ViewChart
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    pack = load_pack(Path(sys.argv[1])).pack
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    run = ScenarioRun.start(Path(sys.argv[2]), pack, scenario, play_date=date(2026, 11, 23),
                            running=False)
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=20))
    run.tick()
    call = run.refs()["dana_calls"]
    print(run.perform(AnswerCall(conversation_id=call)).seq, flush=True)
    print(run.perform(ChooseResponse(conversation_id=call, choice="greet_office")).seq, flush=True)
    for _ in range(5):
        print(run.perform(ViewChart(patient_id=run.refs()["dana"])).seq, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_attempt_verifies_up_to_its_last_record_and_resumes_chained(
    pack: LoadedPack, tmp_path: Path
) -> None:
    attempt = tmp_path / "attempt.db"
    seqs = [int(line) for line in killed_child(CHILD, attempt).split()]
    assert len(seqs) == 7
    killed = verdict_of(attempt)
    assert killed.intact and killed.running, killed.message
    assert "still running" in killed.message

    run = ScenarioRun.resume(attempt, scenario_in(pack, "reschedule"), running=False)
    try:
        assert run.perform(ViewChart(patient_id=run.refs()["dana"])).done
    finally:
        run.close()
    resumed = verdict_of(attempt)
    assert resumed.intact and resumed.records == killed.records + 1


def test_an_assessed_clock_keeps_running_while_the_app_is_closed_and_practice_pauses(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    for mode in ("assessed", "practice"):
        path = tmp_path / f"{mode}.db"
        run = ScenarioRun.start(path, pack, scenario, play_date=date(2026, 11, 23), mode=mode)
        run.close()
        con = sqlite3.connect(path)
        (wall_started,) = con.execute("SELECT wall_started_at FROM attempts").fetchone()
        con.close()
        reopened = datetime.fromisoformat(wall_started) + timedelta(seconds=30)
        run = ScenarioRun.resume(path, scenario, running=False, wall_clock=lambda at=reopened: at)
        try:
            lost = run.gateway.clock.now() - run.started_at
        finally:
            run.close()
        # 30 s of real time is 30 s of the scenario's clock at its speed.
        expected = timedelta(seconds=30 * scenario.world.clock_speed)
        assert lost == (expected if mode == "assessed" else timedelta(0)), mode


def test_grade_refuses_to_show_a_running_assessed_attempts_criteria(
    pack: LoadedPack, tmp_path: Path
) -> None:
    path = tmp_path / "assessed.db"
    scenario = scenario_in(pack, "reschedule")
    run = ScenarioRun.start(
        path, pack, scenario, play_date=date(2026, 11, 23), mode="assessed", running=False
    )
    run.close()
    done = ehr_sim("grade", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "this assessed attempt is still running" in done.stderr
    assert done.stderr.count("\n") == 1


def test_nothing_is_done_or_logged_in_an_attempt_once_it_has_ended(
    played: dict[str, Path], pack: LoadedPack, tmp_path: Path
) -> None:
    attempt = copy_of(played, "walk_in", tmp_path)
    run = ScenarioRun.resume(attempt, scenario_in(pack, "walk_in"), running=False)
    try:
        outcome = run.perform(ViewChart(patient_id=run.refs()["robert"]))
    finally:
        run.close()
    assert not outcome.done and outcome.code == ENDED
    assert verdict_of(attempt).intact
