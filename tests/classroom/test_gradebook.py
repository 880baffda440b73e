"""The gradebook on a real PostgreSQL: real attempts (the core pack's recorded plays, kept by
`packs test --keep`) exported as result files, imported, verified and graded as `ehr-sim
grade` grades them; edited, damaged, re-imported and lab attempts whose file differs from
the log the server received."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ehr_sim.app.classroom.gradebook import read_attempt_file, regrade
from ehr_sim.app.classroom.gradebook_view import gradebook, review_attempt
from ehr_sim.app.classroom.results import (
    ResultRefused,
    export_result,
    import_folder,
    keep_pack,
)
from ehr_sim.app.classroom.store import ClassDatabase, open_class
from ehr_sim.records.classroom import (
    Assignment,
    ClassAttempt,
    ClassGrade,
    ClassLogEntry,
    Student,
)

CORE = Path(__file__).resolve().parents[2] / "scenarios" / "core"


def ehr_sim(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The core pack's recorded plays (reference plays and bad days) as attempt files."""
    folder = tmp_path_factory.mktemp("kept")
    done = ehr_sim("packs", "test", str(CORE), "--keep", str(folder), data=folder.parent / "data")
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture
def class_db_open(class_db: str) -> Iterator[ClassDatabase]:
    opened = open_class(class_db)
    yield opened
    opened.close()


def all_plays(kept: Path) -> list[Path]:
    return sorted(kept.glob("*.db"))


def plays(kept: Path) -> list[Path]:
    """The plays that ended (some bad days stop while the scenario still runs)."""
    found = [p for p in all_plays(kept) if read_attempt_file(p.read_bytes()).status != "running"]
    assert len(found) >= 6
    return found


def test_a_running_attempt_cannot_be_exported_and_says_so(kept: Path, tmp_path: Path) -> None:
    running = [p for p in all_plays(kept) if p not in plays(kept)]
    assert running
    with pytest.raises(ResultRefused) as refused:
        export_result(running[0], tmp_path, "Ana Lopez")
    assert str(refused.value) == (
        "this attempt is still running: finish it (or let it end) before exporting its result"
    )
    assert list(tmp_path.iterdir()) == []


def results_of(kept: Path, folder: Path) -> dict[str, Path]:
    """Each kept attempt exported as a student's result file, by attempt file name."""
    folder.mkdir()
    return {f.name: export_result(f, folder, f"Student {f.stem}") for f in plays(kept)}


