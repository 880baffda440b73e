"""`ehr-sim class roster` imports a roster as Canvas and Moodle export it (EXPORTS.md §3),
all or nothing, and again without duplicates; `ehr-sim class students` lists it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.classroom import open_class
from ehr_sim.records import Section, Student

# Canvas's gradebook export: Manual Posting row, "    Points Possible", sortable names, a
# name written ="…", two sections joined by "and", the Test Student last, grade columns.
CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Intake Day (1234),Current Score,"
    "Unposted Final Score\n"
    ",,,,,Manual Posting,,\n"
    "    Points Possible,,,,,100.00,(read only),(read only)\n"
    '"Doe, Jane",101,S001,jdoe,MOA 101 - 01,88.00,88.00,88.00\n'
    '"Nguyen, Bao",102,S002,bnguyen,MOA 101 - 01 and MOA 101 - 02,,,\n'
    '"=""=Lopez, Ana""",103,S003,alopez,MOA 101 - 02,70.00,70.00,70.00\n'
    '"Student, Test",999,,test_student,MOA 101 - 01,,,\n'
)
# Moodle's participants download: a BOM (OpenSpout), semicolons accepted too, no section.
MOODLE = (
    "\ufeffFirst name;Last name;Email address;ID number;Username\n"
    "Priya;Shah;priya@school.example;M-17;pshah\n"
    "Tom;O'Brien;tom@school.example;M-18;tobrien\n"
)


def ehr_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args], capture_output=True, text=True, timeout=120
    )


def roster(url: str) -> list[tuple[str, str, str, str, str, str | None]]:
    db = open_class(url)
    try:
        with db.session() as session:
            sections = {s.id: s.name for s in session.scalars(select(Section))}
            return sorted(
                (
                    s.login,
                    s.name,
                    s.sortable_name,
                    s.sis_id,
                    s.lms_id,
                    sections.get(s.section_id) if s.section_id else None,
                )
                for s in session.scalars(select(Student))
            )
    finally:
        db.close()


