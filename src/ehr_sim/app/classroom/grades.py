"""An assignment's grade per student: the one policy the exports and the gradebook share.

`assignment_grades(session, assignment_id)`:
- the students are the active roster of the assignment's section (all sections when the
  assignment is for the whole class), sorted by sortable name;
- an attempt counts when it was graded with the assignment's CURRENT copy of the pack
  (class_grades.pack_hash == class_assignments.pack_hash) and was not flagged by
  verification (class_attempts.verified is False: not counted; None, not checked yet, counts);
- per scenario, the best counted score; an assessed attempt ended (or, unended, started)
  after the due date is late: the score still counts and the scenario is marked late when
  its best is a late one (the instructor decides what late costs);
- the grade is the mean of the scenarios' bests, a scenario never played counting 0, scaled
  to the assignment's points and rounded to 2 decimals;
- a student with no counted attempt has no grade (None), not 0: the LMS files leave them out.

`student_debriefs` gathers each student's graded attempts (the reports kept in class_grades)
for the PDF debriefs; `grade_file` and `debrief_files` make the files the CLI writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.store import ClassDatabase
from ehr_sim.app.files import WriteRefused, write_whole
from ehr_sim.documents.debriefs import DebriefAttempt, StudentDebrief, debrief_pdf
from ehr_sim.documents.grade_exports import (
    GradeExportProblem,
    GradeRow,
    GradeSheet,
    canvas_csv,
    grades_xlsx,
    moodle_csv,
    number_text,
)
from ehr_sim.records.classroom import (
    Assignment,
    ClassAttempt,
    ClassGrade,
    Section,
    Student,
)

FORMATS = ("canvas", "moodle", "xlsx")


class GradesProblem(Exception):
    """The grades cannot be exported; one plain line says why."""


@dataclass(frozen=True)
class ScenarioBest:
    """A student's best counted attempt at one scenario of the assignment."""

    scenario_id: str
    score: int | None  # None: no counted attempt (counts 0 in the grade)
    late: bool  # the best was an assessed attempt after the due date
    counted: int  # attempts counted for this scenario


@dataclass(frozen=True)
class StudentGrade:
    student_id: int
    name: str
    sortable_name: str
    login: str
    sis_id: str
    lms_id: str
    email: str
    section: str
    scenarios: tuple[ScenarioBest, ...]
    attempts: int  # every attempt at this assignment, counted or not
    counted: int  # attempts counted (current pack, not flagged by verification)
    grade: float | None  # on the assignment's points; None when nothing counted
    late: bool


@dataclass(frozen=True)
class AssignmentGrades:
    assignment_id: int
    title: str
    points: int
    pack_hash: str
    scenarios: tuple[str, ...]
    mode: str
    due_at: datetime | None
    section: str  # "" for the whole class
    students: tuple[StudentGrade, ...]


def _assignment(session: Session, assignment_id: int) -> Assignment:
    found = session.get(Assignment, assignment_id)
    if found is None:
        raise GradesProblem(f"there is no assignment {assignment_id} in the class database")
    return found


def _scenario_ids(assignment: Assignment) -> tuple[str, ...]:
    try:
        loaded = json.loads(assignment.scenarios)
    except ValueError:
        loaded = []
    return tuple(str(s) for s in loaded) if isinstance(loaded, list) else ()


def _roster(session: Session, assignment: Assignment) -> list[tuple[Student, str]]:
    query = (
        select(Student, Section.name)
        .outerjoin(Section, Student.section_id == Section.id)
        .where(Student.active.is_(True))
    )
    if assignment.section_id is not None:
        query = query.where(Student.section_id == assignment.section_id)
    rows = [(student, section or "") for student, section in session.execute(query).all()]
    rows.sort(key=lambda r: ((r[0].sortable_name or r[0].name).casefold(), r[0].login))
    return rows


def is_late(attempt: ClassAttempt, due_at: datetime | None) -> bool:
    """An assessed attempt that ended (or, still unended, started) after the due date."""
    if due_at is None or attempt.mode != "assessed":
        return False
    return (attempt.ended_at or attempt.started_at) > due_at


