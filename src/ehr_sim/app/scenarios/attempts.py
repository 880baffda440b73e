"""Attempt lifecycle: start a scenario in its own clinic file, fire its events on the clock,
end it, and read it back for grading. Every change is a record, so `resume` after a crash
finds the attempt exactly where it was, clock included."""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import SEALED_KEY, Gateway, Outcome
from ehr_sim.app.handlers.base import ATTEMPT_KEY, SCENARIO_KEY
from ehr_sim.app.handlers.named_records import KINDS_KEY, named_records
from ehr_sim.app.living_clinic import LivingClinic
from ehr_sim.app.scenarios.events import fire
from ehr_sim.app.scenarios.integrity import START_LABEL, seal
from ehr_sim.app.scenarios.record_changes import (
    RecordChange,
    changes_since,
    replace_durably,
    snapshot_path,
    take_snapshot,
)
from ehr_sim.app.scenarios.setup import apply_setup
from ehr_sim.domain.actions import Action
from ehr_sim.domain.integrity import content_digest
from ehr_sim.engine.dialogue import REPLY_SEED_KEY
from ehr_sim.engine.endings import Ending, ending_now
from ehr_sim.engine.names import created_names
from ehr_sim.engine.timeline import due_events, firing_moment, late_deadline
from ehr_sim.engine.variants import VARIANT_KEY, vary
from ehr_sim.grading import Attempt, LoggedAction, Report, grade
from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Event, Scenario
from ehr_sim.packs.when import clinic_day
from ehr_sim.records import ActionRecord
from ehr_sim.records.database import (
    Database,
    is_busy,
    open_database,
    read_only_uri,
    sqlite_url,
)
from ehr_sim.records.engine import AttemptRecord, FiredEvent
from ehr_sim.records.integrity import NAME, START, append_link, chain_event, start_content


@dataclass(frozen=True)
class RunInfo:
    attempt_id: int
    scenario_id: str
    status: str
    ending: str
    started_at: datetime
    now: datetime
    time_limit: timedelta