def test_a_canvas_gradebook_export_becomes_the_roster_with_its_sections(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "canvas.csv"
    # A name with a suffix, and "Manual Posting" written in the first cell by hand.
    more = '"O\'Brien, Pat Jr.",105,S005,pobrien,MOA 101 - 02,,,\nManual Posting,,,,,,,\n'
    file.write_text(CANVAS.replace('"Student, Test"', more + '"Student, Test"'), encoding="utf-8")
    done = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert done.returncode == 0, done.stderr
    assert "(Canvas gradebook): added 4, updated 0, unchanged 0" in done.stdout
    assert "sections: MOA 101 - 01, MOA 101 - 02 (2 new)" in done.stdout
    assert roster(class_db) == [
        ("alopez", "Ana =Lopez", "=Lopez, Ana", "S003", "103", "MOA 101 - 02"),
        ("bnguyen", "Bao Nguyen", "Nguyen, Bao", "S002", "102", "MOA 101 - 01"),
        ("jdoe", "Jane Doe", "Doe, Jane", "S001", "101", "MOA 101 - 01"),
        ("pobrien", "Pat O'Brien Jr.", "O'Brien, Pat Jr.", "S005", "105", "MOA 101 - 02"),
    ]


def test_a_moodle_export_with_a_bom_and_semicolons_is_read_into_the_section_given(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "moodle.csv"
    file.write_text(MOODLE, encoding="utf-8")
    done = ehr_sim("class", "roster", "--url", class_db, str(file), "--section", "Evening")
    assert done.returncode == 0, done.stderr
    assert "(Moodle): added 2" in done.stdout
    assert roster(class_db) == [
        ("pshah", "Priya Shah", "Shah, Priya", "M-17", "", "Evening"),
        ("tobrien", "Tom O'Brien", "O'Brien, Tom", "M-18", "", "Evening"),
    ]
    listed = ehr_sim("class", "students", "--url", class_db)
    assert listed.returncode == 0, listed.stderr
    assert "Priya Shah" in listed.stdout and "pshah" in listed.stdout
    assert "not yet" in listed.stdout and "2 students" in listed.stdout


def test_importing_the_same_roster_again_updates_and_adds_but_never_duplicates(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "canvas.csv"
    file.write_text(CANVAS, encoding="utf-8")
    assert ehr_sim("class", "roster", "--url", class_db, str(file)).returncode == 0
    first = roster(class_db)
    again = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert again.returncode == 0, again.stderr
    assert "added 0, updated 0, unchanged 3" in again.stdout
    assert roster(class_db) == first
    # Jane married and changed login (same SIS id), a student joined, Bao is gone from it.
    changed = (
        CANVAS.replace('"Doe, Jane",101,S001,jdoe', '"Roe, Jane",101,S001,jroe')
        .replace('"Nguyen, Bao",102,S002,bnguyen,MOA 101 - 01 and MOA 101 - 02,,,\n', "")
        .replace('"Student, Test"', '"Kim, Lee",104,S004,lkim,MOA 101 - 02,,,\n"Student, Test"')
    )
    file.write_text(changed, encoding="utf-8")
    third = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert third.returncode == 0, third.stderr
    assert "added 1, updated 1, unchanged 1" in third.stdout
    assert "1 on the roster not in this file, kept" in third.stdout
    logins = [row[0] for row in roster(class_db)]
    assert logins == ["alopez", "bnguyen", "jroe", "lkim"]
    assert [row[1] for row in roster(class_db) if row[0] == "jroe"] == ["Jane Roe"]


def test_a_roster_with_bad_rows_is_refused_whole_listing_every_bad_row(
    class_db: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(CANVAS, encoding="utf-8")
    assert ehr_sim("class", "roster", "--url", class_db, str(good)).returncode == 0
    before = roster(class_db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        CANVAS
        + '"Ray, Ben",105,S005,,MOA 101 - 01,,,\n'  # line 8: no login
        + '"Fox, Ann",106,S006,jdoe,MOA 101 - 01,,,\n'  # line 9: login of line 4
        + '"Ho, Kai",107,S007,kho,MOA 101 - 01\n'  # line 10: cells missing
        + '"Li, Mei",108,S008,mei li,MOA 101 - 01,,,\n',  # line 11: space in the login
        encoding="utf-8",
    )
    done = ehr_sim("class", "roster", "--url", class_db, str(bad))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == f"{bad}:8: no SIS Login ID for Ben Ray: students sign in with it"
    assert lines[1] == f"{bad}:9: SIS Login ID 'jdoe' is already on line 4"
    assert lines[2].startswith(f"{bad}:10: has 5 cells where the header has 8")
    assert lines[3] == f"{bad}:11: the SIS Login ID 'mei li' has a space in it"
    assert "nothing imported: 4 problems" in lines[4]
    assert "Traceback" not in done.stderr
    assert roster(class_db) == before


def test_a_conflict_with_the_roster_leaves_the_whole_file_unimported(
    class_db: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(CANVAS, encoding="utf-8")
    assert ehr_sim("class", "roster", "--url", class_db, str(good)).returncode == 0
    before = roster(class_db)
    # A new student first (would be added), then jdoe's login with Bao's SIS id.
    clash = tmp_path / "clash.csv"
    clash.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        '"New, Person",120,S120,nperson,MOA 101 - 03\n'
        '"Doe, Jane",101,S002,jdoe,MOA 101 - 01\n',
        encoding="utf-8",
    )
    done = ehr_sim("class", "roster", "--url", class_db, str(clash))
    assert done.returncode == 2
    assert f"{clash}:3: login 'jdoe' is Jane Doe's on the roster but SIS id 'S002' is " in (
        done.stderr
    )
    assert roster(class_db) == before
    db = open_class(class_db)
    try:
        with db.session() as session:
            assert "MOA 101 - 03" not in {s.name for s in session.scalars(select(Section))}
    finally:
        db.close()


def test_a_file_that_is_no_lms_export_is_refused_in_one_line(class_db: str, tmp_path: Path) -> None:
    file = tmp_path / "notes.csv"
    file.write_text("name,phone\nJane,555\n", encoding="utf-8")
    done = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{file}:1: is not a roster exported by Canvas or Moodle")


def test_resetting_a_password_lets_the_student_choose_a_new_one(
    class_db: str, tmp_path: Path
) -> None:
    from ehr_sim.app.classroom.people import hash_password

    file = tmp_path / "moodle.csv"
    file.write_text(MOODLE, encoding="utf-8")
    assert ehr_sim("class", "roster", "--url", class_db, str(file)).returncode == 0
    db = open_class(class_db)
    try:
        with db.session() as session:
            for student in session.scalars(select(Student)):
                student.password_hash = hash_password("old password")
        done = ehr_sim("class", "students", "--url", class_db, "--reset-password", "PShah")
        assert done.returncode == 0, done.stderr
        assert "Priya Shah (pshah) chooses a new password" in done.stdout
        with db.session() as session:
            hashes = {s.login: s.password_hash for s in session.scalars(select(Student))}
        assert hashes["pshah"] is None and hashes["tobrien"] is not None
        missing = ehr_sim("class", "students", "--url", class_db, "--reset-password", "nobody")
        assert missing.returncode == 2
        assert "no student signs in as 'nobody'" in missing.stderr
    finally:
        db.close()


def test_a_roster_with_a_nul_byte_is_refused_in_one_line_naming_its_line_and_left_as_it_was(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "nul.csv"
    file.write_bytes(CANVAS.encode() + b'"Ray, B\x00en",105,S005,bray,MOA 101 - 01,,,\n')
    before = file.read_bytes()
    done = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        f"{file}:8: holds a NUL byte, so it is not a CSV text export of a roster"
    )
    assert file.read_bytes() == before
    assert roster(class_db) == []


def test_a_roster_with_thousands_of_bad_rows_is_reported_in_a_screenful_not_a_flood(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "unquoted.csv"
    file.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        + "".join(f"Doe{i}, Jane,{i},S{i},login{i},MOA\n" for i in range(5000)),
        encoding="utf-8",
    )
    done = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 22
    assert lines[0] == (
        f"{file}:2: has 6 cells where the header has 5 (a missing or extra separator or quote)"
    )
    assert lines[20] == f"{file}: … and 4980 more problems like these"
    assert lines[21].endswith(
        f"nothing imported: 5000 problems in {file}; fix them and run this again"
    )
    assert roster(class_db) == []


def test_a_file_far_bigger_than_any_roster_is_refused_at_once_and_nothing_imported(
    class_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "huge.csv"
    with file.open("w", encoding="utf-8") as out:
        out.write("Student,ID,SIS User ID,SIS Login ID,Section\n")
        for i in range(160_000):
            out.write(f'"Doe{i}, Jane",{i},S{i},login{i},MOA 101\n')
    assert file.stat().st_size > 5 * 1024 * 1024
    done = ehr_sim("class", "roster", "--url", class_db, str(file))
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"{file}:1: is more than 5 MB, far more than a class roster export: is it the right file?"
    )
    assert roster(class_db) == []