def assignment_grades(session: Session, assignment_id: int) -> AssignmentGrades:
    """Every roster student of the assignment with their grade (policy: module docstring)."""
    assignment = _assignment(session, assignment_id)
    scenario_ids = _scenario_ids(assignment)
    roster = _roster(session, assignment)
    attempts = session.scalars(
        select(ClassAttempt).where(ClassAttempt.assignment_id == assignment.id)
    ).all()
    current = {
        grade.attempt_id: grade
        for grade in session.scalars(
            select(ClassGrade)
            .join(ClassAttempt, ClassGrade.attempt_id == ClassAttempt.id)
            .where(
                ClassAttempt.assignment_id == assignment.id,
                ClassGrade.pack_hash == assignment.pack_hash,
            )
        )
    }
    by_student: dict[int, list[ClassAttempt]] = {}
    for attempt in attempts:
        if attempt.student_id is not None:
            by_student.setdefault(attempt.student_id, []).append(attempt)
    students = []
    for student, section in roster:
        mine = by_student.get(student.id, [])
        counted = [a for a in mine if a.id in current and a.verified is not False]
        bests = []
        for scenario_id in scenario_ids:
            played = [a for a in counted if a.scenario_id == scenario_id]
            if not played:
                bests.append(ScenarioBest(scenario_id, None, False, 0))
                continue
            # Highest score; on a tie the on-time one, then the earliest.
            best = max(
                played,
                key=lambda a: (
                    current[a.id].score,
                    not is_late(a, assignment.due_at),
                    -(a.ended_at or a.started_at).timestamp(),
                ),
            )
            bests.append(
                ScenarioBest(
                    scenario_id,
                    current[best.id].score,
                    is_late(best, assignment.due_at),
                    len(played),
                )
            )
        in_assignment = [a for a in counted if a.scenario_id in scenario_ids]
        grade: float | None = None
        if in_assignment and scenario_ids:
            mean = sum(b.score or 0 for b in bests) / len(scenario_ids)
            grade = round(mean * assignment.points / 100, 2)
        students.append(
            StudentGrade(
                student.id,
                student.name,
                student.sortable_name,
                student.login,
                student.sis_id,
                student.lms_id,
                student.email,
                section,
                tuple(bests),
                len(mine),
                len(in_assignment),
                grade,
                any(b.late for b in bests),
            )
        )
    section_name = ""
    if assignment.section_id is not None:
        found = session.get(Section, assignment.section_id)
        section_name = found.name if found is not None else ""
    return AssignmentGrades(
        assignment.id,
        assignment.title,
        assignment.points,
        assignment.pack_hash,
        scenario_ids,
        assignment.mode,
        assignment.due_at,
        section_name,
        tuple(students),
    )


def feedback_line(student: StudentGrade) -> str:
    """One line for the LMS's feedback column: each scenario's best, late ones marked."""
    parts = []
    for best in student.scenarios:
        shown = "not played" if best.score is None else f"{best.score}/100"
        parts.append(f"{best.scenario_id} {shown}{' (late)' if best.late else ''}")
    return "Best per scenario: " + "; ".join(parts) if parts else ""


def grade_sheet(grades: AssignmentGrades) -> GradeSheet:
    """The assignment's grades as the document writers take them."""
    return GradeSheet(
        grades.assignment_id,
        grades.title,
        grades.points,
        grades.scenarios,
        grades.due_at,
        tuple(
            GradeRow(
                s.name,
                s.sortable_name,
                s.login,
                s.sis_id,
                s.lms_id,
                s.email,
                s.section,
                s.grade,
                s.late,
                tuple(b.score for b in s.scenarios),
                s.counted,
                feedback_line(s),
            )
            for s in grades.students
        ),
    )


