"""The gradebook's trust: every ended attempt in the class database is verified from its
sealed file, a lab attempt's file is compared with the log the server received as it was
played, and the attempt is graded with the instructor's copy of the pack (class_grades: one
row per attempt and pack hash, so re-grading after a rubric fix keeps both grades)."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.store import ClassDatabase
from ehr_sim.app.scenarios.attempts import saved_attempt, wall_times
from ehr_sim.app.scenarios.integrity import Verdict, verify
from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.domain.integrity import seal_code
from ehr_sim.engine.variants import vary
from ehr_sim.grading import Attempt, Report, grade
from ehr_sim.packs.loader import LoadedPack as Pack
from ehr_sim.packs.loader import load_pack
from ehr_sim.records.classroom import (
    Assignment,
    ClassAttempt,
    ClassGrade,
    ClassLogEntry,
    ClassPack,
)
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.records.engine import AttemptRecord
from ehr_sim.records.integrity import SEAL, ChainLink

# Imported attempts played without a class uid get one derived from their first link's hash:
# the same file always gets the same uid, so importing it twice stores it once.
_UID_SPACE = uuid.UUID("6f0c4a52-7d3e-4b8e-9a51-0e1c2d3b4a59")
# class_grades.passed: no critical error and at least this score (packs set no pass mark).
PASS_MARK = 70


class AttemptFileProblem(ValueError):
    """An attempt file that cannot be read at all; the message is one plain sentence."""


@dataclass(frozen=True)
class Link:
    """One link of an attempt file's chain, as the server's log keeps it."""

    seq: int
    kind: str
    label: str
    hash: str


@dataclass(frozen=True)
class AttemptFile:
    """What an attempt file says about itself, and whether it verifies."""

    verdict: Verdict
    attempt: Attempt
    uid: str
    trainee: str
    scenario_id: str
    pack_id: str
    pack_version: str
    pack_hash: str
    mode: str
    variant: int | None
    assignment_id: int | None
    status: str
    started_at: datetime  # on the clinic's (simulated) clock, as the file keeps it
    ended_at: datetime | None  # likewise
    seal: str | None  # the seal link's hash
    links: tuple[Link, ...]
    # On the computer's clock (UTC), None for a file made before it kept its start
    # (app/scenarios/attempts.py wall_times says how the end is worked out).
    wall_started_at: datetime | None = None
    wall_ended_at: datetime | None = None

    @property
    def class_times(self) -> tuple[datetime, datetime | None]:
        """(started, ended) as the class database keeps them: on the computer's clock (UTC),
        or the file's own times for a file too old to know it."""
        if self.wall_started_at is None:
            return self.started_at, self.ended_at
        return self.wall_started_at, self.wall_ended_at

    @property
    def seal_code(self) -> str:
        return seal_code(self.seal) if self.seal else ""


@contextmanager
def opened(data: bytes, name: str = "attempt.db") -> Iterator[tuple[Database, Path]]:
    """The attempt file's bytes as a read-only clinic database in a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="ehr-sim-attempt-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            db = open_database(sqlite_url(path), create=False, read_only=True)
        except DatabaseProblem as problem:
            raise AttemptFileProblem(str(problem)) from None
        try:
            yield db, path
        finally:
            db.close()


def read_attempt_file(data: bytes) -> AttemptFile:
    """Verify and read an attempt file's bytes (AttemptFileProblem when it cannot be read)."""
    if not data.startswith(b"SQLite format 3\x00"):
        raise AttemptFileProblem("it is not an attempt file (not an SQLite database)")
    with opened(data) as (db, _path):
        try:
            return _read(db)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc.__class__.__name__
            raise AttemptFileProblem(f"it is damaged ({reason})") from None