class ScenarioRun:
    """One attempt at one scenario: its clinic database, gateway, clock and timeline."""

    def __init__(self, db: Database, gateway: Gateway, scenario: Scenario, attempt_id: int) -> None:
        self.db = db
        self.gateway = gateway
        self.scenario = scenario
        self.attempt_id = attempt_id
        self.listeners: list[Callable[[], None]] = []
        gateway.cache[SCENARIO_KEY] = scenario
        gateway.cache[ATTEMPT_KEY] = attempt_id
        with db.reading() as s:
            attempt = s.get(AttemptRecord, attempt_id)
            assert attempt is not None
            self.started_at = attempt.started_at
            self.day0 = attempt.day0
            refs = attempt.refs
            if attempt.status != "running":
                gateway.cache[SEALED_KEY] = True
        self.living = _living_clinic(gateway, scenario, refs)

    # -- starting and resuming ------------------------------------------------------------
    @classmethod
    def start(
        cls,
        path: Path,
        pack: LoadedPack,
        scenario: Scenario,
        *,
        play_date: date,
        mode: str = "practice",
        trainee: str = "trainee",
        running: bool = True,
        world_cache: Path | None = None,
        reply_seed: int | None = None,
        uid: str | None = None,
        assignment_id: int | None = None,
        variant: int | None = None,
    ) -> ScenarioRun:
        """Build the scenario's clinic in a new file at `path` and start the clock.

        The file is built under a temporary name beside `path` and renamed into place once
        complete (with its start snapshot), so a crash never leaves a half-built attempt.
        With `world_cache` (a folder, see `worlds_folder`) the generated clinic is built once
        per seed, size and day and copied for each attempt; without, it is built every time.
        `reply_seed` orders the dialogue replies (random per attempt unless given).
        `variant` (a per-student seed, see engine/variants.py) plays the scenario with other
        names, birth dates, amounts and background clinic, and the same rubric; None or 0
        plays it as written. `scenario` is always the pack's own, as written.
        `uid` (the attempt's name on the class server) and `assignment_id` are kept on the
        attempts row for the classroom (None at home)."""
        from ehr_sim.world import WorldSpec, build_world
        from ehr_sim.world.cache import cached_world

        building = path.with_name(path.name + ".building")
        for stale in (path, building):
            for suffix in ("", "-wal", "-shm", ".start"):
                Path(f"{stale}{suffix}").unlink(missing_ok=True)
        day0 = clinic_day(play_date)
        scenario = vary(scenario, variant)
        world = scenario.world
        spec = WorldSpec(seed=world.seed, patients=world.patients, today=day0)
        if world_cache is not None:
            shutil.copyfile(cached_world(world_cache, spec), building)
            db = open_database(sqlite_url(building), create=False)
        else:
            db = open_database(sqlite_url(building))
            build_world(db, spec)
        hours, minutes = (int(x) for x in world.start.split(":"))
        started = datetime.combine(day0, time(hours, minutes))
        with db.sessions() as session, session.begin():
            refs = apply_setup(session, scenario, day0)
            refs[REPLY_SEED_KEY] = secrets.randbits(31) if reply_seed is None else reply_seed
            if variant:
                # Until the attempts table has its own column (migration 0015), here.
                refs[VARIANT_KEY] = variant
            attempt = AttemptRecord(
                pack_id=pack.manifest.id,
                pack_version=pack.manifest.version,
                pack_source=pack.source,
                scenario_id=scenario.id,
                content_hash=pack.content_hash,
                mode=mode,
                trainee=trainee,
                day0=day0,
                started_at=started,
                clock_speed=world.clock_speed,
                clock_at=started,
                status="running",
                ended_at=None,
                refs=json.dumps(refs),
                variables=json.dumps({k: v.initial for k, v in scenario.variables.items()}),
                wall_started_at=_wall_now(),
                uid=uid,
                assignment_id=assignment_id,
                variant=variant,
            )
            session.add(attempt)
            session.flush()
            attempt_id = attempt.id
            # The chain starts here; the clinic's own history before it is not the trainee's.
            first_seq = (session.scalar(select(func.max(ActionRecord.seq))) or 0) + 1
            digest = content_digest(start_content(attempt, first_seq))
            append_link(session, attempt, START, first_seq, START_LABEL, digest)
        take_snapshot(db, snapshot_path(path))
        with db.engine.connect() as connection:
            # Everything into the main file, so renaming that one file moves the whole attempt.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        replace_durably(building, path)
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        db = open_database(sqlite_url(path), create=False)
        clock = SimClock(started, speed=world.clock_speed, running=running)
        return cls(db, Gateway(db, clock, actor=trainee), scenario, attempt_id)

    @property
    def mode(self) -> str:
        with self.db.reading() as s:
            attempt = s.get(AttemptRecord, self.attempt_id)
            return attempt.mode if attempt else "practice"

    @classmethod
    def resume(
        cls,
        path: Path,
        scenario: Scenario,
        *,
        running: bool = True,
        wall_clock: Callable[[], datetime] | None = None,
    ) -> ScenarioRun:
        """Reopen an attempt file: a practice attempt's clock continues from the last moment
        recorded; an assessed attempt's has kept running on the computer's clock (`wall_clock`,
        UTC without a time zone) while the app was closed. `scenario` is the pack's own, as
        written: the attempt's variant, if any, is applied again from the file."""
        db = open_database(sqlite_url(path), create=False)
        with db.reading() as s:
            attempt = s.scalars(select(AttemptRecord).order_by(AttemptRecord.id.desc())).first()
            if attempt is None:
                raise ValueError(f"{path} holds no scenario attempt")
            last_action = s.scalar(
                select(ActionRecord.sim_time).order_by(ActionRecord.seq.desc()).limit(1)
            )
            moment = max(attempt.clock_at, last_action or attempt.clock_at)
            if attempt.mode == "assessed" and attempt.wall_started_at is not None:
                # A test's clock never stops: the time the app was closed is lost.
                wall_now = (wall_clock or _wall_now)()
                wall = (wall_now - attempt.wall_started_at) * attempt.clock_speed
                moment = max(moment, (attempt.started_at + wall).replace(microsecond=0))
            clock = SimClock(moment, speed=attempt.clock_speed, running=running)
            trainee, attempt_id = attempt.trainee, attempt.id
            scenario = vary(scenario, attempt_variant(attempt))
        return cls(db, Gateway(db, clock, actor=trainee), scenario, attempt_id)

    # -- running --------------------------------------------------------------------------
    def elapsed(self) -> timedelta:
        return self.gateway.clock.now() - self.started_at

    def info(self) -> RunInfo:
        with self.db.reading() as s:
            attempt = s.get(AttemptRecord, self.attempt_id)
            assert attempt is not None
            return RunInfo(
                self.attempt_id,
                attempt.scenario_id,
                attempt.status,
                attempt.ending,
                attempt.started_at,
                self.gateway.clock.now(),
                timedelta(minutes=self.scenario.world.time_limit_minutes),
            )

    @property
    def running(self) -> bool:
        return self.info().status == "running"

    def perform(self, action: Action) -> Outcome:
        """Perform a trainee action in this attempt, then let the timeline react."""
        outcome = self.gateway.perform(action)
        self.tick()
        return outcome

    def tick(self) -> list[str]:
        """Fire what is due, record the clock, and end the attempt if it has ended.

        While another program holds the attempt file's lock nothing fires; the next tick
        catches up, since due events are worked out from the clock and the fired records."""
        try:
            return self._tick()
        except OperationalError as exc:
            if is_busy(exc):
                return []
            raise

    def _tick(self) -> list[str]:
        if not self.running:
            return []
        if self.living is not None:
            self.living.tick()
        now = self.gateway.clock.now()
        fired: list[str] = []
        attempt = self.read()
        # The last moment anything changed: an event held back until now fires at it.
        since = max([self._clock_at(), *(a.sim_time for a in attempt.actions[-1:])])
        self._name_created(attempt)
        while True:
            attempt = self.read()
            evaluator = Evaluator(attempt, self.scenario)
            due = due_events(self.scenario, attempt.events, now - self.started_at, evaluator)
            if not due:
                break
            moments = []
            for event in due:
                moment = firing_moment(
                    event,
                    self.started_at,
                    since,
                    now,
                    not_before=late_deadline(event.only_if, evaluator),
                )
                self._fire(event, moment)
                fired.append(event.id)
                moments.append(moment)
            since = max(since, *moments)
        with self.db.sessions() as session, session.begin():
            record = session.get(AttemptRecord, self.attempt_id)
            assert record is not None
            record.clock_at = max(record.clock_at, now)
        ending = ending_now(self.scenario, Evaluator(self.read()), now - self.started_at)
        if ending is not None:
            self._end(ending, now)
        if fired or ending is not None:
            self._notify()
        return fired

    def _clock_at(self) -> datetime:
        with self.db.reading() as s:
            record = s.get(AttemptRecord, self.attempt_id)
            assert record is not None
            return record.clock_at

    def _name_created(self, attempt: Attempt) -> None:
        """Point each `created:` name at the newest record the trainee made that fits it."""
        if not self.scenario.created:
            return
        names = created_names(self.scenario, Evaluator(attempt, self.scenario))
        if any(attempt.refs.get(name) != record_id for name, (record_id, _) in names.items()):
            for name, (record_id, kind) in names.items():
                self.name(name, record_id, kind)

    def name(self, ref: str, record_id: int, kind: str) -> None:
        """Name a record of this attempt (`as:` in a play, `created:` names): `@ref` in steps
        and filters, `record: ref` in checks, `{ref.field}` in text."""
        with self.db.sessions() as session, session.begin():
            record = session.get(AttemptRecord, self.attempt_id)
            assert record is not None
            refs = json.loads(record.refs)
            refs[ref] = record_id
            refs.setdefault(KINDS_KEY, {})[ref] = kind
            record.refs = json.dumps(refs)
            named = {"ref": ref, "record_id": record_id, "kind": kind}
            append_link(session, record, NAME, 0, f"name {ref}", content_digest(named))

    def end(self, status: str = "stopped", message: str = "Ended by the trainee.") -> None:
        if self.running:
            self._end(Ending(status, message), self.gateway.clock.now())
            self._notify()

    def _end(self, ending: Ending, now: datetime) -> None:
        with self.db.sessions() as session, session.begin():
            record = session.get(AttemptRecord, self.attempt_id)
            assert record is not None
            record.status = ending.status
            record.ending = ending.message
            record.ended_at = now
            seal(session, record)
        self.gateway.cache[SEALED_KEY] = True
        self.gateway.clock.pause()

    def _notify(self) -> None:
        """Tell the scenario's listeners (the UI) that events fired or the attempt ended."""
        for listener in list(self.listeners):
            listener()

    def _fire(self, event: Event, moment: datetime) -> None:
        with self.db.sessions() as session, session.begin():
            attempt = session.get(AttemptRecord, self.attempt_id)
            assert attempt is not None
            fired = fire(session, attempt, event, moment)
            session.flush()
            chain_event(session, attempt, fired)

    # -- reading back ---------------------------------------------------------------------
    def read(self) -> Attempt:
        with self.db.reading() as session:
            return read_attempt(session, self.attempt_id)

    def report(self) -> Report:
        return grade(self.scenario, self.read())

    def changes(self) -> list[RecordChange]:
        """Every clinic record the trainee created, edited or removed since the start;
        raises SnapshotMissing when the start snapshot is missing or unreadable."""
        database = self.db.engine.url.database
        return changes_since(self.db, snapshot_path(Path(database or "")))

    def refs(self) -> dict[str, int]:
        return self.read().refs

    def close(self) -> None:
        if self.living is not None:
            self.living.close()
        self.db.close()


