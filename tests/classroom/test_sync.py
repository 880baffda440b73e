"""A lab machine's attempt reaches the class server link by link, and nothing is lost or
sent twice when the server goes away mid-class and comes back."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.classroom.gradebook_view import start_snapshot
from ehr_sim.app.classroom.store import open_class
from ehr_sim.app.classroom.sync import (
    CONNECTED,
    OFFLINE,
    ClassSync,
    SyncState,
    sent_marker,
    unsent_attempts,
)
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import ViewChart
from ehr_sim.packs.loader import load_pack
from ehr_sim.records.classroom import ClassAttempt, ClassLogEntry

from ..scenarios.conftest import CORE
from .conftest import ClassServer, PostgresProcess

WAIT = 60.0


def start_run(path: Path, uid: str) -> ScenarioRun:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    return ScenarioRun.start(
        path,
        pack,
        scenario,
        play_date=date(2026, 11, 23),
        running=False,
        trainee="Ana Lopez",
        uid=uid,
        assignment_id=None,
        variant=7,
        world_cache=path.parent / "worlds",
    )


def local_chain(path: Path) -> list[tuple[int, str, str]]:
    con = sqlite3.connect(path)
    try:
        return list(con.execute("SELECT id, kind, hash FROM attempt_chain ORDER BY id"))
    finally:
        con.close()


def wait_for(sync: ClassSync, state: str, waiting: int | None = None) -> SyncState:
    import time

    for _ in range(int(WAIT * 20)):
        seen = sync.state()
        if seen.state == state and waiting in (None, seen.waiting):
            return seen
        sync.nudge()
        time.sleep(0.05)
    raise AssertionError(f"the sync never became {state}: {sync.state()}")


def test_links_made_while_the_server_was_killed_reach_it_once_each_after_it_restarts(
    tmp_path: Path, own_class_server: PostgresProcess
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    path, uid = tmp_path / "attempt.db", str(uuid.uuid4())
    run = start_run(path, uid)
    sync = ClassSync(url, seat="lab-07", retry_seconds=0.2).start()
    try:
        sync.watch(path)
        for patient in (1, 2, 3):
            run.perform(ViewChart(patient_id=patient))
            sync.nudge()
        wait_for(sync, CONNECTED, waiting=0)
        own_class_server.stop("immediate")
        for patient in (4, 5, 6, 7):
            run.perform(ViewChart(patient_id=patient))
            sync.nudge()
        offline = wait_for(sync, OFFLINE)
        assert "kept on this computer" in offline.words()
        own_class_server.start()
        run.perform(ViewChart(patient_id=8))
        run.end()
        sync.nudge()
        assert sync.wait_all_sent(WAIT), sync.state()
    finally:
        sync.close()
        run.close()

    local = local_chain(path)
    server = open_class(url)
    try:
        with server.session() as session:
            logged = list(
                session.execute(
                    select(
                        ClassLogEntry.seq,
                        ClassLogEntry.kind,
                        ClassLogEntry.hash,
                        ClassLogEntry.content,
                    )
                    .where(ClassLogEntry.attempt_uid == uid)
                    .order_by(ClassLogEntry.seq)
                )
            )
            attempt = session.scalars(select(ClassAttempt).where(ClassAttempt.uid == uid)).one()
            assert (attempt.student_name, attempt.seat, attempt.variant) == (
                "Ana Lopez",
                "lab-07",
                7,
            )
            assert attempt.status == "stopped" and attempt.ended_at is not None
            assert attempt.seal == local[-1][2] and local[-1][1] == "seal"
            assert attempt.start_file is not None
            assert start_snapshot(attempt.start_file) == Path(f"{path}.start").read_bytes()
            kept = attempt.file
    finally:
        server.close()
    assert [(seq, kind, hash_) for seq, kind, hash_, _ in logged] == local
    assert sum(1 for _, kind, _, _ in logged if kind == "action") >= 8
    actions = [json.loads(content) for _, kind, _, content in logged if kind == "action"]
    assert [a["action_type"] for a in actions].count("ViewChart") == 8
    assert kept is not None and kept.startswith(b"SQLite format 3\x00")
    assert sent_marker(path).exists()
    assert unsent_attempts(tmp_path) == []


def test_an_attempt_left_unsent_by_a_closed_app_is_sent_at_the_next_start(
    tmp_path: Path, own_class_server: PostgresProcess
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    own_class_server.stop("immediate")
    path, uid = tmp_path / "attempts" / "a.db", str(uuid.uuid4())
    path.parent.mkdir()
    run = start_run(path, uid)
    offline = ClassSync(url, retry_seconds=0.2).start()
    offline.watch(path)
    run.perform(ViewChart(patient_id=1))
    run.end()
    offline.nudge()
    assert wait_for(offline, OFFLINE, waiting=len(local_chain(path))).waiting > 0
    offline.close()
    run.close()
    assert unsent_attempts(path.parent) == [path.resolve()]

    own_class_server.start()
    later = ClassSync(url, retry_seconds=0.2).start()
    try:
        assert later.watch_folder(path.parent) == [path.resolve()]
        assert later.wait_all_sent(WAIT), later.state()
    finally:
        later.close()
    server = open_class(url)
    try:
        with server.session() as session:
            hashes = list(
                session.scalars(
                    select(ClassLogEntry.hash)
                    .where(ClassLogEntry.attempt_uid == uid)
                    .order_by(ClassLogEntry.seq)
                )
            )
    finally:
        server.close()
    assert hashes == [h for _, _, h in local_chain(path)]
    assert sent_marker(path).exists()


def test_a_home_attempt_without_a_class_uid_is_never_sent(tmp_path: Path) -> None:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = pack.scenarios[0].scenario
    path = tmp_path / "home.db"
    ScenarioRun.start(path, pack, scenario, play_date=date(2026, 11, 23), running=False).close()
    assert unsent_attempts(tmp_path) == []


def state_without_nudging(sync: ClassSync, state: str) -> SyncState:
    """Wait for `state` without any action or nudge: what the sender notices by itself."""
    import time

    for _ in range(int(WAIT * 20)):
        seen = sync.state()
        if seen.state == state:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"the sync never became {state} by itself: {sync.state()}")


def test_an_idle_seat_notices_by_itself_that_the_server_went_away_and_came_back(
    tmp_path: Path, own_class_server: PostgresProcess
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    path = tmp_path / "attempt.db"
    run = start_run(path, str(uuid.uuid4()))
    sync = ClassSync(url, seat="lab-07", retry_seconds=0.2).start()
    try:
        sync.watch(path)
        assert wait_for(sync, CONNECTED, waiting=0).all_sent  # the start is on the server
        own_class_server.stop("immediate")  # nothing is being sent: the student only reads
        gone = state_without_nudging(sync, OFFLINE)
        assert gone.words() == "Class server offline — nothing waiting to be sent"
        own_class_server.start()
        assert state_without_nudging(sync, CONNECTED).all_sent
    finally:
        sync.close()
        run.close()


def test_a_lab_attempts_end_reaches_the_server_on_the_computers_clock_not_the_clinics(
    tmp_path: Path, own_class_server: PostgresProcess
) -> None:
    from datetime import UTC, datetime

    url = ClassServer(own_class_server.port).url("class_sync")
    path, uid = tmp_path / "attempt.db", str(uuid.uuid4())
    run = start_run(path, uid)  # the clinic's day is 2026-11-23
    before = datetime.now(UTC).replace(tzinfo=None)
    sync = ClassSync(url, seat="lab-07", retry_seconds=0.2).start()
    try:
        sync.watch(path)
        run.gateway.clock.advance(minutes=65)  # an hour of clinic time went by
        run.end()
        sync.nudge()
        assert sync.wait_all_sent(WAIT)
    finally:
        sync.close()
        run.close()
    after = datetime.now(UTC).replace(tzinfo=None)
    server = open_class(url)
    try:
        with server.session() as session:
            row = session.scalars(select(ClassAttempt).where(ClassAttempt.uid == uid)).one()
            started, ended = row.started_at, row.ended_at
    finally:
        server.close()
    assert ended is not None
    # both on the computer's clock (UTC): the end no later than when it was sent
    assert before - timedelta(minutes=1) <= started <= ended <= after
