"""What the gradebook window shows, read from the class database: per assignment the
student × scenario grid and the criterion heat map, every attempt with the pack it was
played and graded with, and one attempt's review from its sealed file."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.gradebook import AttemptFileProblem, Packs, grading_hash, opened
from ehr_sim.app.classroom.store import ClassDatabase
from ehr_sim.app.scenarios.record_changes import snapshot_path
from ehr_sim.app.scenarios.review import Review, review_file
from ehr_sim.records.classroom import Assignment, ClassAttempt, ClassGrade, Student

NO_ASSIGNMENT = "Attempts in no assignment"


@dataclass(frozen=True)
class AttemptRow:
    """One ended attempt with its newest grade for the assignment's pack."""

    id: int
    student: str
    scenario_id: str
    source: str
    mode: str
    ended_at: datetime | None
    played_with: str
    graded_with: str  # "" when not graded
    score: int | None
    verified: bool | None
    problem: str
    criteria: tuple[tuple[str, str, bool, int], ...] = ()  # (id, title, met, points)


@dataclass(frozen=True)
class Cell:
    """A student's attempts at one scenario of an assignment."""

    best: int | None
    last: int | None
    attempts: int
    flagged: int  # attempts that did not verify
    running: int = 0  # attempts started and not ended (or not yet sent in full)

    def text(self) -> str:
        going = f"{self.running} not ended" if self.running else ""
        if not self.attempts:
            return going or "—"
        best = "–" if self.best is None else str(self.best)
        last = "–" if self.last is None else str(self.last)
        flag = f" ⚠ {self.flagged} not verified" if self.flagged else ""
        tries = f"{self.attempts} tr{'y' if self.attempts == 1 else 'ies'}"
        return f"best {best} · last {last} · {tries}{flag}" + (f" · {going}" if going else "")


@dataclass
class AssignmentView:
    """One assignment's grid and heat map."""

    id: int | None
    title: str
    pack_hash: str
    scenarios: list[str]
    students: list[str]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # scenario id -> its title
    # criterion rows: (scenario, criterion id, title, harmful); heat[(row, student)] = good?
    # (for a harmful act, good means it was avoided)
    criteria: list[tuple[str, str, str, bool]] = field(default_factory=list)
    heat: dict[tuple[int, str], bool] = field(default_factory=dict)
    attempts: list[AttemptRow] = field(default_factory=list)


def _row(session: Session, attempt: ClassAttempt, student: str) -> AttemptRow:
    wanted = grading_hash(session, attempt)
    grades = list(
        session.scalars(
            select(ClassGrade)
            .where(ClassGrade.attempt_id == attempt.id)
            .order_by(ClassGrade.graded_at.desc(), ClassGrade.id.desc())
        )
    )
    grade = next((g for g in grades if g.pack_hash == wanted), grades[0] if grades else None)
    criteria: tuple[tuple[str, str, bool, int], ...] = ()
    if grade is not None:
        report = json.loads(grade.report)
        criteria = tuple(
            (str(c["id"]), str(c["title"]), bool(c["met"]), int(c["points"]))
            for c in report.get("criteria", [])
        )
    return AttemptRow(
        attempt.id,
        student,
        attempt.scenario_id,
        attempt.source,
        attempt.mode,
        attempt.ended_at,
        attempt.pack_hash,
        grade.pack_hash if grade else "",
        grade.score if grade else None,
        attempt.verified,
        attempt.problem,
        criteria,
    )


