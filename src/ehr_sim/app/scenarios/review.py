"""Everything a debrief shows about one finished attempt, read from its clinic file: when it
has just ended, or later from the attempt history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.scenarios.attempts import ScenarioRun, attempt_variant, read_attempt
from ehr_sim.app.scenarios.change_words import describe_changes
from ehr_sim.app.scenarios.integrity import verify
from ehr_sim.app.scenarios.record_changes import SnapshotMissing, changes_since, snapshot_path
from ehr_sim.engine.variants import vary
from ehr_sim.grading import LoggedAction, Report, grade
from ehr_sim.grading.wording import event_name
from ehr_sim.packs.schema import Scenario
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.records.engine import AttemptRecord


@dataclass(frozen=True)
class Review:
    """One attempt as its debrief shows it."""

    title: str
    report: Report
    status: str
    ending: str
    actions: tuple[LoggedAction, ...]
    started_at: datetime
    changes: tuple[str, ...]
    changes_problem: str
    events: dict[str, str]
    # What `ehr-sim attempt verify` says of the file: its seal code once sealed, or what broke.
    seal_code: str = ""
    integrity_problem: str = ""


def event_names(scenario: Scenario) -> dict[str, str]:
    """What each event is, in words a trainee recognises ("the call from Dana Reyes")."""
    return {event.id: event_name(event) for event in scenario.events}


def _review(db: Database, scenario: Scenario, attempt_id: int, attempt_file: Path) -> Review:
    with db.reading() as session:
        attempt = read_attempt(session, attempt_id)
        record = session.get(AttemptRecord, attempt_id)
        assert record is not None
        status, ending = record.status, record.ending
    try:
        changes = tuple(describe_changes(db, changes_since(db, snapshot_path(attempt_file))))
        problem = ""
    except SnapshotMissing as missing:
        changes, problem = (), str(missing)
    verdict = verify(db)
    return Review(
        scenario.title,
        grade(scenario, attempt),
        status,
        ending,
        attempt.actions,
        attempt.started_at,
        changes,
        problem,
        event_names(scenario),
        verdict.seal_code,
        "" if verdict.intact else verdict.message,
    )


def review_run(run: ScenarioRun) -> Review:
    """The debrief of the attempt that has just ended."""
    database = run.db.engine.url.database
    return _review(run.db, run.scenario, run.attempt_id, Path(database or ""))


def review_file(attempt_file: Path, scenario: Scenario) -> Review:
    """The debrief of a finished attempt, read again from its file (never changing it).
    `scenario` is the pack's, as written: the attempt's variant, if any, is applied here."""
    db = open_database(sqlite_url(attempt_file), create=False, read_only=True)
    try:
        with db.reading() as session:
            record = session.scalars(
                select(AttemptRecord).order_by(AttemptRecord.id.desc()).limit(1)
            ).first()
            if record is None:
                raise ValueError(f"{attempt_file.name} holds no scenario attempt")
            attempt_id, variant = record.id, attempt_variant(record)
        return _review(db, vary(scenario, variant), attempt_id, attempt_file)
    finally:
        db.close()
