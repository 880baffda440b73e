"""A lab machine's attempts on the class server, sent as they happen (issue 12).

The local attempt file is the queue. Every link of its chain (`attempt_chain`: the start,
each action done or refused, each event, each named record, the seal) goes to `class_log`
with the JSON of what it covers, keyed by (attempt uid, link number), so a link sent twice
is stored once (INSERT … ON CONFLICT DO NOTHING). When the attempt has ended, its sealed
file's bytes, seal, status and end go into `class_attempts`, and an empty marker
`<attempt file>.sent` is written beside the file (`ehr-sim reset` deletes only attempts that
have one).

`ClassSync` does all of this on one background thread (plain `threading`), so sending never
blocks or fails the trainee's action: while the server is away the links wait in the file,
and when it answers again everything not yet confirmed is sent, oldest first. The UI polls
`state()`; `nudge()` after an action wakes the thread at once. When nothing has gone to the
server for `check_seconds` (3 by default), the thread asks it `SELECT 1`, so a server that
went away while the student was only reading is shown offline within a few seconds, not at
the next action.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, create_engine, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ehr_sim.app.classroom.server import class_url
from ehr_sim.app.classroom.store import ClassDatabase, open_class
from ehr_sim.app.files import attempt_bytes
from ehr_sim.app.handlers.named_records import KINDS_KEY
from ehr_sim.app.scenarios.attempts import wall_times
from ehr_sim.app.scenarios.integrity import _sealed
from ehr_sim.app.scenarios.record_changes import snapshot_path
from ehr_sim.domain.integrity import canonical
from ehr_sim.records import ActionRecord
from ehr_sim.records.classroom import ClassAttempt, ClassLogEntry, Student
from ehr_sim.records.database import CONNECT_TIMEOUT_SECONDS, Database
from ehr_sim.records.engine import AttemptRecord, FiredEvent
from ehr_sim.records.integrity import (
    ACTION,
    EVENT,
    NAME,
    SEAL,
    START,
    ChainLink,
    action_content,
    event_content,
    start_content,
)

SENT_SUFFIX = ".sent"
CONNECTING, CONNECTED, OFFLINE = "connecting", "connected", "offline"
# Links sent in one transaction at most (a long offline spell is sent in a few of them).
BATCH = 500
# An idle sender checks that the server is still there this often (one SELECT 1).
CHECK_SECONDS = 3.0


def sent_marker(path: Path) -> Path:
    """The empty file that says `path` is on the class server in full."""
    return path.with_name(path.name + SENT_SUFFIX)


def seat_name() -> str:
    """This lab machine's name, as the gradebook shows the seat."""
    return socket.gethostname()


@dataclass(frozen=True)
class SyncState:
    """What the student is shown: the server's state and how much waits on this computer."""

    state: str  # CONNECTING | CONNECTED | OFFLINE
    waiting: int  # links (actions, events…) not yet confirmed by the server
    problem: str = ""  # why the server is offline, in one plain line

    @property
    def all_sent(self) -> bool:
        return self.state == CONNECTED and self.waiting == 0

    def words(self) -> str:
        if self.state == OFFLINE:
            kept = f"{self.waiting} action{'s' if self.waiting != 1 else ''}"
            if self.waiting == 0:
                return "Class server offline — nothing waiting to be sent"
            return f"Class server offline — {kept} kept on this computer, will be sent"
        if self.state == CONNECTING:
            return "Class server: connecting…"
        if self.waiting:
            return f"Class server: connected — sending {self.waiting}"
        return "Class server: connected — everything sent"


