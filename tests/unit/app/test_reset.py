"""`ehr-sim reset` puts a seat back to a clean practice clinic: the clinic rebuilt from its
seed, and on a lab machine the student signed out, the history cleared, and only attempts
the class server has (a `.sent` marker beside them) removed. Real files, real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ehr_sim.app.clinic import clinic_file_url, open_clinic_database
from ehr_sim.app.queries.clinic import is_empty
from ehr_sim.app.trainee import save_trainee_name, trainee_name
from ehr_sim.records.clinic import ClinicSetting


def seat_env(tmp_path: Path, *, lab: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_CONFIG_DIRS"] = str(tmp_path / "site-config")
    env.pop("EHR_SIM_DATABASE_URL", None)
    env.pop("EHR_SIM_CLASS_URL", None)
    if lab:
        env["EHR_SIM_CLASS_URL"] = "postgresql://lab:secret@class-server/ehr_sim"
    return env


def ehr_sim(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def used_seat(tmp_path: Path, *, lab: bool) -> tuple[dict[str, str], Path, Path]:
    """A seat after a day of use: a small clinic with a practice change, a name, a history,
    two attempts the class server has and one it does not."""
    env = seat_env(tmp_path, lab=lab)
    folder = tmp_path / "data" / "ehr-sim"
    clinic = folder / "clinic.db"
    built = ehr_sim(env, "world", "--out", str(clinic), "--seed", "11", "--patients", "20")
    assert built.returncode == 0, built.stderr
    db = open_clinic_database(clinic_file_url(clinic))
    with db.sessions() as session, session.begin():
        session.add(ClinicSetting(key="left_by_practice", value="yes"))  # the day's practice
    db.close()
    save_trainee_name(folder, "Jane Doe")
    (folder / "signin.json").write_text(json.dumps({"login": "jdoe", "name": "Jane Doe"}))
    (folder / "history.json").write_text("[]")
    attempts = folder / "attempts"
    attempts.mkdir()
    for name in ("sent-1.db", "sent-2.db", "unsent.db"):
        (attempts / name).write_bytes(b"attempt")
    (attempts / "sent-1.db.sent").touch()
    (attempts / "sent-2.db.sent").touch()
    (attempts / "sent-2.db-wal").write_bytes(b"wal")
    # each with its start snapshot (the clinic as the attempt started, several MB for real)
    for name in ("sent-1.db.start", "sent-2.db.start", "unsent.db.start"):
        (attempts / name).write_bytes(b"snapshot")
    (attempts / "sent-1.db.start-wal").write_bytes(b"wal")
    return env, folder, clinic


def practised(clinic: Path) -> bool:
    """True while the clinic file holds the day's practice (False: a clean, built clinic)."""
    db = open_clinic_database(clinic_file_url(clinic), create=False, read_only=True)
    try:
        assert not is_empty(db)
        with db.sessions() as session:
            return session.get(ClinicSetting, "left_by_practice") is not None
    finally:
        db.close()


def test_a_lab_seat_is_reset_and_only_attempts_the_server_has_are_removed(
    tmp_path: Path,
) -> None:
    env, folder, clinic = used_seat(tmp_path, lab=True)
    assert practised(clinic)
    done = ehr_sim(env, "reset")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Rebuilt the practice clinic {clinic} from seed 11 (20 patients")
    assert lines[1] == "Signed out Jane Doe; cleared the scenario history (0 entries)."
    assert lines[2] == "Removed 2 attempt files the class server has."
    assert lines[3] == "Kept 1 attempt file not yet sent to the class server:"
    assert lines[4].strip() == str(folder / "attempts" / "unsent.db")
    assert not practised(clinic)
    # the unsent attempt keeps its snapshot (its review needs it); the sent ones' are gone
    assert sorted(p.name for p in (folder / "attempts").iterdir()) == [
        "unsent.db",
        "unsent.db.start",
    ]
    assert trainee_name(folder) == ""
    assert not (folder / "signin.json").exists() and not (folder / "history.json").exists()


def test_at_home_reset_rebuilds_the_clinic_and_keeps_the_name_and_every_attempt(
    tmp_path: Path,
) -> None:
    env, folder, clinic = used_seat(tmp_path, lab=False)
    done = ehr_sim(env, "reset")
    assert done.returncode == 0, done.stderr
    assert "At home: your name, your scenario history and your 3 attempt files are kept." in (
        done.stdout
    )
    assert not practised(clinic)
    assert len(list((folder / "attempts").iterdir())) == 10
    assert trainee_name(folder) == "Jane Doe"


def test_reset_refuses_while_the_app_runs_on_that_clinic_file(tmp_path: Path) -> None:
    env, folder, clinic = used_seat(tmp_path, lab=True)
    before = clinic.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from ehr_sim.app.seat import hold_clinic; "
            f"lock = hold_clinic(Path({str(clinic)!r})); print('held', flush=True); "
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = ehr_sim(env, "reset")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"ehr-sim reset: EHR Sim is running on {clinic}: close it on this seat, then run "
        "`ehr-sim reset` again (nothing was reset)"
    )
    assert clinic.read_bytes() == before
    assert len(list((folder / "attempts").iterdir())) == 10
    assert trainee_name(folder) == "Jane Doe"


def test_reset_refuses_when_the_data_folder_cannot_be_written(tmp_path: Path) -> None:
    env, folder, clinic = used_seat(tmp_path, lab=True)
    before = clinic.read_bytes()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder's parent should be")
    env["XDG_DATA_HOME"] = str(blocked)  # the data folder would be inside a file
    done = ehr_sim(env, "--db", str(clinic), "reset")
    assert done.returncode == 2
    assert done.stderr.startswith(f"ehr-sim reset: {blocked / 'ehr-sim'} cannot be written (")
    assert done.stderr.strip().endswith("nothing was reset")
    assert clinic.read_bytes() == before
    assert trainee_name(folder) == "Jane Doe"


def locked_by_another_process(lock_file: Path) -> bool:
    """True when some process holds a flock on `lock_file` (read from /proc/locks, which
    takes no lock itself)."""
    if not lock_file.exists():
        return False
    inode = lock_file.stat().st_ino
    return any(
        line.split()[1] == "FLOCK" and line.split()[5].endswith(f":{inode}")
        for line in Path("/proc/locks").read_text().splitlines()
    )


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads Linux's /proc/locks")
def test_reset_refuses_while_a_student_sits_at_the_lab_sign_in_dialog(tmp_path: Path) -> None:
    env, folder, clinic = used_seat(tmp_path, lab=True)
    before = clinic.read_bytes()
    app = subprocess.Popen(
        [sys.executable, "-m", "ehr_sim"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lock_file = Path(f"{clinic}.running")
        for _ in range(1200):  # the app starts and shows the sign-in dialog
            if locked_by_another_process(lock_file) or app.poll() is not None:
                break
            time.sleep(0.1)
        assert app.poll() is None, "the app stopped instead of waiting at the sign-in dialog"
        assert locked_by_another_process(lock_file)
        done = ehr_sim(env, "reset")
    finally:
        app.terminate()
        app.wait(timeout=30)
    assert done.returncode == 2
    assert "EHR Sim is running on" in done.stderr
    assert clinic.read_bytes() == before  # not rebuilt under the app
    assert len(list((folder / "attempts").iterdir())) == 10  # nothing removed