def grade_file(db: ClassDatabase, assignment_ids: Sequence[int], file_format: str) -> bytes:
    """The grade file of `file_format` (canvas | moodle | xlsx) for the assignments."""
    if file_format not in FORMATS:
        raise GradesProblem(
            f"'{file_format}' is not a grade file format: use canvas, moodle or xlsx"
        )
    if file_format != "xlsx" and len(assignment_ids) != 1:
        raise GradesProblem(
            f"a {file_format.capitalize()} file holds one assignment: export them one at a "
            "time, or all together with --format xlsx (one sheet each)"
        )
    with db.session() as session:
        sheets = [grade_sheet(assignment_grades(session, i)) for i in assignment_ids]
    try:
        if file_format == "canvas":
            return canvas_csv(sheets[0])
        if file_format == "moodle":
            return moodle_csv(sheets[0])
        return grades_xlsx(sheets)
    except GradeExportProblem as problem:
        raise GradesProblem(str(problem)) from None


# -- debriefs --------------------------------------------------------------------------------
def student_debriefs(session: Session, assignment_id: int) -> list[StudentDebrief]:
    """Each roster student with an attempt graded with the assignment's current pack: their
    attempts' reports, oldest first (attempts not counted say why)."""
    grades = assignment_grades(session, assignment_id)
    rows = session.execute(
        select(ClassAttempt, ClassGrade)
        .join(ClassGrade, ClassGrade.attempt_id == ClassAttempt.id)
        .where(
            ClassAttempt.assignment_id == assignment_id,
            ClassGrade.pack_hash == grades.pack_hash,
        )
        .order_by(ClassAttempt.started_at, ClassAttempt.id)
    ).all()
    per_student: dict[int, list[DebriefAttempt]] = {}
    for attempt, grade in rows:
        if attempt.student_id is None:
            continue
        report: dict[str, Any]
        try:
            loaded = json.loads(grade.report)
            report = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            report = {}
        if attempt.verified is False:
            note = f"NOT COUNTED: failed verification ({attempt.problem or 'no reason kept'})"
        elif attempt.scenario_id not in grades.scenarios:
            note = "not counted: this scenario is not part of the assignment"
        else:
            note = ""
        per_student.setdefault(attempt.student_id, []).append(
            DebriefAttempt(
                scenario_id=attempt.scenario_id,
                started_at=attempt.started_at,
                ended_at=attempt.ended_at,
                mode=attempt.mode,
                score=grade.score,
                late=is_late(attempt, grades.due_at),
                note=note,
                report=report,
            )
        )
    debriefs = []
    for student in grades.students:
        attempts = per_student.get(student.student_id)
        if not attempts:
            continue
        grade_text = (
            "no grade"
            if student.grade is None
            else f"{number_text(student.grade)} of {grades.points} points"
        )
        debriefs.append(
            StudentDebrief(
                student_name=student.name,
                login=student.login,
                assignment_title=grades.title,
                grade=grade_text + (" (late)" if student.late else ""),
                due_at=grades.due_at,
                attempts=tuple(attempts),
            )
        )
    return debriefs


def debrief_file_name(login: str) -> str:
    """`<login>.pdf`, with anything but letters, digits, `.`, `-` and `_` made `_`."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", login).strip(".") or "student"
    return f"{safe}.pdf"


def debrief_files(db: ClassDatabase, assignment_id: int) -> dict[str, bytes]:
    """File name → PDF bytes, one per student with a graded attempt."""
    with db.session() as session:
        debriefs = student_debriefs(session, assignment_id)
    files: dict[str, bytes] = {}
    for debrief in debriefs:
        name = debrief_file_name(debrief.login)
        if name in files:
            name = name.removesuffix(".pdf") + f"-{len(files) + 1}.pdf"
        files[name] = debrief_pdf(debrief)
    return files


# -- files -----------------------------------------------------------------------------------
def write_atomically(out: Path, data: bytes) -> None:
    """Write `data` to `out` whole or not at all (GradesProblem, `out` as it was, if not)."""
    try:
        write_whole(out, data)
    except WriteRefused as refused:
        raise GradesProblem(
            str(refused)
            .replace("give the path", "give --out the path")
            .replace("give a file", "give --out a file")
        ) from None


__all__ = [
    "FORMATS",
    "AssignmentGrades",
    "GradesProblem",
    "ScenarioBest",
    "StudentGrade",
    "assignment_grades",
    "debrief_files",
    "grade_file",
    "student_debriefs",
    "write_atomically",
]