def wall_times(attempt: AttemptRecord) -> tuple[datetime | None, datetime | None]:
    """When the attempt started and ended on the computer's clock (UTC, no time zone): the
    start as kept (`wall_started_at`), the end = that start + the simulated time the attempt
    ran (`ended_at - started_at`, both on the clinic's clock) / its clock speed. Exact for an
    assessed attempt (its clock keeps real time, also while the app is closed); for a practice
    attempt paused or closed on the way it is earlier than the real end by the pause. (None,
    None) for an attempt made before the start was kept; the end is None while it runs."""
    start = attempt.wall_started_at
    if start is None:
        return None, None
    if attempt.ended_at is None:
        return start, None
    ran = (attempt.ended_at - attempt.started_at) / max(attempt.clock_speed, 1e-9)
    return start, start + max(ran, timedelta(0))


def _wall_now() -> datetime:
    """The computer's clock, UTC, as the attempts table keeps it (no time zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _living_clinic(gateway: Gateway, scenario: Scenario, refs: str) -> LivingClinic | None:
    """The rest of the clinic's day, played by colleagues; the scenario's records are left
    to the trainee. None when the scenario turns it off (`world: living_clinic: false`)."""
    if not scenario.world.living_clinic:
        return None
    raw = json.loads(refs)
    kinds: dict[str, str] = raw.pop(KINDS_KEY, {})
    named = {
        kind: {raw[ref] for ref, k in kinds.items() if k == kind and ref in raw}
        for kind in kinds.values()
    }
    return LivingClinic(
        gateway,
        seed=scenario.world.seed,
        leave_alone_visits=named.get("appointments", set()),
        leave_alone_patients=named.get("patients", set()),
    )


def attempts_folder(data_dir: Path) -> Path:
    """Where a trainee's attempt files live: `<data_dir>/attempts`."""
    return data_dir / "attempts"


