"""`ehr-sim grades export` and `grades debriefs` on a real class database: each file is read
back by the rules of the LMS's own importer (../shared/design/EXPORTS.md §1–2) and every
student's number checked against `assignment_grades`, the policy the gradebook shows."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ehr_sim.app.classroom import open_class
from ehr_sim.app.classroom.grades import AssignmentGrades, assignment_grades
from ehr_sim.records.classroom import (
    Assignment,
    ClassAttempt,
    ClassGrade,
    ClassPack,
    Section,
    Student,
)

NOW = datetime(2026, 11, 18, 9, 0)
DUE = datetime(2026, 11, 20, 17, 0)
NEW, OLD = "a" * 64, "b" * 64  # the pack after and before a rubric fix


def report(scenario: str, score: int, *, critical: bool = False) -> str:
    """A report as `ehr-sim grade --json` prints it."""
    evidence = [
        {"seq": 3, "action": "VerifyIdentity", "at": "09:02", "outcome": "ok", "message": ""}
    ]
    return json.dumps(
        {
            "verified": True,
            "verification": "intact",
            "played_with": NEW,
            "graded_with": NEW,
            "scenario_id": scenario,
            "score": score,
            "raw_points": score,
            "possible": 100,
            "critical": [
                {
                    "id": "wrong-patient",
                    "title": "Charted on the wrong patient",
                    "cap": 40,
                    "feedback": "Always check two identifiers",
                    "detail": "note on Tran, Lily",
                    "evidence": evidence,
                }
            ]
            if critical
            else [],
            "criteria": [
                {
                    "id": "two-ids",
                    "title": "Verified two identifiers",
                    "met": score >= 50,
                    "points": 60,
                    "awarded": 60 if score >= 50 else 0,
                    "skill": "front_desk",
                    "feedback": "Name & date of birth <checked>",
                    "detail": "name and DOB",
                    "evidence": evidence,
                },
                {
                    "id": "copay",
                    "title": "Collected the co-pay",
                    "met": False,
                    "points": 40,
                    "awarded": 0,
                    "skill": "billing",
                    "feedback": "Ask for the co-pay at check-in",
                    "detail": "no payment posted",
                    "evidence": [],
                },
            ],
            "skills": [],
            "changes": [],
            "changes_problem": None,
            "changed_words": ["You added a note."],
        }
    )


@dataclass
class ClassData:
    url: str
    assignment: int  # the whole class's, 50 points, assessed, due DUE
    section_assignment: int  # section 01 only, 100 points
    ids: dict[str, int]  # login -> student id


def add_student(session: Any, login: str, name: str, sortable: str, **ids: Any) -> int:
    student = Student(login=login, name=name, sortable_name=sortable, added_at=NOW, **ids)
    session.add(student)
    session.flush()
    return int(student.id)


def add_attempt(
    session: Any,
    student: int,
    assignment: int,
    scenario: str,
    grades: dict[str, int],
    *,
    ended: datetime = NOW,
    verified: bool | None = True,
    mode: str = "assessed",
    critical: bool = False,
) -> None:
    attempt = ClassAttempt(
        uid=str(uuid.uuid4()),
        student_id=student,
        assignment_id=assignment,
        scenario_id=scenario,
        pack_hash=OLD if OLD in grades else NEW,
        mode=mode,
        started_at=ended - timedelta(minutes=20),
        ended_at=ended,
        status="ended",
        verified=verified,
        problem="" if verified is not False else "record 7 was changed after it was logged",
    )
    session.add(attempt)
    session.flush()
    for pack_hash, score in grades.items():
        session.add(
            ClassGrade(
                attempt_id=attempt.id,
                pack_hash=pack_hash,
                score=score,
                passed=score >= 70,
                critical=int(critical),
                report=report(scenario, score, critical=critical),
                graded_at=NOW,
            )
        )


@pytest.fixture
def class_data(class_db: str) -> ClassData:
    db = open_class(class_db)
    try:
        with db.session() as session:
            one, two = Section(name="MOA 101 - 01"), Section(name="MOA 101 - 02")
            session.add_all([one, two])
            session.add(
                ClassPack(
                    pack_id="front-desk",
                    version="1.1",
                    content_hash=NEW,
                    archive=b"zip",
                    student_archive=b"zip",
                    loaded_at=NOW,
                )
            )
            session.flush()
            whole = Assignment(
                title="Front Desk Day 1",
                pack_hash=NEW,
                scenarios=json.dumps(["checkin", "copay"]),
                mode="assessed",
                due_at=DUE,
                points=50,
                section_id=None,
                created_at=NOW,
            )
            only_one = Assignment(
                title="Claims Lab: Final Grade (2)",
                pack_hash=NEW,
                scenarios=json.dumps(["checkin"]),
                mode="practice",
                points=100,
                section_id=one.id,
                created_at=NOW,
            )
            session.add_all([whole, only_one])
            session.flush()
            ids = {
                "jdoe": add_student(
                    session,
                    "jdoe",
                    "Jane Doe",
                    "Doe, Jane",
                    sis_id="S1001",
                    lms_id="48213",
                    email="jane.doe@example.edu",
                    section_id=one.id,
                ),
                "zobrien": add_student(
                    session,
                    "zobrien",
                    'Zoë "Zo" O\'Brien',
                    'O\'Brien, Zoë "Zo"',
                    sis_id="S1002",
                    email="zoe.obrien@example.edu",
                    section_id=one.id,
                ),
                "jnunez": add_student(
                    session,
                    "jnunez",
                    "José Núñez",
                    "Núñez, José",
                    sis_id="S1003",
                    email="jose.nunez@example.edu",
                    section_id=two.id,
                ),
                "rroe": add_student(
                    session,
                    "rroe",
                    "Richard Roe",
                    "Roe, Richard",
                    sis_id="S1004",
                    email="richard.roe@example.edu",
                    section_id=one.id,
                ),
                "formula": add_student(
                    session,
                    "formula",
                    '=HYPERLINK("http://evil.example","Click")',
                    "=SUM(1+1)",
                    sis_id="S1005",
                    email="formula@example.edu",
                    section_id=two.id,
                ),
            }
            session.add(
                Student(
                    login="gone",
                    name="Dropped Out",
                    sortable_name="Out, Dropped",
                    added_at=NOW,
                    active=False,
                    section_id=one.id,
                )
            )
            session.flush()
            # Jane: best of two at check-in (92), 70 at co-pay: (92 + 70) / 2 → 81% of 50.
            add_attempt(session, ids["jdoe"], whole.id, "checkin", {NEW: 80})
            add_attempt(
                session, ids["jdoe"], whole.id, "checkin", {NEW: 92}, ended=NOW + timedelta(hours=1)
            )
            add_attempt(session, ids["jdoe"], whole.id, "copay", {NEW: 70}, critical=True)
            # Zoë: her 100 failed verification and does not count; co-pay never played (0).
            add_attempt(session, ids["zobrien"], whole.id, "checkin", {NEW: 100}, verified=False)
            add_attempt(session, ids["zobrien"], whole.id, "checkin", {NEW: 60})
            # José: graded 95 before the rubric fix, 55 after (only 55 counts); co-pay 90,
            # handed in after the due date: late. And a 100 graded only with the old rubric.
            add_attempt(session, ids["jnunez"], whole.id, "checkin", {OLD: 95, NEW: 55})
            add_attempt(
                session,
                ids["jnunez"],
                whole.id,
                "copay",
                {OLD: 100},
                ended=NOW + timedelta(minutes=5),
            )
            add_attempt(
                session, ids["jnunez"], whole.id, "copay", {NEW: 90}, ended=DUE + timedelta(hours=2)
            )
            # The formula-named student: 100 at check-in only.
            add_attempt(session, ids["formula"], whole.id, "checkin", {NEW: 100}, verified=None)
            # Section 01's own assignment: Jane 75 (practice: never late).
            add_attempt(
                session,
                ids["jdoe"],
                only_one.id,
                "checkin",
                {NEW: 75},
                mode="practice",
                ended=DUE + timedelta(days=3),
            )
            data = ClassData(class_db, whole.id, only_one.id, ids)
    finally:
        db.close()
    return data


def grades_of(url: str, assignment: int) -> AssignmentGrades:
    db = open_class(url)
    try:
        with db.session() as session:
            return assignment_grades(session, assignment)
    finally:
        db.close()


def ehr_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args], capture_output=True, text=True, timeout=120
    )


def export(data: ClassData, file_format: str, out: Path, *assignments: int) -> bytes:
    chosen = assignments or (data.assignment,)
    ids = [word for i in chosen for word in ("--assignment", str(i))]
    done = ehr_sim(
        "grades", "export", "--url", data.url, *ids, "--format", file_format, "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("ehr-sim grades export: wrote assignment")
    return out.read_bytes()


# -- the policy ------------------------------------------------------------------------------
def test_the_grade_is_the_mean_of_each_scenarios_best_counted_score_scaled_to_the_points(
    class_data: ClassData,
) -> None:
    grades = grades_of(class_data.url, class_data.assignment)
    by_login = {s.login: s for s in grades.students}
    assert list(by_login) == ["formula", "jdoe", "jnunez", "zobrien", "rroe"]  # sortable name
    assert "gone" not in by_login  # inactive students are not on the roster
    assert by_login["jdoe"].grade == 40.5  # (92 + 70) / 2 = 81 % of 50
    assert [b.score for b in by_login["jdoe"].scenarios] == [92, 70]
    assert by_login["zobrien"].grade == 15  # the unverified 100 does not count: 60 and 0
    assert by_login["zobrien"].attempts == 2 and by_login["zobrien"].counted == 1
    assert by_login["jnunez"].grade == 36.25  # 55 (current rubric) and 90: 72.5 % of 50
    assert [b.late for b in by_login["jnunez"].scenarios] == [False, True]
    assert by_login["jnunez"].late and not by_login["jdoe"].late
    assert by_login["rroe"].grade is None  # never played: no grade, not 0
    assert by_login["formula"].grade == 25  # not yet verified (None) counts


def test_an_assignment_for_one_section_lists_only_that_sections_students(
    class_data: ClassData,
) -> None:
    grades = grades_of(class_data.url, class_data.section_assignment)
    assert grades.section == "MOA 101 - 01"
    assert {s.login for s in grades.students} == {"jdoe", "zobrien", "rroe"}
    jane = next(s for s in grades.students if s.login == "jdoe")
    assert jane.grade == 75 and not jane.late  # practice attempts are never late


# -- Canvas ----------------------------------------------------------------------------------
CANVAS_TOTALS = re.compile(
    "Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|"
    "Override Score|Override Grade|Override Status"
)
CANVAS_LAYOUTS = (
    ["Student", "ID", "Section"],
    ["Student", "ID", "SIS Login ID", "Section"],
    ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
)


def canvas_number(cell: str) -> float | str | None:
    """A cell as GradebookImporter reads it: stripped; EX excused; - or blank no score;
    the last , or . of a number is its decimal point (decimal_comma_to_period)."""
    value = cell.strip()
    if value.upper() == "EX":
        return "EX"
    if value in ("", "-"):
        return None
    assert re.fullmatch(r"-?[0-9.,]+%?", value), f"not a number Canvas reads: {value!r}"
    marks = [m.start() for m in re.finditer(r"[.,]", value)]
    if marks:
        last = marks[-1]
        value = re.sub(r"[.,]", "", value[:last]) + "." + value[last + 1 :]
    return float(value.rstrip("%"))


def read_canvas(data: bytes, roster: AssignmentGrades) -> tuple[dict[str, float], dict[str, float]]:
    """Points possible per column and grades by student login, as Canvas's importer would
    take them (utf-8, no BOM handling, substring header tests, matching by id)."""
    text = data.decode("utf-8")  # CSV.foreach: read as UTF-8, the BOM left in
    first = text.splitlines()[:3]
    assert all(line.count(",") >= line.count(";") for line in first)  # identify_delimiter
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1]
    section = next(i for i, cell in enumerate(header) if "Section" in cell)
    info = [cell.replace("\ufeff", "") for cell in header[: section + 1]]
    assert info in [list(layout) for layout in CANVAS_LAYOUTS], info
    columns = header[section + 1 :]
    for title in columns:
        assert not CANVAS_TOTALS.search(title), f"Canvas would drop {title!r}"
        assert not re.fullmatch(r"(.*)\s\((\d+)\)", title), f"{title!r} posts into a Canvas id"
        assert title.isascii()
    assert len({len(row) for row in rows}) == 1, "every row the same width"
    points: dict[str, float] = {}
    grades: dict[str, float] = {}
    students = {s.login: s for s in roster.students}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            for title, cell in zip(columns, row[section + 1 :], strict=True):
                number = canvas_number(cell)
                assert isinstance(number, float)
                points[title] = number
            continue
        if all(cell.strip() in ("", ",", ";") for cell in row):
            continue
        cells = dict(zip(info, (c.strip() for c in row), strict=False))
        match = [s for s in students.values() if cells["ID"] and s.lms_id == cells["ID"]]
        if not match and cells.get("SIS User ID"):
            match = [s for s in students.values() if s.sis_id == cells["SIS User ID"]]
        if not match and cells.get("SIS Login ID"):
            match = [s for s in students.values() if s.login == cells["SIS Login ID"]]
        if not match:
            name = cells["Student"]
            match = [s for s in students.values() if name in (s.name, s.sortable_name)]
        assert len(match) == 1, f"Canvas cannot tell who {row} is"
        (value,) = (canvas_number(c) for c in row[section + 1 :])
        assert isinstance(value, float), f"{row}: EHR Sim wrote no score"
        grades[match[0].login] = value
    return points, grades


def test_the_canvas_file_read_back_by_canvas_rules_gives_every_graded_students_number(
    class_data: ClassData, tmp_path: Path
) -> None:
    data = export(class_data, "canvas", tmp_path / "canvas.csv")
    grades = grades_of(class_data.url, class_data.assignment)
    points, read = read_canvas(data, grades)
    assert points == {"EHR Sim: Front Desk Day 1": 50.0}
    expected = {s.login: s.grade for s in grades.students if s.grade is not None}
    assert read == expected
    assert "rroe" not in read  # no attempt: left out, so Canvas keeps what it has
    text = data.decode("utf-8")
    assert text.startswith("\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,EHR Sim: ")
    assert '"O\'Brien, Zoë ""Zo"""' in text  # comma, quotes and accent quoted by CSV rules
    assert '"=""=SUM(1+1)"""' in text  # a leading = written ="…" as Canvas's export does
    assert ",36.25\r\n" in text and ",40.5\r\n" in text  # plain numbers, a point