def _read(db: Database) -> AttemptFile:
    saved = saved_attempt(db)
    if saved is None:
        raise AttemptFileProblem("it holds no scenario attempt")
    verdict = verify(db)
    with db.reading() as session:
        record = session.scalars(select(AttemptRecord).order_by(AttemptRecord.id.desc())).first()
        assert record is not None
        links = tuple(
            Link(link.id, link.kind, link.label, link.hash)
            for link in session.scalars(select(ChainLink).order_by(ChainLink.id))
        )
        seal = next((link.hash for link in links if link.kind == SEAL), None)
        uid = record.uid or (
            str(uuid.uuid5(_UID_SPACE, links[0].hash)) if links else str(uuid.uuid4())
        )
        return AttemptFile(
            verdict=verdict,
            attempt=saved.attempt,
            uid=uid,
            trainee=record.trainee,
            scenario_id=record.scenario_id,
            pack_id=record.pack_id,
            pack_version=record.pack_version,
            pack_hash=record.content_hash,
            mode=record.mode,
            variant=record.variant,
            assignment_id=record.assignment_id,
            status=record.status,
            started_at=record.started_at,
            ended_at=record.ended_at,
            seal=seal,
            links=links,
            wall_started_at=wall_times(record)[0],
            wall_ended_at=wall_times(record)[1],
        )


def log_problem(session: Session, uid: str, links: tuple[Link, ...]) -> str:
    """How the file's chain differs from the log the server received ("" when it does not):
    the first link whose hash differs, is missing from the file, or was never sent."""
    held = {
        e.seq: e
        for e in session.scalars(select(ClassLogEntry).where(ClassLogEntry.attempt_uid == uid))
    }
    if not held:
        return "the server holds no log for this attempt"
    mine = {link.seq: link for link in links}
    for seq in sorted(set(held) | set(mine)):
        sent, kept = held.get(seq), mine.get(seq)
        if kept is None:
            assert sent is not None
            return f"record {seq} ({sent.label}) that the server received is missing from the file"
        if sent is None:
            return f"record {seq} ({kept.label}) in the file was never sent to the server"
        if sent.hash != kept.hash:
            return f"record {seq} ({kept.label}) differs from what the server received"
    return ""


def pack_from_archive(archive: bytes) -> Pack:
    """A pack from its zip (as class_packs keeps it); AttemptFileProblem when it is broken."""
    with tempfile.TemporaryDirectory(prefix="ehr-sim-pack-") as folder:
        path = Path(folder) / "pack.zip"
        path.write_bytes(archive)
        loaded = load_pack(path)
    if not loaded.ok or loaded.pack is None:
        first = loaded.problems[0] if loaded.problems else "it does not load"
        raise AttemptFileProblem(f"the stored pack does not load: {first}")
    return loaded.pack


class Packs:
    """The instructor's copies of packs, each loaded once per re-grade."""

    def __init__(self) -> None:
        self._loaded: dict[str, Pack] = {}

    def get(self, session: Session, content_hash: str) -> Pack | None:
        if content_hash not in self._loaded:
            stored = session.scalars(
                select(ClassPack).where(ClassPack.content_hash == content_hash)
            ).first()
            if stored is None:
                return None
            self._loaded[content_hash] = pack_from_archive(stored.archive)
        return self._loaded[content_hash]


def grading_hash(session: Session, attempt: ClassAttempt) -> str:
    """The pack the attempt is graded with: its assignment's current pack, else the pack
    it was played with."""
    if attempt.assignment_id is not None:
        assignment = session.get(Assignment, attempt.assignment_id)
        if assignment is not None:
            return assignment.pack_hash
    return attempt.pack_hash


@dataclass(frozen=True)
class Regraded:
    """One attempt after `regrade`: what it was played and graded with, and how it did."""

    attempt_id: int
    uid: str
    student: str
    scenario_id: str
    played_with: str
    graded_with: str
    score: int | None
    verified: bool
    problem: str  # why it is not verified, or why it could not be graded

    def line(self) -> str:
        mark = "verified" if self.verified else f"NOT VERIFIED: {self.problem}"
        score = "not graded" if self.score is None else f"{self.score}/100"
        return (
            f"{self.student or '?'} · {self.scenario_id}: {score} "
            f"(played with {self.played_with[:12]}, graded with {self.graded_with[:12]}); {mark}"
        )