def worlds_folder(data_dir: Path) -> Path:
    """Where built clinics are kept for reuse by new attempts: `<data_dir>/worlds`."""
    return data_dir / "worlds"


def new_attempt_file(data_dir: Path, scenario_id: str, at: datetime) -> Path:
    """A new attempt file's path, named by scenario and wall time (the folder is made)."""
    folder = attempts_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{scenario_id}-{at:%Y%m%d-%H%M%S-%f}.db"


@dataclass(frozen=True)
class Interrupted:
    """An attempt file whose scenario was still running when the app stopped."""

    path: Path
    scenario_id: str
    mode: str
    elapsed: timedelta


def interrupted_attempts(folder: Path) -> list[Interrupted]:
    """Attempts in `folder` that never ended (power cut, crash, kill), newest first."""
    import sqlite3

    found = []
    for path in sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            con = sqlite3.connect(read_only_uri(path), uri=True)
            try:
                row = con.execute(
                    "SELECT scenario_id, mode, started_at, clock_at FROM attempts "
                    "WHERE status = 'running' ORDER BY id DESC LIMIT 1"
                ).fetchone()
            finally:
                con.close()
        except sqlite3.Error:
            continue  # not an attempt file, or damaged: nothing to offer
        if row is not None:
            started, reached = (datetime.fromisoformat(v) for v in row[2:4])
            found.append(Interrupted(path, row[0], row[1], reached - started))
    return found