@dataclass
class _Queued:
    """One attempt file being sent."""

    path: Path
    uid: str = ""
    sent_upto: int = 0  # the highest link number the server confirmed (0: none yet)
    confirmed: bool = False  # sent_upto was read from (or written to) the server
    registered: bool = False
    local_links: int = 0  # links in the file when last read
    student: str = ""  # the signed-in student's login, when the app knows it
    engine: Engine | None = None  # the file's read-only engine, kept while it is sent

    def reader(self) -> Engine:
        if self.engine is None:
            self.engine = _reader(self.path)
        return self.engine

    def forget(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None


class ClassSync:
    """Sends this machine's class attempts to the class server on a background thread.

    `on_sent(path, upto)` (optional) is called on that thread after the server committed
    every link of `path` up to number `upto`. While idle it checks the server every
    `check_seconds`."""

    def __init__(
        self,
        url: str,
        *,
        seat: str | None = None,
        retry_seconds: float = 1.0,
        on_sent: Callable[[Path, int], None] | None = None,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.url = url
        self.seat = seat_name() if seat is None else seat
        self.retry_seconds = retry_seconds
        self.on_sent = on_sent
        self.check_seconds = check_seconds
        self._last_contact = 0.0  # time.monotonic() the server last answered
        self._class: ClassDatabase | None = None
        self._queue: dict[Path, _Queued] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._state = SyncState(CONNECTING, 0)
        self._next_try = 0.0
        self.offline_spells = 0  # times the server went away while this ran
        self._thread = threading.Thread(target=self._loop, name="class-sync", daemon=True)

    # -- what the app calls ---------------------------------------------------------------
    def start(self) -> ClassSync:
        self._thread.start()
        return self

    def watch(self, path: Path, student: str = "") -> None:
        """Send the class attempt in `path` (now and as it grows) until it is on the server
        in full. A file without a class uid (played at home) is left alone. `student` is the
        signed-in student's login (else the attempt's trainee name finds them on the roster)."""
        with self._lock:
            self._queue.setdefault(path.resolve(), _Queued(path.resolve(), student=student))
        self.nudge()

    def watch_folder(self, folder: Path) -> list[Path]:
        """Watch every class attempt in `folder` not yet on the server in full (left from a
        session that closed while offline); returns them."""
        found = unsent_attempts(folder)
        for path in found:
            self.watch(path)
        return found

    def nudge(self) -> None:
        """Something was written: send it now (when the server is up)."""
        self._wake.set()

    def state(self) -> SyncState:
        with self._lock:
            return self._state

    def wait_all_sent(self, timeout: float) -> bool:
        """Wait until every watched attempt is on the server in full (tests, load test)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._queue and self._state.state == CONNECTED:
                    return True
            self.nudge()
            time.sleep(0.05)
        return False

    def wait_connected(self, timeout: float) -> bool:
        """Wait until the server answered and nothing waits to be sent (load test)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state().all_sent:
                return True
            self.nudge()
            time.sleep(0.05)
        return False

    def close(self) -> None:
        """Stop the thread; what is not sent stays in the files for the next start."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        if self._class is not None:
            self._class.close()
            self._class = None
        with self._lock:
            for item in self._queue.values():
                item.forget()

    # -- the thread -----------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(timeout=self.retry_seconds)
            self._wake.clear()
            if self._stopping.is_set():
                break
            if time.monotonic() < self._next_try:
                self._count_waiting()  # offline: only the count shown changes
                continue
            try:
                self._send_all()
            except Exception as exc:  # never let the sender die: it retries later
                self._went_offline(exc)

    def _went_offline(self, exc: BaseException) -> None:
        if self._class is not None:
            self._class.close()  # reconnect from scratch next time
            self._class = None
        with self._lock:
            if self._state.state != OFFLINE:
                self.offline_spells += 1
            self._state = SyncState(OFFLINE, self._state.waiting, _plain(exc))
        self._next_try = time.monotonic() + self.retry_seconds
        self._count_waiting()

    def _count_waiting(self) -> None:
        with self._lock:
            queued = list(self._queue.values())
        waiting = 0
        for item in queued:
            try:
                with _local(item.path, item.reader()) as session:
                    item.local_links = session.scalar(select(func.max(ChainLink.id))) or 0
            except (SQLAlchemyError, sqlite3.Error, OSError):
                continue
            waiting += max(0, item.local_links - item.sent_upto)
        with self._lock:
            self._state = SyncState(self._state.state, waiting, self._state.problem)

    def _server(self) -> ClassDatabase:
        if self._class is None:
            checked = open_class(self.url)  # a plain ClassProblem for a wrong URL or schema
            checked.close()
            # One connection, kept: no ping before each use (a dead connection raises, and
            # the next try starts from a new one), so a link costs one round trip.
            full = class_url(self.url).render_as_string(hide_password=False)
            engine = create_engine(
                full,
                pool_size=1,
                max_overflow=0,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
            )
            self._class = ClassDatabase(
                Database(engine, sessionmaker(engine, expire_on_commit=False)), checked.where
            )
        return self._class

    def _send_all(self) -> None:
        server = self._server()
        with self._lock:
            queued = list(self._queue.values())
        waiting = 0
        for item in queued:
            done = self._send(server, item)
            if done:
                item.forget()
                with self._lock:
                    self._queue.pop(item.path, None)
            else:
                waiting += max(0, item.local_links - item.sent_upto)
        if time.monotonic() - self._last_contact >= self.check_seconds:
            # Nothing went out for a while: is the server still there? (A dead connection
            # raises here, and the loop shows the sender offline.)
            with server.session() as session:
                session.execute(text("SELECT 1"))
            self._last_contact = time.monotonic()
        with self._lock:
            self._state = SyncState(CONNECTED, waiting)

    def _send(self, server: ClassDatabase, item: _Queued) -> bool:
        """Send what `item`'s file holds beyond what the server has; True when the attempt
        is on the server in full (sealed file included) and its marker written."""
        if not item.path.exists():
            return True
        with _local(item.path, item.reader()) as local:
            attempt = local.scalars(select(AttemptRecord).order_by(AttemptRecord.id.desc())).first()
            if attempt is None or not attempt.uid:
                return True  # not a class attempt: nothing to send
            item.uid = attempt.uid
            if not item.confirmed:
                with server.session() as session:
                    item.sent_upto = (
                        session.scalar(
                            select(func.max(ClassLogEntry.seq)).where(
                                ClassLogEntry.attempt_uid == item.uid
                            )
                        )
                        or 0
                    )
                item.confirmed = True
            links = list(
                local.scalars(
                    select(ChainLink)
                    .where(ChainLink.id > item.sent_upto)
                    .order_by(ChainLink.id)
                    .limit(BATCH)
                )
            )
            item.local_links = links[-1].id if links else item.sent_upto
            rows = [_log_row(local, attempt, link) for link in links]
            ended = attempt.status != "running"
            sealed = next((link for link in links if link.kind == SEAL), None)
            registration = _registration(attempt, self.seat, item.student)
            status, ended_at = attempt.status, _wall_end(attempt)
        with server.session() as session:
            if not item.registered:
                session.execute(
                    insert(ClassAttempt)
                    .values(**registration)
                    .on_conflict_do_nothing(index_elements=["uid"])
                )
            if rows:
                session.execute(
                    insert(ClassLogEntry)
                    .values(rows)
                    .on_conflict_do_nothing(index_elements=["attempt_uid", "seq"])
                )
        item.registered = True
        if rows:
            self._last_contact = time.monotonic()
            item.sent_upto = rows[-1]["seq"]
            if self.on_sent is not None:
                self.on_sent(item.path, item.sent_upto)
        if len(rows) == BATCH or not ended:
            return False
        if sealed is None:
            with _local(item.path, item.reader()) as local:
                last = local.scalar(select(ChainLink).order_by(ChainLink.id.desc()).limit(1))
                seal = last.hash if last is not None and last.kind == SEAL else None
        else:
            seal = sealed.hash
        with server.session() as session:
            session.execute(
                update(ClassAttempt)
                .where(ClassAttempt.uid == item.uid)
                .values(
                    file=attempt_bytes(item.path),
                    start_file=_start_bytes(item.path),
                    seal=seal,
                    status=status,
                    ended_at=ended_at,
                )
            )
        sent_marker(item.path).touch()
        return True


def unsent_attempts(folder: Path) -> list[Path]:
    """Class attempt files in `folder` without their `.sent` marker, oldest first."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime):
        if sent_marker(path).exists():
            continue
        try:
            with _local(path) as session:
                uid = session.scalar(
                    select(AttemptRecord.uid).order_by(AttemptRecord.id.desc()).limit(1)
                )
        except (SQLAlchemyError, sqlite3.Error):
            continue  # not an attempt file, or damaged
        if uid:
            found.append(path.resolve())
    return found


def _reader(path: Path) -> Engine:
    """A read-only engine on an attempt file (the app may be writing it meanwhile)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    # One connection, kept (each read transaction still sees the latest commit): opening a
    # connection and reading the schema again for every link would cost more than the link.
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False),
        poolclass=StaticPool,
    )


@contextmanager
def _local(path: Path, engine: Engine | None = None) -> Iterator[Session]:
    """A read-only session on an attempt file: on `engine` (kept by the caller) or on one
    made for this session alone."""
    own = engine is None
    reader = _reader(path) if engine is None else engine
    try:
        with Session(reader) as session:
            yield session
    finally:
        if own:
            reader.dispose()


def _wall_end(attempt: AttemptRecord) -> datetime | None:
    """The end on the computer's clock (UTC) as wall_times works it out, never later than
    now (a lab seat sends it when it sees the end); the file's own end for an old file."""
    start, end = wall_times(attempt)
    if start is None:
        return attempt.ended_at
    now = datetime.now(UTC).replace(tzinfo=None)
    return None if end is None else min(end, now)


def _registration(attempt: AttemptRecord, seat: str, student: str = "") -> dict[str, Any]:
    return {
        "uid": attempt.uid,
        "student_id": _roster_id(student, attempt.trainee),
        "student_name": attempt.trainee,
        "assignment_id": attempt.assignment_id,
        "scenario_id": attempt.scenario_id,
        "pack_hash": attempt.content_hash,
        "mode": attempt.mode,
        "variant": attempt.variant,
        "seat": seat,
        "source": "lab",
        "started_at": attempt.wall_started_at or attempt.started_at,
        "status": "running",
        "problem": "",
    }


def _roster_id(login: str, trainee: str) -> Any:
    """The roster id of the student who plays: by login when known, else the one whose login
    or (only if no login matches) name is the attempt's trainee; NULL when not on the roster."""
    if login:
        return select(Student.id).where(Student.login == login).scalar_subquery()
    return (
        select(Student.id)
        .where(or_(Student.login == trainee, Student.name == trainee))
        .order_by(case((Student.login == trainee, 0), else_=1), Student.id)
        .limit(1)
        .scalar_subquery()
    )


def _log_row(session: Session, attempt: AttemptRecord, link: ChainLink) -> dict[str, Any]:
    return {
        "attempt_uid": attempt.uid,
        "seq": link.id,
        "kind": link.kind,
        "label": link.label,
        "content": canonical(link_content(session, attempt, link)).decode(),
        "hash": link.hash,
        "received_at": datetime.now(UTC).replace(tzinfo=None),
    }


def link_content(session: Session, attempt: AttemptRecord, link: ChainLink) -> dict[str, Any]:
    """What a link covers, as the chain hashed it (for the seal: the attempt as it is now)."""
    if link.kind == START:
        return start_content(attempt, link.ref)
    if link.kind == ACTION:
        record = session.get(ActionRecord, link.ref)
        return {} if record is None else action_content(record)
    if link.kind == EVENT:
        fired = session.get(FiredEvent, link.ref)
        return {} if fired is None else event_content(session, fired)
    if link.kind == NAME:
        ref = link.label.removeprefix("name ")
        refs = json.loads(attempt.refs)
        return {"ref": ref, "record_id": refs.get(ref), "kind": refs.get(KINDS_KEY, {}).get(ref)}
    if link.kind == SEAL:
        return _sealed(session, attempt)
    return {}


def _start_bytes(path: Path) -> bytes | None:
    """The attempt's start snapshot (the clinic as it started), if it is beside it,
    compressed: a whole clinic per attempt, sent by a room of seats at the end of class,
    would otherwise slow every seat's other links (gradebook_view.start_snapshot reads it)."""
    start = snapshot_path(path)
    try:
        return zlib.compress(start.read_bytes(), 1) if start.is_file() else None
    except OSError:
        return None  # the review then says it cannot list the changes


def _plain(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError):
        return str(exc.orig).strip().splitlines()[0] if exc.orig else "the server went away"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