def grade_one(
    session: Session, row: ClassAttempt, packs: Packs, fallback: str | None = None
) -> Regraded:
    """Verify one ended attempt from its sealed file and grade it with the instructor's copy
    of the pack (a class_grades row for that pack hash, replaced if it was there); `fallback`
    is the pack to grade with when the class database has no copy of the wanted one."""
    wanted = grading_hash(session, row)
    student = row.student_name

    def result(score: int | None, verified: bool, problem: str) -> Regraded:
        return Regraded(
            row.id,
            row.uid,
            student,
            row.scenario_id,
            row.pack_hash,
            wanted,
            score,
            verified,
            problem,
        )

    if row.file is None:
        row.verified, row.problem = False, "the server holds no sealed file for this attempt"
        return result(None, False, row.problem)
    try:
        found = read_attempt_file(row.file)
    except AttemptFileProblem as unreadable:
        row.verified, row.problem = False, f"the sealed file cannot be read: {unreadable}"
        return result(None, False, row.problem)
    problem = "" if found.verdict.intact else found.verdict.message
    if not problem and found.verdict.running:
        problem = "the attempt is still running in its file (it was never sealed)"
    if not problem and found.uid != row.uid:
        problem = "the sealed file is another attempt's (its uid differs)"
    if not problem and row.source == "lab":
        problem = log_problem(session, row.uid, found.links)
    row.verified, row.problem = not problem, problem
    if found.seal:
        row.seal = found.seal
    pack = packs.get(session, wanted)
    if pack is None and fallback is not None:
        wanted, pack = fallback, packs.get(session, fallback)
    if pack is None:
        missing = f"the class database has no copy of the pack {wanted[:12]}"
        return result(None, not problem, problem or missing)
    scenario = next((s.scenario for s in pack.scenarios if s.scenario.id == row.scenario_id), None)
    if scenario is None:
        return result(None, not problem, problem or f"the pack has no scenario '{row.scenario_id}'")
    # The rubric is the same in every variant; its feedback names what the student saw.
    report = grade(vary(scenario, found.variant), found.attempt)
    _store_grade(session, row, wanted, report)
    return result(report.score, not problem, problem)


def _store_grade(session: Session, row: ClassAttempt, pack_hash: str, report: Report) -> None:
    text = json.dumps(dataclasses.asdict(report), default=str)
    now = datetime.now(UTC).replace(tzinfo=None)
    critical = len(report.critical)
    passed = not critical and report.score >= PASS_MARK
    existing = session.scalars(
        select(ClassGrade).where(ClassGrade.attempt_id == row.id, ClassGrade.pack_hash == pack_hash)
    ).first()
    if existing is None:
        session.add(
            ClassGrade(
                attempt_id=row.id,
                pack_hash=pack_hash,
                score=report.score,
                passed=passed,
                critical=critical,
                report=text,
                graded_at=now,
            )
        )
    else:
        existing.score, existing.passed, existing.critical = report.score, passed, critical
        existing.report, existing.graded_at = text, now


def regrade(class_db: ClassDatabase, attempt_ids: list[int] | None = None) -> list[Regraded]:
    """Verify and grade every ended attempt (or those named), each with its assignment's
    current pack: adds a class_grades row per new pack hash, keeps the older ones."""
    packs = Packs()
    done: list[Regraded] = []
    with class_db.session() as session:
        query = select(ClassAttempt).where(ClassAttempt.status != "running")
        if attempt_ids is not None:
            query = query.where(ClassAttempt.id.in_(attempt_ids))
        for row in session.scalars(query.order_by(ClassAttempt.id)):
            done.append(grade_one(session, row, packs))
    return done
