"""`ehr-sim class loadtest`: many simulated lab machines playing at once against one class
server, through the same sending code a lab machine runs (ClassSync).

Each client is a thread with its own attempt file (a real attempt of the core pack's
reschedule scenario, started with a class uid) and its own ClassSync (its own background
thread and connection to the server). It performs real trainee actions (opening charts,
through the gateway: logged, chained, written to its attempt file) one after another with a
short pause between them, and nudges its sender after each. At the end every client ends its
attempt (the seal), waits until its sender has put everything on the server, and the server's
log is compared with each local chain, link by link.

What the figures measure:
- `p50_ms` / `p99_ms`: an action's delivery time: from the moment its link is committed in
  the local attempt file to the moment the server has committed it, for actions written
  while the client's sender was connected and delivered without an offline spell between.
- `queued`: actions written while the server was away (or delivered after an offline spell):
  they wait in the file and are sent when it returns, so their time says how long the
  server was away, not how fast sending is; they are counted, not timed.
- `lost`: links in a local chain the server does not hold (or holds with another hash);
  `duplicated`: links the server holds twice or that no local chain has.

At the end (after the comparison) the run removes from the class database what it made:
the class_log, class_attempts (and any class_grades) rows of the attempt uids it created,
and nothing else, so the gradebook and `class regrade` never list the "Load Test NNN"
attempts; `keep=True` (`--keep`) leaves them there to look at.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from uuid import uuid4

from sqlalchemy import delete, func, select

from ehr_sim.app.classroom.store import open_class
from ehr_sim.app.classroom.sync import CONNECTED, ClassSync
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import ViewChart
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.places import find_packs
from ehr_sim.records.classroom import ClassAttempt, ClassGrade, ClassLogEntry
from ehr_sim.records.integrity import ChainLink

PACK_ID, SCENARIO_PREFIX = "core", "reschedule"
PLAY_DATE = date(2026, 11, 23)
SWITCH_SECONDS = 0.001


@dataclass(frozen=True)
class LoadResult:
    clients: int
    actions: int
    p50_ms: float
    p99_ms: float
    lost: int
    duplicated: int
    queued: int
    links: int  # links on the server for the run's attempts (start, actions, seal)
    offline_spells: int  # times a client found the server gone
    unsent_files: int  # attempts whose sealed file did not reach the server

    def json_line(self) -> str:
        return json.dumps(asdict(self))


@dataclass
class _Client:
    number: int
    path: Path
    uid: str
    run: ScenarioRun
    sync: ClassSync | None = None
    written: dict[int, tuple[float, int]] = field(default_factory=dict)  # seq: (t, spells)
    latencies: list[float] = field(default_factory=list)
    queued: int = 0
    actions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sent(self, _path: Path, upto: int) -> None:
        now = time.perf_counter()
        spells = self.sync.offline_spells if self.sync is not None else 0
        with self.lock:
            for seq in [s for s in self.written if s <= upto]:
                at, spells_then = self.written.pop(seq)
                if spells_then == -1 or spells != spells_then:
                    self.queued += 1
                else:
                    self.latencies.append((now - at) * 1000)


def core_pack() -> LoadedPack:
    for folder in find_packs(Path(tempfile.gettempdir()) / "ehr-sim-no-data"):
        if folder.path.name == PACK_ID or folder.origin == "built-in":
            loaded = load_pack(folder.path).pack
            if loaded is not None and loaded.manifest.id == PACK_ID:
                return loaded
    raise RuntimeError("the built-in core pack is missing from this installation")


def run_loadtest(
    url: str,
    clients: int,
    seconds: float,
    *,
    think_seconds: float = 1.0,
    drain_seconds: float = 120.0,
    folder: Path | None = None,
    keep: bool = False,
) -> LoadResult:
    """Drive `clients` simulated lab machines for `seconds`; ClassProblem when the class
    database cannot be opened at the start. Unless `keep`, the attempts it made are removed
    from the class database at the end (also when it fails half way)."""
    open_class(url).close()  # a plain ClassProblem now rather than forty offline clients
    # Every client shares this one interpreter (a lab has one per seat): switch threads
    # every millisecond rather than every 5, so one client's action does not hold another's
    # sending for whole 5 ms slices.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_SECONDS)
    own = folder is None
    work = Path(tempfile.mkdtemp(prefix="ehr-sim-loadtest-")) if folder is None else folder
    made: list[str] = []
    try:
        return _run(url, clients, seconds, think_seconds, drain_seconds, work, made)
    finally:
        sys.setswitchinterval(switch)
        if not keep:
            remove_attempts(url, made)
        if own:
            shutil.rmtree(work, ignore_errors=True)


def remove_attempts(url: str, uids: list[str]) -> int:
    """Remove the class attempts with these uids (their log, grades and rows) from the class
    database; returns how many attempt rows went. Nothing else is touched."""
    if not uids:
        return 0
    server = open_class(url)
    try:
        with server.session() as session:
            ids = select(ClassAttempt.id).where(ClassAttempt.uid.in_(uids)).scalar_subquery()
            session.execute(delete(ClassGrade).where(ClassGrade.attempt_id.in_(ids)))
            session.execute(delete(ClassLogEntry).where(ClassLogEntry.attempt_uid.in_(uids)))
            gone = session.execute(delete(ClassAttempt).where(ClassAttempt.uid.in_(uids)))
            return int(getattr(gone, "rowcount", 0) or 0)
    finally:
        server.close()


def _run(
    url: str,
    count: int,
    seconds: float,
    think: float,
    drain: float,
    work: Path,
    made: list[str],
) -> LoadResult:
    pack = core_pack()
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith(SCENARIO_PREFIX))
    patients = scenario.world.patients
    clients: list[_Client] = []
    for number in range(count):
        path, uid = work / f"client-{number:03}.db", str(uuid4())
        made.append(uid)
        run = ScenarioRun.start(
            path,
            pack,
            scenario,
            play_date=PLAY_DATE,
            running=False,
            trainee=f"Load Test {number:03}",
            uid=uid,
            world_cache=work / "worlds",
        )
        clients.append(_Client(number, path, uid, run))
    for client in clients:
        client.sync = ClassSync(
            url, seat=f"loadtest-{client.number:03}", retry_seconds=0.25, on_sent=client.sent
        ).start()
        client.sync.watch(client.path)
    for client in clients:  # every seat on the server (its start sent) before anyone acts
        assert client.sync is not None
        client.sync.wait_connected(drain)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_act, args=(c, deadline, think, patients), daemon=True)
        for c in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.run.end()
        assert client.sync is not None
        client.sync.nudge()
    for client in clients:
        assert client.sync is not None
        client.sync.wait_all_sent(drain)
        client.sync.close()
        client.run.close()
    return _compare(url, clients)


def _act(client: _Client, deadline: float, think: float, patients: int) -> None:
    """One lab machine's trainee: an action, then a short pause, until the deadline."""
    sync, pick = client.sync, random.Random(client.number)
    assert sync is not None
    time.sleep(pick.uniform(0, think))  # not all forty in step
    while time.monotonic() < deadline:
        client.run.gateway.perform(ViewChart(patient_id=pick.randint(1, max(1, patients))))
        with client.run.db.reading() as session:
            seq = session.scalar(select(func.max(ChainLink.id))) or 0
        connected = sync.state().state == CONNECTED
        with client.lock:
            client.written[seq] = (time.perf_counter(), sync.offline_spells if connected else -1)
            client.actions += 1
        sync.nudge()
        time.sleep(think)