def test_a_folder_of_results_imports_and_grades_each_attempt_as_ehr_sim_grade_does(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    exported = results_of(kept, tmp_path / "inbox")
    done = ehr_sim(
        "class",
        "import",
        "--url",
        class_db,
        str(tmp_path / "inbox"),
        "--pack",
        str(CORE),
        data=tmp_path / "data",
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(exported) + 1
    assert all(": imported: Student " in line for line in lines[:-1])
    assert (
        lines[-1] == f"{len(exported)} result files: {len(exported)} imported, "
        "0 not verified, 0 already imported, 0 refused"
    )
    class_db_ = open_class(class_db)
    try:
        with class_db_.session() as session:
            rows = {a.student_name: a for a in session.scalars(select(ClassAttempt))}
            grades = {g.attempt_id: g for g in session.scalars(select(ClassGrade))}
            for name in exported:
                row = rows[f"Student {Path(name).stem}"]
                assert row.source == "import" and row.verified is True and row.problem == ""
                graded = ehr_sim("grade", str(kept / name), "--json", data=tmp_path / "data")
                expected = json.loads(graded.stdout)
                assert grades[row.id].score == expected["score"]
                assert grades[row.id].pack_hash == expected["graded_with"]
                report = json.loads(grades[row.id].report)
                assert [c["met"] for c in report["criteria"]] == [
                    c["met"] for c in expected["criteria"]
                ]
                # The start snapshot came along: the review lists what the student changed.
                assert row.start_file is not None
                review = review_attempt(class_db_, row.id)
                assert review.changes_problem == ""
                assert list(review.changes) == expected["changed_words"]
    finally:
        class_db_.close()


def test_an_imported_attempt_keeps_its_start_and_end_on_the_computers_clock_not_the_clinics(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    exported = results_of(kept, tmp_path / "inbox")
    done = ehr_sim(
        "class", "import", "--url", class_db, str(tmp_path / "inbox"), "--pack", str(CORE),
        data=tmp_path / "data",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    class_db_ = open_class(class_db)
    try:
        with class_db_.session() as session:
            rows = {a.student_name: a for a in session.scalars(select(ClassAttempt))}
            for name in exported:
                con = sqlite3.connect(kept / name)
                try:
                    sim_start, sim_end, speed, wall_start = con.execute(
                        "SELECT started_at, ended_at, clock_speed, wall_started_at "
                        "FROM attempts ORDER BY id DESC LIMIT 1"
                    ).fetchone()
                finally:
                    con.close()
                row = rows[f"Student {Path(name).stem}"]
                ran = datetime.fromisoformat(sim_end) - datetime.fromisoformat(sim_start)
                # the start as the computer's clock (UTC) saw it, the end on that same clock
                assert row.started_at == datetime.fromisoformat(wall_start)
                assert row.ended_at == row.started_at + ran / speed
                assert row.ended_at != datetime.fromisoformat(sim_end)
    finally:
        class_db_.close()


def test_importing_the_same_folder_twice_duplicates_nothing(
    kept: Path, class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    exported = results_of(kept, tmp_path / "inbox")
    first = import_folder(class_db_open, tmp_path / "inbox", CORE)
    again = import_folder(class_db_open, tmp_path / "inbox", CORE)
    assert [d.outcome for d in first] == ["imported"] * len(exported)
    assert [d.line() for d in again] == [
        f"{p.name}: already imported" for p in sorted(exported.values())
    ]
    with class_db_open.session() as session:
        assert session.scalar(select(func.count()).select_from(ClassAttempt)) == len(exported)
        assert session.scalar(select(func.count()).select_from(ClassGrade)) == len(exported)
    # A classmate's result handed in under another name is the same attempt: refused.
    copies = tmp_path / "copies"
    copies.mkdir()
    first_play = plays(kept)[0]
    copy = export_result(first_play, copies, "Zed Copier")
    (done,) = import_folder(class_db_open, copies, CORE)
    assert done.line() == (
        f"{copy.name}: refused: it is a copy of Student {first_play.stem}'s attempt, "
        "already imported"
    )


def test_a_result_edited_with_sqlite3_is_graded_but_flagged_not_verified(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = export_result(plays(kept)[0], inbox, "Ana Lopez")
    # The student unpacks the result, edits the log with sqlite3, and zips it back.
    with zipfile.ZipFile(result) as archive:
        manifest = archive.read("manifest.json")
        (tmp_path / "attempt.db").write_bytes(archive.read("attempt.db"))
    with sqlite3.connect(tmp_path / "attempt.db") as edit:
        edit.execute(
            "UPDATE action_log SET message = 'done' WHERE seq = "
            "(SELECT max(seq) FROM action_log WHERE actor = 'trainee' AND outcome = 'done')"
        )
    edit.close()
    with zipfile.ZipFile(result, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.write(tmp_path / "attempt.db", "attempt.db")
    done = ehr_sim(
        "class",
        "import",
        "--url",
        class_db,
        str(inbox),
        "--pack",
        str(CORE),
        data=tmp_path / "data",
    )
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{result.name}: NOT VERIFIED: record ")
    assert "was changed after it was logged" in first and "Ana Lopez" in first
    assert "Traceback" not in done.stdout + done.stderr
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            row = session.scalars(select(ClassAttempt)).one()
            assert row.verified is False and row.problem.startswith("record ")
            assert session.scalar(select(func.count()).select_from(ClassGrade)) == 1
    finally:
        opened.close()


def test_a_damaged_result_file_gets_a_sentence_and_the_others_still_import(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = export_result(plays(kept)[1], inbox, "Ben Okafor")
    broken = inbox / "Cleo-walk-in-2026-01-05.ehrsim-result"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    not_result = inbox / "notes.ehrsim-result"
    with zipfile.ZipFile(not_result, "w") as archive:
        archive.writestr("hello.txt", "hi")
    before = broken.read_bytes()
    done = ehr_sim(
        "class",
        "import",
        "--url",
        class_db,
        str(inbox),
        "--pack",
        str(CORE),
        data=tmp_path / "data",
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert f"{broken.name}: refused: it is damaged: not a readable zip file" in lines
    assert (
        f"{not_result.name}: refused: it is a zip but not a result file "
        "(no attempt.db and manifest.json inside)"
    ) in lines
    assert any(line.startswith(f"{good.name}: imported: Ben Okafor") for line in lines)
    assert lines[-1].endswith("1 imported, 0 not verified, 0 already imported, 2 refused")
    assert "Traceback" not in done.stdout + done.stderr
    assert broken.read_bytes() == before


def _lab_attempt(class_db: ClassDatabase, data: bytes, *, change_seq: int | None) -> str:
    """A lab attempt as sync leaves it: the log the server received, link by link, and the
    sealed file uploaded at the end (one link's hash changed when `change_seq` is given)."""
    found = read_attempt_file(data)
    now = datetime(2026, 1, 5, 10, 0)
    with class_db.session() as session:
        session.add(
            ClassAttempt(
                uid=found.uid,
                student_name="Dee Lab",
                scenario_id=found.scenario_id,
                pack_hash=found.pack_hash,
                mode=found.mode,
                source="lab",
                started_at=found.started_at,
                ended_at=found.ended_at,
                status=found.status,
                file=data,
            )
        )
        for link in found.links:
            digest = "0" * 64 if link.seq == change_seq else link.hash
            session.add(
                ClassLogEntry(
                    attempt_uid=found.uid,
                    seq=link.seq,
                    kind=link.kind,
                    label=link.label,
                    content="{}",
                    hash=digest,
                    received_at=now,
                )
            )
    return found.uid


def test_a_lab_attempt_whose_file_differs_from_the_servers_log_is_flagged(
    kept: Path, class_db_open: ClassDatabase
) -> None:
    with class_db_open.session() as session:
        keep_pack(session, CORE)
    honest, doctored = plays(kept)[0].read_bytes(), plays(kept)[2].read_bytes()
    _lab_attempt(class_db_open, honest, change_seq=None)
    _lab_attempt(class_db_open, doctored, change_seq=3)
    done = {r.uid: r for r in regrade(class_db_open)}
    good, bad = (done[read_attempt_file(d).uid] for d in (honest, doctored))
    assert good.verified and good.score is not None
    assert not bad.verified
    assert bad.problem.startswith("record 3 (") and bad.problem.endswith(
        "differs from what the server received"
    )
    assert bad.score is not None  # graded, but flagged
    with class_db_open.session() as session:
        row = session.scalars(select(ClassAttempt).where(ClassAttempt.uid == bad.uid)).one()
        assert row.verified is False and "differs from what the server" in row.problem


def test_regrading_after_a_rubric_fix_keeps_both_grades_with_both_pack_hashes(
    kept: Path, class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    reference = next(p for p in plays(kept) if p.name.startswith("denied_claim"))
    export_result(reference, inbox, "Eve Park")
    with class_db_open.session() as session:
        old = keep_pack(session, CORE)
        session.add(
            Assignment(
                title="Claims",
                pack_hash=old,
                scenarios=json.dumps(["denied_claim"]),
                mode="practice",
                created_at=datetime(2026, 1, 5),
            )
        )
    import_folder(class_db_open, inbox)
    fixed = tmp_path / "core-fixed"
    shutil.copytree(CORE, fixed)
    pack_yaml = fixed / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace("Three front-desk", "Three front desk", 1))
    with class_db_open.session() as session:
        new = keep_pack(session, fixed)
        session.scalars(select(Assignment)).one().pack_hash = new
    assert new != old
    done = regrade(class_db_open)
    assert [(r.played_with, r.graded_with) for r in done] == [(old, new)]
    with class_db_open.session() as session:
        hashes = sorted(g.pack_hash for g in session.scalars(select(ClassGrade)))
    assert hashes == sorted([old, new])


def test_class_instructor_sets_the_password_from_stdin_and_refuses_a_short_one(
    class_db: str, tmp_path: Path
) -> None:
    from ehr_sim.app.classroom.people import is_instructor

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "ehr_sim", "class", "instructor", "--url", class_db]
    short = subprocess.run(
        [*command, "--password-stdin"], input="short\n", capture_output=True, text=True, env=env
    )
    assert short.returncode == 2
    assert short.stderr.strip() == (
        "ehr-sim class instructor: a password needs at least 8 characters; nothing changed"
    )
    done = subprocess.run(
        [*command, "--password-stdin"],
        input="teach-me-well\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ehr-sim class instructor: the instructor's password is set")
    assert "class-secret" not in done.stdout
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            assert is_instructor(session, "teach-me-well")
            assert not is_instructor(session, "short")
    finally:
        opened.close()


def test_an_attempt_that_never_ended_shows_in_the_grid_as_not_ended(class_db: str) -> None:
    """A lab attempt killed mid-way stays running on the server: it counts against the
    attempts allowed, so the grid says so instead of "never played"."""
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            pack_hash = keep_pack(session, CORE)
            quiz = Assignment(
                title="Quiz",
                pack_hash=pack_hash,
                scenarios=json.dumps(["denied_claim"]),
                mode="assessed",
                created_at=datetime(2026, 1, 5),
            )
            jose = Student(login="jose", name="José Ruiz", added_at=datetime(2026, 1, 5))
            session.add_all([quiz, jose])
            session.flush()
            session.add(
                ClassAttempt(
                    uid="killed-1",
                    student_id=jose.id,
                    assignment_id=quiz.id,
                    scenario_id="denied_claim",
                    pack_hash=pack_hash,
                    mode="assessed",
                    started_at=datetime(2026, 1, 6, 9),
                    status="running",
                )
            )
        (view,) = gradebook(opened)
        assert view.cells[("José Ruiz", "denied_claim")].text() == "1 not ended"
        assert view.attempts == []  # nothing to review or grade yet
    finally:
        opened.close()


def test_a_classmates_result_handed_in_under_another_name_is_refused_even_when_imported_first(
    kept: Path, class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    # The attempt was played by the roster student who signs in as 'trainee' (its trainee
    # name is chained); Zed edits only manifest.json to hand it in as his own.
    with class_db_open.session() as session:
        for login, name in (("trainee", "Tia Rainee"), ("zed", "Zed Copier")):
            session.add(Student(login=login, name=name, added_at=datetime.now()))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy = export_result(plays(kept)[0], inbox, "Zed Copier")
    before = copy.read_bytes()
    (done,) = import_folder(class_db_open, inbox, CORE)
    assert done.line() == (
        f"{copy.name}: refused: it was played by Tia Rainee but is handed in as Zed Copier"
    )
    assert copy.read_bytes() == before
    with class_db_open.session() as session:
        assert session.scalar(select(func.count()).select_from(ClassAttempt)) == 0
    # Handed in by whoever played it, it imports.
    own = tmp_path / "own"
    own.mkdir()
    export_result(plays(kept)[0], own)
    (done,) = import_folder(class_db_open, own, CORE)
    assert done.outcome == "imported" and "Tia Rainee" in done.message


def test_a_small_result_file_that_unpacks_to_gigabytes_is_refused_before_unpacking(
    class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bomb = inbox / "bomb.ehrsim-result"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", "{}")
        with archive.open("attempt.db", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(210):
                member.write(zeros)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = bomb.read_bytes()
    (done,) = import_folder(class_db_open, inbox)
    assert done.line() == (f"{bomb.name}: refused: it unpacks to more than a result file can hold")
    assert bomb.read_bytes() == before


def test_two_imports_of_the_same_folder_at_once_import_each_result_once_without_a_traceback(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    exported = results_of(kept, tmp_path / "inbox")
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            keep_pack(session, CORE)
    finally:
        opened.close()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-m", "ehr_sim", "class", "import", "--url", class_db]
    both = [
        subprocess.Popen(
            [*command, str(tmp_path / "inbox")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in both]
    for process, (out, err) in zip(both, outputs, strict=True):
        assert "Traceback" not in out + err
        assert process.returncode == 0, err
    n = len(exported)
    # Each result is imported by one of the two and found already imported by the other.
    counts = [
        re.fullmatch(
            rf"{n} result files: (\d+) imported, 0 not verified, (\d+) already imported, "
            "0 refused",
            out.splitlines()[-1],
        )
        for out, _ in outputs
    ]
    assert all(counts), outputs
    assert sum(int(c[1]) for c in counts if c) == n
    assert sum(int(c[2]) for c in counts if c) == n
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            assert session.scalar(select(func.count()).select_from(ClassAttempt)) == n
            assert session.scalar(select(func.count()).select_from(ClassGrade)) == n
    finally:
        opened.close()


def test_a_pipe_or_a_folder_named_like_a_result_is_refused_and_does_not_hang_the_import(
    kept: Path, class_db: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = export_result(plays(kept)[0], inbox, "Ana Lopez")
    os.mkfifo(inbox / "a-pipe.ehrsim-result")
    (inbox / "b-folder.ehrsim-result").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "class", "import", "--url", class_db, str(inbox)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")},
        timeout=120,
    )
    lines = done.stdout.splitlines()
    plain = "refused: it is not a plain file (a folder, a device or a pipe)"
    assert f"a-pipe.ehrsim-result: {plain}" in lines
    assert f"b-folder.ehrsim-result: {plain}" in lines
    assert any(line.startswith(f"{good.name}: imported: Ana Lopez") for line in lines)
    assert "Traceback" not in done.stdout + done.stderr


def test_a_practice_play_from_home_never_counts_for_an_assessed_assignment(
    kept: Path, class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    """`packs test --keep` plays are practice attempts: imported while an assessed and a
    practice assignment both set the scenario, they go to the practice one only."""
    with class_db_open.session() as session:
        pack_hash = keep_pack(session, CORE)
        for title, mode in (("Practice week", "practice"), ("Week 3 quiz", "assessed")):
            session.add(
                Assignment(
                    title=title,
                    pack_hash=pack_hash,
                    scenarios=json.dumps(["denied_claim"]),
                    mode=mode,
                    created_at=datetime(2026, 1, 5),
                )
            )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    played = next(p for p in plays(kept) if p.name.startswith("denied_claim"))
    export_result(played, inbox, "Ana Lopez")
    (done,) = import_folder(class_db_open, inbox, CORE)
    assert done.outcome == "imported", done.message
    with class_db_open.session() as session:
        attempt = session.scalars(select(ClassAttempt)).one()
        given = session.get(Assignment, attempt.assignment_id)
        assert attempt.mode == "practice"
        assert given is not None and given.title == "Practice week"


def test_a_students_own_result_imported_again_is_already_imported_and_an_edited_copy_refused(
    kept: Path, class_db_open: ClassDatabase, tmp_path: Path
) -> None:
    """Handed in under the roster login (the import stores the roster name): importing the
    folder again says "already imported"; a copy edited since is refused, the first kept."""
    with class_db_open.session() as session:
        session.add(Student(login="lwei", name="Li Wei", added_at=datetime(2026, 1, 5)))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    played = plays(kept)[0]
    result = export_result(played, inbox, "lwei")
    (first,) = import_folder(class_db_open, inbox, CORE)
    assert first.outcome == "imported" and "Li Wei" in first.message
    (again,) = import_folder(class_db_open, inbox, CORE)
    assert again.line() == f"{result.name}: already imported"
    with zipfile.ZipFile(result) as archive:
        manifest = archive.read("manifest.json")
        (tmp_path / "attempt.db").write_bytes(archive.read("attempt.db"))
    with sqlite3.connect(tmp_path / "attempt.db") as edit:
        edit.execute(
            "UPDATE action_log SET message = 'done' WHERE seq = (SELECT max(seq) FROM action_log)"
        )
    edit.close()
    with zipfile.ZipFile(result, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.write(tmp_path / "attempt.db", "attempt.db")
    (edited,) = import_folder(class_db_open, inbox, CORE)
    assert edited.outcome == "refused"
    assert edited.message.startswith("refused: this attempt was imported before, and this copy")
    assert edited.message.endswith("the one imported first is kept")
    with class_db_open.session() as session:
        kept_row = session.scalars(select(ClassAttempt)).one()
        assert kept_row.verified is True


def test_a_folder_without_result_files_is_refused_saying_how_students_make_them(
    class_db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "attempts"
    folder.mkdir()
    (folder / "walk_in-1.db").write_bytes(b"")
    done = ehr_sim("class", "import", "--url", class_db, str(folder), data=tmp_path / "data")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"ehr-sim class import: {folder} holds no result files (*.ehrsim-result) (1 attempt "
        "files, *.db, are there): students make one with Export result… in the scenario "
        "picker\n"
    )