def gradebook(class_db: ClassDatabase) -> list[AssignmentView]:
    """Every assignment's view (and one for attempts in no assignment, when there are any)."""
    with class_db.session() as session:
        roster = {s.id: s for s in session.scalars(select(Student).order_by(Student.sortable_name))}
        by_assignment: dict[int | None, list[AttemptRow]] = defaultdict(list)
        # Attempts still running (or killed before they ended): counted, not graded.
        running: dict[int | None, dict[tuple[str, str], int]] = defaultdict(dict)
        for attempt in session.scalars(
            select(ClassAttempt).order_by(ClassAttempt.ended_at, ClassAttempt.id)
        ):
            on_roster = roster.get(attempt.student_id) if attempt.student_id else None
            name = on_roster.name if on_roster else attempt.student_name
            if attempt.status == "running":
                counts = running[attempt.assignment_id]
                key = (name, attempt.scenario_id)
                counts[key] = counts.get(key, 0) + 1
                continue
            by_assignment[attempt.assignment_id].append(_row(session, attempt, name))
        views: list[AssignmentView] = []
        packs = Packs()
        for assignment in session.scalars(select(Assignment).order_by(Assignment.id)):
            students = [
                s.name
                for s in roster.values()
                if s.active and assignment.section_id in (None, s.section_id)
            ]
            views.append(
                _view(
                    assignment.id,
                    assignment.title,
                    assignment.pack_hash,
                    list(json.loads(assignment.scenarios)),
                    students,
                    by_assignment.get(assignment.id, []),
                    running.get(assignment.id, {}),
                )
            )
            try:
                pack = packs.get(session, assignment.pack_hash)
            except AttemptFileProblem:
                pack = None
            if pack is not None:
                views[-1].titles = {s.scenario.id: s.scenario.title for s in pack.scenarios}
        loose = by_assignment.get(None, [])
        if loose:
            scenarios = sorted({a.scenario_id for a in loose})
            views.append(_view(None, NO_ASSIGNMENT, "", scenarios, [], loose, running[None]))
        return views


def _view(
    id_: int | None,
    title: str,
    pack_hash: str,
    scenarios: list[str],
    students: list[str],
    attempts: list[AttemptRow],
    running: dict[tuple[str, str], int] | None = None,
) -> AssignmentView:
    running = running or {}
    names = list(students)
    for attempt in attempts:
        if attempt.student not in names:
            names.append(attempt.student)
    view = AssignmentView(id_, title, pack_hash, scenarios, names, attempts=attempts)
    mine: dict[tuple[str, str], list[AttemptRow]] = defaultdict(list)
    for attempt in attempts:
        mine[(attempt.student, attempt.scenario_id)].append(attempt)
    rows: dict[tuple[str, str], int] = {}
    for scenario in scenarios:
        view.titles[scenario] = scenario
    for name in names:
        for scenario in scenarios:
            done = mine.get((name, scenario), [])
            scores = [a.score for a in done if a.score is not None]
            last = done[-1] if done else None
            view.cells[(name, scenario)] = Cell(
                max(scores) if scores else None,
                last.score if last else None,
                len(done),
                sum(1 for a in done if a.verified is False),
                running.get((name, scenario), 0),
            )
            if last is None:
                continue
            for criterion_id, title, met, points in last.criteria:
                harmful = points < 0  # a harmful act "met" was committed
                key = (scenario, criterion_id)
                if key not in rows:
                    rows[key] = len(view.criteria)
                    view.criteria.append((scenario, criterion_id, title, harmful))
                met = not met if harmful else met
                view.heat[(rows[key], name)] = met
    return view


def review_attempt(class_db: ClassDatabase, attempt_id: int) -> Review:
    """One attempt's debrief, timeline and changes, from its sealed file and the pack it is
    graded with (AttemptFileProblem when that cannot be done)."""
    with class_db.session() as session:
        attempt = session.get(ClassAttempt, attempt_id)
        if attempt is None or attempt.file is None:
            raise AttemptFileProblem("the server holds no sealed file for this attempt")
        pack = Packs().get(session, grading_hash(session, attempt)) or Packs().get(
            session, attempt.pack_hash
        )
        data, start, scenario_id = attempt.file, attempt.start_file, attempt.scenario_id
    if pack is None:
        raise AttemptFileProblem("the class database has no copy of its pack")
    scenario = next((s.scenario for s in pack.scenarios if s.scenario.id == scenario_id), None)
    if scenario is None:
        raise AttemptFileProblem(f"its pack has no scenario '{scenario_id}'")
    with opened(data) as (_db, path):
        _db.close()
        if start is not None:
            snapshot_path(path).write_bytes(start_snapshot(start))
        return review_file(path, scenario)


def instructor_check(class_db: ClassDatabase, password: str) -> str:
    """ "ok" when `password` is the instructor's, "unset" when none was set, else "wrong"."""
    from ehr_sim.app.classroom.people import instructor_password_set, is_instructor

    with class_db.session() as session:
        if not instructor_password_set(session):
            return "unset"
        return "ok" if is_instructor(session, password) else "wrong"


def start_snapshot(stored: bytes) -> bytes:
    """A stored start snapshot as an SQLite file: lab seats send it compressed (zlib),
    result files carry it as it is."""
    if stored.startswith(b"SQLite format 3\x00"):
        return stored
    try:
        return zlib.decompress(stored)
    except zlib.error:
        return stored  # not a snapshot: the review then says it cannot list the changes
