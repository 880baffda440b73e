"""`ehr-sim reset`: put this seat back to a clean practice clinic in one step.

- The practice clinic file is rebuilt from its seed (the seed and size it was built with,
  read from the old file; the defaults when it cannot be read), for today.
- On a lab machine (a class setting exists): the signed-in student and the trainee name are
  forgotten, the local scenario history is cleared, and attempt files are removed only when
  a `<attempt file>.sent` marker beside them says the class server has them (the sync
  writes it), together with their start snapshot (`<attempt file>.start`, the clinic as
  the attempt started) and SQLite side files; the others are kept, snapshot and all, and
  listed.
- At home only the practice clinic is rebuilt: the name, history and attempts are kept.

It refuses, changing nothing, when the app is running on that clinic file (the app holds a
lock on `<clinic file>.running` while it runs: `hold_clinic`) or the data folder cannot be
written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.classroom.signin import SIGNIN_FILE, sign_out, signed_in
from ehr_sim.app.clinic import DatabaseProblem, build_clinic, clinic_file_url, open_clinic_database
from ehr_sim.app.scenarios.attempts import attempts_folder
from ehr_sim.app.scenarios.history import history_path, load_history
from ehr_sim.app.scenarios.record_changes import snapshot_path
from ehr_sim.app.seat import hold_clinic
from ehr_sim.app.trainee import trainee_name
from ehr_sim.records.clinic import ClinicSetting

SENT_SUFFIX = ".sent"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class ResetRefused(Exception):
    """The seat was not reset (nothing changed); the message says why."""


@dataclass
class ResetDone:
    clinic: Path
    seed: int
    patients: int
    today: date
    class_mode: bool
    signed_out: str = ""  # the name of who was signed in (or the trainee name), "" if none
    history_cleared: int = 0
    removed: list[Path] = field(default_factory=list)  # attempts the class server has
    kept: list[Path] = field(default_factory=list)  # attempts not sent yet (class), or all

    def lines(self) -> list[str]:
        said = [
            f"Rebuilt the practice clinic {self.clinic} from seed {self.seed} "
            f"({self.patients} patients, today {self.today})."
        ]
        if not self.class_mode:
            said.append(
                "At home: your name, your scenario history and your "
                f"{len(self.kept)} attempt file{'s' * (len(self.kept) != 1)} are kept."
            )
            return said
        who = f"Signed out {self.signed_out}" if self.signed_out else "Nobody was signed in"
        said.append(f"{who}; cleared the scenario history ({self.history_cleared} entries).")
        said.append(
            f"Removed {len(self.removed)} attempt file{'s' * (len(self.removed) != 1)} the "
            "class server has."
        )
        if self.kept:
            said.append(
                f"Kept {len(self.kept)} attempt file{'s' * (len(self.kept) != 1)} not yet sent "
                "to the class server:"
            )
            said.extend(f"  {path}" for path in self.kept)
        return said


def reset_seat(
    data_dir: Path,
    clinic: Path,
    *,
    class_mode: bool,
    today: date,
    progress: Callable[[float, str], None] | None = None,
) -> ResetDone:
    """Reset this seat (see the module's notes); ResetRefused when it cannot."""
    _check_writable(data_dir)
    _check_writable(clinic.parent)
    lock = hold_clinic(clinic)
    if lock is None:
        raise ResetRefused(
            f"EHR Sim is running on {clinic}: close it on this seat, then run "
            "`ehr-sim reset` again (nothing was reset)"
        )
    try:
        seed, patients = _seed_of(clinic)
        done = ResetDone(clinic, seed, patients, today, class_mode)
        _rebuild(clinic, seed, patients, today, progress)
        attempts = sorted(attempts_folder(data_dir).glob("*.db"))
        if not class_mode:
            done.kept = attempts
            return done
        who = signed_in(data_dir)
        done.signed_out = who.name if who else trainee_name(data_dir)
        sign_out(data_dir)
        (data_dir / SIGNIN_FILE).unlink(missing_ok=True)
        done.history_cleared = len(load_history(data_dir))
        history_path(data_dir).unlink(missing_ok=True)
        for attempt in attempts:
            marker = Path(f"{attempt}{SENT_SUFFIX}")
            if not marker.exists():
                done.kept.append(attempt)
                continue
            for suffix in ("", *SQLITE_SIDE_FILES):
                Path(f"{attempt}{suffix}").unlink(missing_ok=True)
                Path(f"{snapshot_path(attempt)}{suffix}").unlink(missing_ok=True)
            marker.unlink()
            done.removed.append(attempt)
        return done
    finally:
        lock.release()


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".reset-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise ResetRefused(
            f"{folder} cannot be written ({exc.strerror or exc}): nothing was reset"
        ) from None


def _seed_of(clinic: Path) -> tuple[int, int]:
    """The seed and patient count the clinic file was built with (defaults if unreadable)."""
    from ehr_sim.world import WorldSpec

    default = WorldSpec()
    if not clinic.exists():
        return default.seed, default.patients
    try:
        db = open_clinic_database(clinic_file_url(clinic), create=False, read_only=True)
    except DatabaseProblem:
        return default.seed, default.patients
    try:
        with db.sessions() as session:
            found = {
                s.key: s.value
                for s in session.scalars(
                    select(ClinicSetting).where(
                        ClinicSetting.key.in_(("world_seed", "world_patients"))
                    )
                )
            }
    except Exception:  # a damaged file: it is being replaced anyway
        found = {}
    finally:
        db.close()
    try:
        return int(found["world_seed"]), int(found["world_patients"])
    except (KeyError, ValueError):
        return default.seed, default.patients


def _rebuild(
    clinic: Path,
    seed: int,
    patients: int,
    today: date,
    progress: Callable[[float, str], None] | None,
) -> None:
    """Build the new clinic beside the old one, then put it in its place."""
    from ehr_sim.world import WorldSpec

    fresh = clinic.with_name(f".{clinic.name}.rebuilding")
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    try:
        db = open_clinic_database(clinic_file_url(fresh))
        try:
            build_clinic(db, WorldSpec(seed=seed, patients=patients, today=today), progress)
        finally:
            db.close()
        for suffix in SQLITE_SIDE_FILES:
            Path(f"{clinic}{suffix}").unlink(missing_ok=True)
        os.replace(fresh, clinic)
    except BaseException:
        for suffix in ("", *SQLITE_SIDE_FILES):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        raise