def _compare(url: str, clients: list[_Client]) -> LoadResult:
    lost = duplicated = links = unsent = 0
    server = open_class(url)
    try:
        with server.session() as session:
            for client in clients:
                local = _local_chain(client.path)
                held = list(
                    session.execute(
                        select(ClassLogEntry.seq, ClassLogEntry.hash).where(
                            ClassLogEntry.attempt_uid == client.uid
                        )
                    )
                )
                links += len(held)
                on_server: dict[int, str] = {}
                for seq, hash_ in held:
                    if seq in on_server:
                        duplicated += 1
                    on_server[seq] = hash_
                lost += sum(1 for seq, hash_ in local.items() if on_server.get(seq) != hash_)
                duplicated += sum(1 for seq in on_server if seq not in local)
                row = session.scalars(
                    select(ClassAttempt.file).where(ClassAttempt.uid == client.uid)
                ).first()
                unsent += row is None
    finally:
        server.close()
    latencies = [ms for c in clients for ms in c.latencies]
    return LoadResult(
        clients=len(clients),
        actions=sum(c.actions for c in clients),
        p50_ms=_percentile(latencies, 50),
        p99_ms=_percentile(latencies, 99),
        lost=lost,
        duplicated=duplicated,
        queued=sum(c.queued for c in clients),
        links=links,
        offline_spells=sum(c.sync.offline_spells for c in clients if c.sync is not None),
        unsent_files=unsent,
    )


def _local_chain(path: Path) -> dict[int, str]:
    """The local chain of an attempt file: {link number: hash}."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            int(seq): str(hash_) for seq, hash_ in con.execute("SELECT id, hash FROM attempt_chain")
        }
    finally:
        con.close()


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return round(values[0], 1)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[percent - 1] if percent < 100 else max(values), 1)
