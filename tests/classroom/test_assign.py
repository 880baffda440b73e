"""`ehr-sim class assign` / `class assignments` on a real PostgreSQL server, through real
subprocesses; the student copy of a pack; attempts allowed; variant seeds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.classroom import open_class
from ehr_sim.app.classroom.assignments import (
    AssignProblem,
    StudentRef,
    assignments_for,
    check_attempts_left,
    student_archive,
    student_pack,
    unzip_files,
    utc_from_local,
    variant_seed,
)
from ehr_sim.packs.loader import load_pack
from ehr_sim.records.classroom import Assignment, ClassAttempt, ClassPack, Section

CORE = Path(__file__).resolve().parents[2] / "scenarios" / "core"
SCENARIOS = ["reschedule_family_emergency", "denied_claim", "walk_in_chest_pain"]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", "class", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def refusal(done: subprocess.CompletedProcess[str], command: str = "class assign") -> str:
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"ehr-sim {command}: ")
    return lines[0].removeprefix(f"ehr-sim {command}: ")


def scenario_ids() -> list[str]:
    result = load_pack(CORE)
    assert result.pack is not None
    return [s.scenario.id for s in result.pack.scenarios]


def test_the_core_pack_has_the_scenarios_these_tests_name() -> None:
    assert sorted(scenario_ids()) == sorted(SCENARIOS)


def test_assigning_a_pack_stores_it_once_and_lists_the_assignment(class_db: str) -> None:
    due = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    first = cli(
        "assign", "--url", class_db, "--pack", str(CORE), "--title", "Week 3 phones",
        "--scenarios", "denied_claim,walk_in_chest_pain", "--mode", "assessed",
        "--due", due, "--attempts", "2", "--points", "50",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("assignment 1: Week 3 phones — assessed, 2 scenario(s) of")
    assert "loaded)" in first.stdout
    again = cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "Practice all")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("assignment 2: Practice all — practice, 3 scenario(s)")
    assert "already on the server" in again.stdout

    database = open_class(class_db)
    with database.session() as session:
        packs = session.scalars(select(ClassPack)).all()
        assert len(packs) == 1  # same content hash: no duplicate
        first_row = session.get(Assignment, 1)
        assert first_row is not None
        assert json.loads(first_row.scenarios) == ["denied_claim", "walk_in_chest_pain"]
        assert (first_row.mode, first_row.attempts_allowed, first_row.points) == (
            "assessed",
            2,
            50,
        )
        assert first_row.pack_hash == packs[0].content_hash
        assert first_row.due_at == utc_from_local(datetime.strptime(due, "%Y-%m-%dT%H:%M"))
    database.close()

    listing = cli("assignments", "--url", class_db)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("assignment 1: Week 3 phones — assessed, denied_claim, walk_in")
    assert "2 attempts, 50 points, whole class, per-student variants" in lines[0]
    assert "unlimited attempts" in lines[1]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--scenarios", "denied_claim,no_such"], "has no scenario 'no_such'"),
        (["--section", "MOA 101 - 09"], "there is no section 'MOA 101 - 09'"),
        (["--due", "2020-01-01T09:00"], "is already past"),
        (["--due", "tomorrow"], "is not a time like"),
        (["--attempts", "0"], "attempts allowed must be 1 or more"),
        (["--mode", "exam"], "neither practice nor assessed"),
    ],
)
def test_a_bad_assignment_is_refused_in_one_line_and_nothing_is_stored(
    class_db: str, extra: list[str], words: str
) -> None:
    done = cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "T", *extra)
    assert words in refusal(done)
    database = open_class(class_db)
    with database.session() as session:
        assert session.scalars(select(Assignment)).all() == []
        assert session.scalars(select(ClassPack)).all() == []
    database.close()


def test_a_pack_with_problems_is_refused_with_its_file_and_line(
    class_db: str, tmp_path: Path
) -> None:
    pack = tmp_path / "core"
    shutil.copytree(CORE, pack)
    file = pack / "denied-claim.yaml"
    file.write_text(file.read_text().replace("difficulty:", "dificulty:", 1))
    message = refusal(cli("assign", "--url", class_db, "--pack", str(pack), "--title", "T"))
    assert message.startswith("core: the pack has problems, fix them first: denied-claim.yaml:")
    assert "SCH" in message


def test_a_section_assignment_is_accepted_for_a_known_section(class_db: str) -> None:
    database = open_class(class_db)
    with database.session() as session:
        session.add(Section(name="MOA 101 - 02"))
    database.close()
    done = cli(
        "assign", "--url", class_db, "--pack", str(CORE), "--title", "Sect",
        "--section", "MOA 101 - 02", "--no-variants",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listing = cli("assignments", "--url", class_db).stdout
    assert "section MOA 101 - 02, no variants" in listing


def test_updating_an_assignment_points_it_at_the_fixed_pack_and_keeps_the_old(
    class_db: str, tmp_path: Path
) -> None:
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "T").returncode == 0
    same = cli("assign", "--url", class_db, "--update", "1", "--pack", str(CORE))
    assert same.returncode == 0 and same.stdout.endswith(": nothing changed\n"), same.stderr
    fixed = tmp_path / "core"
    shutil.copytree(CORE, fixed)
    file = fixed / "denied-claim.yaml"
    file.write_text(file.read_text() + "\n# rubric fixed after class\n")
    done = cli("assign", "--url", class_db, "--update", "1", "--pack", str(fixed))
    assert done.returncode == 0, done.stderr
    assert "still stored" in done.stdout
    database = open_class(class_db)
    with database.session() as session:
        hashes = set(session.scalars(select(ClassPack.content_hash)))
        assignment = session.get(Assignment, 1)
        assert assignment is not None
        assert len(hashes) == 2 and assignment.pack_hash in hashes
        assert assignment.pack_hash == load_pack(fixed).pack.content_hash  # type: ignore[union-attr]
    database.close()
    assert "no assignment 7" in refusal(
        cli("assign", "--url", class_db, "--update", "7", "--pack", str(fixed))
    )


def test_the_student_copy_holds_no_rubric_and_no_plays_and_still_loads(
    class_db: str, tmp_path: Path
) -> None:
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "T").returncode == 0
    database = open_class(class_db)
    with database.session() as session:
        stored = session.scalars(select(ClassPack)).one()
        whole, student = unzip_files(stored.archive), unzip_files(stored.student_archive)
        pack_hash = stored.content_hash
        fetched = student_archive(session, pack_hash)
    database.close()
    assert sorted(whole) == sorted(student)
    for name, data in student.items():
        if name == "pack.yaml":
            assert data == whole[name]
            continue
        assert b"\nrubric:" in whole[name] and b"\nplays:" in whole[name]
        assert b"\nrubric:" not in data and b"\nplays:" not in data
        assert b"expect_score" not in data and b"steps:" not in data
        assert b"\ncritical_errors:" in data  # the engine stops an attempt at one
    folder = tmp_path / "play"
    folder.mkdir()
    pack = student_pack(fetched, folder, pack_hash)
    assert pack.content_hash == pack_hash
    assert sorted(s.scenario.id for s in pack.scenarios) == sorted(SCENARIOS)
    assert all(s.scenario.rubric == [] and s.scenario.plays == [] for s in pack.scenarios)
    full = load_pack(CORE).pack
    assert full is not None
    for loaded in full.scenarios:  # no criterion's words are in the student copy
        text = student[loaded.file].decode()
        assert all(c.title not in text for c in loaded.scenario.rubric)
    assert [s.scenario.briefing for s in pack.scenarios] == [
        s.scenario.briefing for s in full.scenarios
    ]


def test_attempts_allowed_are_counted_per_student_and_enforced(class_db: str) -> None:
    done = cli(
        "assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz",
        "--mode", "assessed", "--attempts", "2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    database = open_class(class_db)
    ana, ben = StudentRef("ana"), StudentRef("ben")
    now = datetime.now()
    with database.session() as session:
        pack_hash = session.scalars(select(ClassPack.content_hash)).one()
        for number in range(2):
            session.add(
                ClassAttempt(
                    uid=f"ana-{number}",
                    student_name="ana",
                    assignment_id=1,
                    scenario_id="denied_claim",
                    pack_hash=pack_hash,
                    mode="assessed",
                    started_at=now,
                    status="completed",
                )
            )
    with database.session() as session:
        mine = assignments_for(session, ana, now)
        theirs = assignments_for(session, ben, now)
    database.close()
    used = {a.scenario_id: a.attempts_words() for a in mine}
    assert used == {
        "denied_claim": "2 of 2 used",  # attempts allowed count per scenario
        "reschedule_family_emergency": "0 of 2 used",
        "walk_in_chest_pain": "0 of 2 used",
    }
    assert {a.attempts_words() for a in theirs} == {"0 of 2 used"}
    denied = next(a for a in mine if a.scenario_id == "denied_claim")
    assert denied.scenario_title == "A denied claim"
    with pytest.raises(AssignProblem, match="no attempts left at “A denied claim” of “Quiz”"):
        check_attempts_left(denied)
    for other in [*theirs, *(a for a in mine if a is not denied)]:
        check_attempts_left(other)  # the others may still be played


def test_a_students_variant_is_the_same_every_time_and_differs_from_a_neighbours() -> None:
    ana = StudentRef("ana", 4)
    assert variant_seed(3, ana) == variant_seed(3, StudentRef("ana", 4))
    assert variant_seed(3, ana) != variant_seed(3, StudentRef("ben", 5))
    assert variant_seed(3, ana) != variant_seed(4, ana)
    seeds = {variant_seed(1, StudentRef(f"s{n}", n)) for n in range(40)}
    assert len(seeds) == 40


def test_a_due_time_typed_in_toronto_is_kept_in_utc_and_lateness_compares_like_with_like(
    class_db: str,
) -> None:
    import os

    from ehr_sim.app.classroom.grades import is_late

    toronto = {**os.environ, "TZ": "America/Toronto"}
    done = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "class", "assign", "--url", class_db,
         "--pack", str(CORE), "--title", "Quiz", "--mode", "assessed",
         "--due", "2030-12-01T23:59"],
        capture_output=True, text=True, timeout=120, env=toronto,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "class", "assignments", "--url", class_db],
        capture_output=True, text=True, timeout=120, env=toronto,
    )  # fmt: skip
    assert "due 2030-12-01 23:59" in listing.stdout  # shown as typed, in local time
    database = open_class(class_db)
    with database.session() as session:
        assignment = session.get(Assignment, 1)
        assert assignment is not None
        due = assignment.due_at
    database.close()
    assert due == datetime(2030, 12, 2, 4, 59)  # 23:59 in Toronto (UTC-5 in December)
    # Attempt times are UTC too: 21:30 in Toronto is on time, 00:30 the next day is late.
    on_time = ClassAttempt(mode="assessed", started_at=datetime(2030, 12, 2, 2, 0),
                           ended_at=datetime(2030, 12, 2, 2, 30))  # fmt: skip
    late = ClassAttempt(mode="assessed", started_at=datetime(2030, 12, 2, 5, 0),
                        ended_at=datetime(2030, 12, 2, 5, 30))  # fmt: skip
    assert (is_late(on_time, due), is_late(late, due)) == (False, True)


SEAT = """
import sys, time
from datetime import datetime
from pathlib import Path
from ehr_sim.app.classroom.assignments import AssignProblem, lab_assignments, prepare_assignment
url, folder, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
chosen = next(a for a in lab_assignments(url, "ana", datetime.now()) if a.scenario_id == "denied_claim")
while not go.exists():
    time.sleep(0.01)
try:
    prepared = prepare_assignment(url, "ana", chosen, folder, datetime.now())
    print("started", getattr(prepared, "uid", None))
except AssignProblem as problem:
    print("refused", problem)
"""


def test_two_seats_signed_in_as_one_student_cannot_both_start_the_last_attempt(
    class_db: str, tmp_path: Path
) -> None:
    done = cli(
        "assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz",
        "--mode", "assessed", "--attempts", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    go = tmp_path / "go"
    seats = [
        subprocess.Popen(
            [sys.executable, "-c", SEAT, class_db, str(tmp_path / f"seat{n}"), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for n in (1, 2):
        (tmp_path / f"seat{n}").mkdir()
    go.touch()
    said = sorted(seat.communicate(timeout=120)[0].strip() for seat in seats)
    assert said[0].startswith("refused no attempts left at “A denied claim” of “Quiz”"), said
    assert said[1].startswith("started "), said
    database = open_class(class_db)
    try:
        with database.session() as session:
            held = session.scalars(select(ClassAttempt)).one()
            assert (held.uid, held.student_name, held.status) == (
                said[1].removeprefix("started "),
                "ana",
                "running",
            )
    finally:
        database.close()