def test_a_title_is_made_safe_for_canvas_column_matching(
    class_data: ClassData, tmp_path: Path
) -> None:
    data = export(class_data, "canvas", tmp_path / "lab.csv", class_data.section_assignment)
    header = data.decode("utf-8").splitlines()[0]
    # "Final Grade" would make Canvas drop the column; " (2)" would post into assignment 2.
    assert header.endswith(",EHR Sim: Claims Lab: Final-Grade [2]")
    points, read = read_canvas(data, grades_of(class_data.url, class_data.section_assignment))
    assert points == {"EHR Sim: Claims Lab: Final-Grade [2]": 100.0}
    assert read == {"jdoe": 75.0}


# -- Moodle ----------------------------------------------------------------------------------
MOODLE_IDENTIFIERS = {"Email address": "email", "ID number": "sis_id", "Username": "login"}


def read_moodle(data: bytes, roster: AssignmentGrades, map_from: str) -> dict[str, float]:
    """Grades by login as Moodle's CSV import loads them with `map_from` mapped to its user
    field: BOM stripped, CR/CRLF to LF, trimmed; a blank identifier keeps the previous
    row's student; '' or '-' no grade; above 100 aborts a new grade item."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert "Last downloaded from this course" not in header
    grade_column = next(
        i
        for i, h in enumerate(header)
        if h.startswith("EHR Sim: ") and not h.endswith("(Feedback)")
    )
    assert header[grade_column + 1] == f"{header[grade_column]} (Feedback)"
    key = header.index(map_from)
    field = MOODLE_IDENTIFIERS[map_from]
    found: dict[str, float] = {}
    student = None
    for row in rows[1:]:
        if len(row) <= 1:
            continue
        if row[key].strip():
            matches = [s for s in roster.students if getattr(s, field) == row[key].strip()]
            assert len(matches) == 1, f"usermappingerror for {row[key]!r}"
            student = matches[0]
        assert student is not None, "Import failed: a blank identifier on row 1"
        value = row[grade_column].strip()
        if value in ("", "-"):
            continue
        number = float(value)  # unformat_float: anything else is badgrade
        assert 0 <= number <= 100, "a new grade item refuses grades above 100"
        found[student.login] = number
    return found


def test_the_moodle_file_read_back_by_moodles_rules_matches_by_any_identifier(
    class_data: ClassData, tmp_path: Path
) -> None:
    data = export(class_data, "moodle", tmp_path / "moodle.csv")
    grades = grades_of(class_data.url, class_data.assignment)
    expected = {s.login: s.grade for s in grades.students if s.grade is not None}
    for identifier in MOODLE_IDENTIFIERS:
        assert read_moodle(data, grades, identifier) == expected, identifier
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == (
        "\ufeffEmail address,ID number,Username,EHR Sim: Front Desk Day 1,"
        "EHR Sim: Front Desk Day 1 (Feedback)"
    )
    assert all(cell.strip() for line in lines[1:] for cell in next(csv.reader([line]))[:3])
    nunez = next(line for line in lines if line.startswith("jose.nunez@"))
    assert nunez == (
        "jose.nunez@example.edu,S1003,jnunez,36.25,"
        "Best per scenario: checkin 55/100; copay 90/100 (late)"
    )


def test_a_moodle_identifier_some_student_lacks_is_left_out_so_no_grade_goes_astray(
    class_data: ClassData, tmp_path: Path
) -> None:
    db = open_class(class_data.url)
    try:
        with db.session() as session:
            session.get(Student, class_data.ids["zobrien"]).email = ""  # type: ignore[union-attr]
    finally:
        db.close()
    data = export(class_data, "moodle", tmp_path / "moodle.csv")
    header = data.decode("utf-8").splitlines()[0]
    assert header.startswith("\ufeffID number,Username,EHR Sim: ")
    grades = grades_of(class_data.url, class_data.assignment)
    assert read_moodle(data, grades, "ID number") == {
        s.login: s.grade for s in grades.students if s.grade is not None
    }


# -- XLSX ------------------------------------------------------------------------------------
def test_the_xlsx_has_one_sheet_per_assignment_with_every_roster_student(
    class_data: ClassData, tmp_path: Path
) -> None:
    out = tmp_path / "grades.xlsx"
    export(class_data, "xlsx", out, class_data.assignment, class_data.section_assignment)
    book = load_workbook(out)
    assert book.sheetnames == ["Front Desk Day 1", "Claims Lab Final Grade (2)"]
    for sheet, assignment in zip(
        book.worksheets, (class_data.assignment, class_data.section_assignment), strict=True
    ):
        grades = grades_of(class_data.url, assignment)
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        grade_column = header.index(f"Grade (of {grades.points})")
        login_column, late_column = header.index("Login"), header.index("Late")
        read = {row[login_column]: row[grade_column] for row in rows[1:]}
        assert read == {s.login: s.grade for s in grades.students}  # rroe: empty, not 0
        late = {row[login_column] for row in rows[1:] if row[late_column] == "late"}
        assert late == {s.login for s in grades.students if s.late}
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{cell.coordinate} became a formula"
    first = book.worksheets[0]
    names = [row[0] for row in first.iter_rows(min_row=2, values_only=True)]
    assert 'O\'Brien, Zoë "Zo"' in names and "=SUM(1+1)" in names
    header = [c.value for c in first[1]]
    assert header[5:7] == ["Best: checkin", "Best: copay"]
    zoe = next(r for r in first.iter_rows(min_row=2, values_only=True) if r[1] == "zobrien")
    assert zoe[5:7] == (60, None)


# -- refusals --------------------------------------------------------------------------------
def refused(done: subprocess.CompletedProcess[str], command: str) -> str:
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"ehr-sim {command}: ")
    return lines[0].removeprefix(f"ehr-sim {command}: ")


def test_an_unknown_assignment_is_refused_and_the_out_file_stays_as_it_was(
    class_data: ClassData, tmp_path: Path
) -> None:
    out = tmp_path / "grades.csv"
    out.write_bytes(b"the instructor's own file\n")
    done = ehr_sim(
        "grades",
        "export",
        "--url",
        class_data.url,
        "--assignment",
        "999",
        "--format",
        "canvas",
        "--out",
        str(out),
    )
    assert refused(done, "grades export") == "there is no assignment 999 in the class database"
    assert out.read_bytes() == b"the instructor's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv"]  # no temporary left


def test_a_bad_format_is_refused_in_one_plain_line(class_data: ClassData, tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    out.write_bytes(b"old")
    done = ehr_sim(
        "grades",
        "export",
        "--url",
        class_data.url,
        "--assignment",
        str(class_data.assignment),
        "--format",
        "blackboard",
        "--out",
        str(out),
    )
    assert refused(done, "grades export") == (
        "'blackboard' is not a grade file format: use canvas, moodle or xlsx"
    )
    assert out.read_bytes() == b"old"


def test_an_unwritable_out_is_refused_in_one_plain_line(
    class_data: ClassData, tmp_path: Path
) -> None:
    common = [
        "grades",
        "export",
        "--url",
        class_data.url,
        "--assignment",
        str(class_data.assignment),
        "--format",
        "xlsx",
    ]
    missing = tmp_path / "no-such-folder" / "grades.xlsx"
    assert refused(ehr_sim(*common, "--out", str(missing)), "grades export") == (
        f"{missing} cannot be written: the folder {missing.parent} does not exist"
    )
    assert refused(ehr_sim(*common, "--out", str(tmp_path)), "grades export") == (
        f"{tmp_path} is a folder; give --out the path of a file"
    )
    assert list(tmp_path.iterdir()) == []


def test_several_assignments_in_one_canvas_file_are_refused(
    class_data: ClassData, tmp_path: Path
) -> None:
    done = ehr_sim(
        "grades",
        "export",
        "--url",
        class_data.url,
        "--assignment",
        "1",
        "--assignment",
        "2",
        "--format",
        "moodle",
        "--out",
        str(tmp_path / "m.csv"),
    )
    assert refused(done, "grades export").startswith("a Moodle file holds one assignment")
    assert not (tmp_path / "m.csv").exists()


# -- debriefs --------------------------------------------------------------------------------
def pdf_text(pdf: bytes) -> str:
    """The text drawn on the pages (uncompressed: `(…) Tj`), with escapes undone."""
    found = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf)

    def unescape(raw: bytes) -> str:
        raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw)
        return re.sub(rb"\\(.)", rb"\1", raw).decode("cp1252")

    return " ".join(unescape(s) for s in found)  # each run of text, a space between


def test_debriefs_write_one_pdf_per_student_with_a_graded_attempt(
    class_data: ClassData, tmp_path: Path
) -> None:
    out = tmp_path / "debriefs"
    done = ehr_sim(
        "grades",
        "debriefs",
        "--url",
        class_data.url,
        "--assignment",
        str(class_data.assignment),
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"ehr-sim grades debriefs: wrote 4 debriefs for assignment {class_data.assignment} "
        f"to {out}\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "formula.pdf",
        "jdoe.pdf",
        "jnunez.pdf",
        "zobrien.pdf",
    ]
    jane = pdf_text((out / "jdoe.pdf").read_bytes())
    assert "Debrief: Jane Doe" in jane
    assert "grade: 40.5 of 50 points" in jane
    assert "Attempt 2: copay — 70/100" in jane
    assert "CRITICAL ERROR Charted on the wrong patient" in jane
    # Markup in a pack's words is printed as written, not taken as markup.
    assert "Verified two identifiers: Name & date of birth < checked >" in jane
    assert "missed" in jane and "met" in jane
    assert "You added a note." in jane
    zoe = pdf_text((out / "zobrien.pdf").read_bytes())
    assert 'Zoë "Zo" O\'Brien' in zoe
    assert "NOT COUNTED: failed verification (record 7 was changed" in zoe
    nunez = pdf_text((out / "jnunez.pdf").read_bytes())
    assert "José Núñez" in nunez and "LATE" in nunez
    assert "95/100" not in nunez  # graded only with the old rubric: not in the debrief


def test_debriefs_for_an_unknown_assignment_are_refused(
    class_data: ClassData, tmp_path: Path
) -> None:
    done = ehr_sim(
        "grades",
        "debriefs",
        "--url",
        class_data.url,
        "--assignment",
        "999",
        "--out",
        str(tmp_path / "d"),
    )
    assert refused(done, "grades debriefs") == "there is no assignment 999 in the class database"
    assert not (tmp_path / "d").exists()


def test_an_out_that_is_a_pipe_or_a_read_only_file_is_refused_and_left_as_it_was(
    class_data: ClassData, tmp_path: Path
) -> None:
    # A pipe stands for /dev/full and other devices (replacing /dev/full itself is what the
    # rename did, run as root); the read-only file is refused even when run as root.
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    read_only = tmp_path / "kept.csv"
    read_only.write_bytes(b"the instructor's final grades\n")
    read_only.chmod(0o444)
    expected = {
        pipe: f"{pipe} is not a plain file (a device or a pipe); give --out a file",
        read_only: f"{read_only} is read-only; left as it was",
    }
    for out, message in expected.items():
        done = ehr_sim(
            "grades",
            "export",
            "--url",
            class_data.url,
            "--assignment",
            str(class_data.assignment),
            "--format",
            "canvas",
            "--out",
            str(out),
        )
        assert refused(done, "grades export") == message
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert read_only.read_bytes() == b"the instructor's final grades\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.csv", "pipe.csv"]