@dataclass(frozen=True)
class SavedAttempt:
    """An attempt read back from its clinic file: what the grader needs and where it came from."""

    attempt: Attempt
    scenario_id: str
    pack_source: str
    content_hash: str
    variant: int | None = None  # the per-student variant it was played in, if any


def saved_attempt(db: Database) -> SavedAttempt | None:
    """The newest attempt in a clinic file, for re-grading; None when the file holds none."""
    with db.reading() as session:
        record = session.scalars(select(AttemptRecord).order_by(AttemptRecord.id.desc())).first()
        if record is None:
            return None
        return SavedAttempt(
            read_attempt(session, record.id),
            record.scenario_id,
            record.pack_source,
            record.content_hash,
            attempt_variant(record),
        )


def read_attempt(session: Session, attempt_id: int) -> Attempt:
    """Everything the grader needs, read from the attempt's records."""
    attempt = session.get(AttemptRecord, attempt_id)
    if attempt is None:
        raise ValueError(f"no attempt {attempt_id}")
    actions = tuple(
        LoggedAction(
            r.seq,
            r.action_type,
            json.loads(r.arguments),
            r.outcome,
            r.sim_time,
            r.message,
            *_result(r.result),
        )
        for r in session.scalars(
            # Only the trainee's: the living clinic's colleagues act in the same log.
            select(ActionRecord)
            .where(ActionRecord.actor == attempt.trainee)
            .order_by(ActionRecord.seq)
        )
    )
    events = {
        e.event_id: e.fired_at
        for e in session.scalars(select(FiredEvent).where(FiredEvent.attempt_id == attempt_id))
    }
    raw = json.loads(attempt.refs)
    records = named_records(session, raw)
    raw.pop(KINDS_KEY, None)
    raw.pop(REPLY_SEED_KEY, None)
    raw.pop(VARIANT_KEY, None)
    refs: dict[str, int] = raw
    return Attempt(
        started_at=attempt.started_at,
        day0=attempt.day0,
        actions=actions,
        events=events,
        refs=refs,
        records=records,
        variables=json.loads(attempt.variables),
    )


def attempt_variant(attempt: AttemptRecord) -> int | None:
    """The variant an attempt is played in (None: the scenario as written)."""
    found = json.loads(attempt.refs).get(VARIANT_KEY)  # chained with the start
    if isinstance(found, int) and found:
        return found
    return attempt.variant or None


def _result(result: str | None) -> tuple[int | None, dict[str, Any]]:
    """From an action's logged result: the record it created or changed, and what its handler
    noted beside the message (a false statement, say)."""
    try:
        details = json.loads(result or "{}")
    except ValueError:
        return None, {}
    if not isinstance(details, dict):
        return None, {}
    found = details.get("record_id")
    return (found if isinstance(found, int) else None), details
