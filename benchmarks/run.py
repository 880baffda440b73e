"""EHR Sim benchmarks: each result is a ratio against a baseline measured in the same run.

    python benchmarks/run.py            # full run (builds a 100k-patient clinic: a few minutes)
    python benchmarks/run.py --quick    # under a minute, smaller samples and a 20k-patient clinic

Prints one JSON object per line: {"name", "value", "unit", "baseline", "ratio", "target"}.
These machines are noisy: read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from ehr_sim.api import open_clinic
from ehr_sim.app.queries.patients import search_patients
from ehr_sim.app.queries.schedule import find_open_slots
from ehr_sim.domain.actions import BookAppointment
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.world import WorldSpec, build_world

TODAY = date(2026, 11, 23)  # a Monday; fixed so runs compare


def emit(name: str, value: float, unit: str, baseline: float, target: str) -> None:
    ratio = value / baseline if baseline else float("inf")
    print(
        json.dumps(
            {
                "name": name,
                "value": round(value, 3),
                "unit": unit,
                "baseline": round(baseline, 3),
                "ratio": round(ratio, 2),
                "target": target,
            }
        ),
        flush=True,
    )


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(path: Path, patients: int) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(sqlite_url(path))
    began = time.perf_counter()
    build_world(db, WorldSpec(seed=7, patients=patients, today=TODAY))
    elapsed = time.perf_counter() - began
    db.close()
    return elapsed


# -- startup --------------------------------------------------------------------------
BARE_QT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1400, 860)
window.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""


def launch_seconds(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launch to each marker line the process prints ('ready', 'loaded')."""
    began = time.perf_counter()
    marks: dict[str, float] = {}
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            marks[line.strip()] = time.perf_counter() - began
        process.wait(timeout=120)
        if "ready" not in marks:
            raise RuntimeError(f"{command} did not get ready: {process.stderr.read()[-2000:]}")
    return marks


def bench_startup(clinic: Path, runs: int) -> None:
    """Launch to an interactive window, and to the clinic's schedule on screen, vs bare Qt."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EHR_SIM_EXIT_WHEN_READY": "1"}
    app = [sys.executable, "-m", "ehr_sim", "--db", str(clinic)]
    bare = [sys.executable, "-c", BARE_QT]
    launch_seconds(app, env)  # warm the file cache for both
    launch_seconds(bare, env)
    ready, loaded, base = [], [], []
    for _ in range(runs):  # interleaved, so drift hits both alike
        marks = launch_seconds(app, env)
        ready.append(marks["ready"])
        loaded.append(marks["loaded"])
        base.append(launch_seconds(bare, env)["ready"])
    baseline = statistics.median(base)
    emit("startup", statistics.median(ready), "s", baseline, "ratio <= 1.5")
    emit("startup_loaded", statistics.median(loaded), "s", baseline, "value <= 1.0 s")


def bench_integrity_check(clinic: Path, runs: int) -> None:
    """Opening checks the file read-only first (schema, PRAGMA quick_check) — part of startup;
    the baseline reads the same file's bytes once, the least any whole-file check costs."""
    from ehr_sim.records.database import inspect_file

    inspect_file(clinic)  # warm the file cache for both
    ours, base = [], []
    for _ in range(runs):
        began = time.perf_counter()
        inspect_file(clinic)
        ours.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        clinic.read_bytes()
        base.append((time.perf_counter() - began) * 1000)
    emit(
        "integrity_check",
        statistics.median(ours),
        "ms",
        statistics.median(base),
        "reported; counted in startup_loaded",
    )


def bench_referrals_worklist(clinic: Path, runs: int) -> None:
    """The Referrals area's work list (every referral and prior authorisation, sorted) against
    the bare SQL join of the same rows."""
    from ehr_sim.app.queries.referrals import work_list

    db = open_database(sqlite_url(clinic))
    bare = sqlite3.connect(clinic)
    sql = (
        "SELECT * FROM referrals r JOIN patients p ON p.id = r.patient_id "
        "JOIN specialists s ON s.id = r.specialist_id; "
    )
    ours, base = [], []
    try:
        for _ in range(runs):
            began = time.perf_counter()
            work_list(db, TODAY)
            ours.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            bare.execute(sql).fetchall()
            bare.execute(
                "SELECT * FROM prior_auths a JOIN patients p ON p.id = a.patient_id"
            ).fetchall()
            base.append((time.perf_counter() - began) * 1000)
    finally:
        bare.close()
        db.close()
    emit(
        "referrals_worklist",
        statistics.median(ours),
        "ms",
        statistics.median(base),
        "<= 100 ms on the 2,000-patient clinic",
    )


# -- patient search ---------------------------------------------------------------------
def typed_queries(clinic: Path, count: int) -> list[str]:
    """What trainees type: growing prefixes of real names, 'Last, First', DOBs, phones, MRNs."""
    with sqlite3.connect(clinic) as con:
        rows = con.execute(
            "SELECT last_name, first_name, dob, phone_digits, mrn FROM patients "
            "ORDER BY (id * 7919) % 1000 LIMIT ?",
            (count,),
        ).fetchall()
    queries = []
    for last, first, dob, phone, mrn in rows:
        queries += [last[:n] for n in range(1, min(len(last), 5) + 1)]
        queries += [f"{last}, {first[:2]}", f"{first[:3]} {last[:3]}"]
        queries += [date.fromisoformat(dob).strftime("%m/%d/%Y"), phone[:6], mrn]
    return queries


def bench_search(clinic: Path, count: int) -> None:
    db = open_database(sqlite_url(clinic))
    raw = sqlite3.connect(clinic)
    queries = typed_queries(clinic, count)
    for q in queries[:50]:  # warm caches for both paths
        search_patients(db, q)
    ours, base = [], []
    for q in queries:
        began = time.perf_counter()
        rows = search_patients(db, q)
        ours.append((time.perf_counter() - began) * 1000)
        ids = [r.id for r in rows]
        if not ids:
            continue
        # Baseline: the same rows fetched by primary key with a bare prepared statement.
        marks = ",".join("?" * len(ids))
        began = time.perf_counter()
        raw.execute(
            f"SELECT id, mrn, first_name, last_name, dob, sex, phone FROM patients "
            f"WHERE id IN ({marks}) ORDER BY last_norm, first_norm, id",
            ids,
        ).fetchall()
        base.append((time.perf_counter() - began) * 1000)
    emit("patient_search_p95", percentile(ours, 95), "ms", percentile(base, 95), "p95 <= 10 ms")
    raw.close()
    db.close()


# -- action ----------------------------------------------------------------------------
def bench_action(clinic: Path, count: int) -> None:
    # The public surface a lab script would use: the same gateway, one transaction per action.
    opened = open_clinic(clinic, at=datetime.combine(TODAY, datetime.min.time()), actor="bench")
    db = opened.database
    slots = []
    for provider_id, type_id in ((1, 1), (2, 1), (3, 1), (4, 1), (1, 5), (2, 5)):
        slots += [
            (provider_id, type_id, s.start)
            for s in find_open_slots(
                db,
                provider_id=provider_id,
                type_id=type_id,
                after=datetime(2026, 11, 24, 8),
                count=count,
            )
        ]
    ours = []
    booked = 0
    patient = 1
    warmup = 5  # the first actions load reference data and warm SQLAlchemy's caches
    for provider_id, type_id, start in slots:
        if booked >= count + warmup:
            break
        action = BookAppointment(
            patient_id=patient, provider_id=provider_id, type_id=type_id, start=start
        )
        began = time.perf_counter()
        outcome = opened.perform(action)
        elapsed = (time.perf_counter() - began) * 1000
        patient += 1
        if outcome.done:
            ours.append(elapsed)
            booked += 1
    opened.close()
    ours = ours[warmup:]
    print(f"# action: median {statistics.median(ours):.2f} ms over {len(ours)}", file=sys.stderr)
    base = bare_insert_ms(count + warmup)[warmup:]
    emit("action_p99", percentile(ours, 99), "ms", percentile(base, 99), "p99 <= 5 ms")


def bare_insert_ms(count: int) -> list[float]:
    """Baseline: one durable (WAL, synchronous=FULL) single-row insert + commit, bare sqlite3."""
    folder = Path(tempfile.mkdtemp())
    con = sqlite3.connect(folder / "bare.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, patient INT, start TEXT, note TEXT)")
    samples = []
    for i in range(count):
        began = time.perf_counter()
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO t (patient, start, note) VALUES (?, ?, ?)",
            (i, (datetime(2026, 11, 24, 8) + timedelta(minutes=15 * i)).isoformat(), "x" * 60),
        )
        con.execute("COMMIT")
        samples.append((time.perf_counter() - began) * 1000)
    con.close()
    shutil.rmtree(folder)
    return samples


# -- living clinic -------------------------------------------------------------------------
def bench_clinic_tick(clinic: Path, days: int) -> None:
    """One clock tick of the living clinic with a whole booked day running: ticks every 5
    simulated seconds (the fastest scenario clock, 10x, ticked every 500 ms) from 07:30 to
    18:00, so the p99 falls on ticks where colleagues act. Baseline: one durable single-row
    commit in bare sqlite3 (the action_p99 baseline)."""
    from ehr_sim.app.clock import SimClock
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.app.living_clinic import LivingClinic

    ours: list[float] = []
    acted = 0
    for i in range(days):
        copy = clinic.with_name(f"clinic-tick{i}.db")
        shutil.copy(clinic, copy)
        db = open_database(sqlite_url(copy))
        clock = SimClock(datetime.combine(TODAY, datetime.min.time()).replace(hour=7, minute=30))
        clock.pause()
        living = LivingClinic.for_practice(Gateway(db, clock))
        living.tick()  # plans the day
        while clock.now().hour < 18:
            clock.set(clock.now() + timedelta(seconds=5))
            began = time.perf_counter()
            acted += bool(living.tick())
            ours.append((time.perf_counter() - began) * 1000)
        living.close()
        db.close()
    print(f"# clinic_tick: {len(ours)} ticks, {acted} with colleagues acting", file=sys.stderr)
    base = bare_insert_ms(200)[5:]
    emit("clinic_tick_p99", percentile(ours, 99), "ms", percentile(base, 99), "p99 <= 5 ms")


def bench_phone_tick(clinic: Path, days: int) -> None:
    """One tick of the office phone with five lines busy: lines 1-3 active, on hold and at a
    patient's voicemail, line 4 ringing unanswered (a scenario's call, which never rings
    out), and the day's callers ringing on line 5 (6 when two overlap) until they ring out,
    so two ring at once. Ticks every 5 simulated seconds through phone hours; the p99 is of
    the ticks where the phone rang or hung up (the others only compare times). Baseline: one
    durable single-row commit in bare sqlite3 (the action_p99 baseline)."""
    from ehr_sim.app.clock import SimClock
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.app.handlers.call_log import log_call
    from ehr_sim.app.office_phone import OfficePhone
    from ehr_sim.domain.actions import HoldCall, PlaceCall
    from ehr_sim.engine.phone_day import PHONES_CLOSE, PHONES_OPEN, Reach, reach
    from ehr_sim.records import ClinicSetting, Patient
    from ehr_sim.records.engine import Conversation

    acting: list[float] = []
    idle: list[float] = []
    for i in range(days):
        day = TODAY + timedelta(days=i)
        copy = clinic.with_name(f"clinic-phone{i}.db")
        shutil.copy(clinic, copy)
        db = open_database(sqlite_url(copy))
        start = datetime.combine(day, PHONES_OPEN) - timedelta(minutes=5)
        clock = SimClock(start, running=False)
        gateway = Gateway(db, clock)
        with db.reading() as s:
            seed = int(s.get(ClinicSetting, "world_seed").value)  # type: ignore[union-attr]
            people = list(s.scalars(select(Patient).order_by(Patient.id).limit(200)))
        picked = [
            next(p for p in people if reach(seed, p.id, day) is wanted)
            for wanted in (Reach.PATIENT, Reach.PATIENT, Reach.VOICEMAIL)
        ]
        calls = [gateway.perform(PlaceCall(number=p.phone, patient_id=p.id)) for p in picked]
        gateway.perform(HoldCall(conversation_id=calls[1].record_id or 0))
        with db.writing() as s:
            talk = Conversation(
                event_id="bench", kind="phone", person="Caller", node="", started_at=start
            )
            s.add(talk)
            s.flush()
            log_call(s, talk, direction="in", caller="Caller", topic="scenario")
        phone = OfficePhone(db, seed=seed)
        phone.tick(start)  # plans the day
        while clock.now().time() < PHONES_CLOSE:
            clock.set(clock.now() + timedelta(seconds=5))
            began = time.perf_counter()
            changed = phone.tick(clock.now())
            (acting if changed else idle).append((time.perf_counter() - began) * 1000)
        db.close()
    print(
        f"# phone_tick: {len(acting)} ticks ringing or hanging up (median "
        f"{statistics.median(acting):.2f} ms), {len(idle)} quiet (p99 "
        f"{percentile(idle, 99):.3f} ms)",
        file=sys.stderr,
    )
    base = bare_insert_ms(200)[5:]
    emit("phone_tick_p99", percentile(acting, 99), "ms", percentile(base, 99), "p99 <= 5 ms")


# -- grading -----------------------------------------------------------------------------
def bench_grade(runs: int) -> None:
    """Grade an attempt of 10,000 logged actions against a ten-criterion rubric."""
    from ehr_sim.grading import Attempt, LoggedAction, grade
    from ehr_sim.packs.schema import Scenario

    names = [
        "ViewChart",
        "BookAppointment",
        "RescheduleAppointment",
        "CancelAppointment",
        "ChooseResponse",
        "VerifyEligibility",
        "CollectCopay",
        "CheckInPatient",
    ]
    start = datetime(2026, 11, 23, 8)
    actions = tuple(
        LoggedAction(
            i,
            names[i % len(names)],
            {"patient_id": i % 97, "choice": f"c{i % 13}"},
            "done" if i % 11 else "refused",
            start + timedelta(seconds=i),
        )
        for i in range(10_000)
    )
    attempt = Attempt(
        started_at=start,
        day0=start.date(),
        actions=actions,
        events={"call": start + timedelta(minutes=5)},
        refs={"dana": 41},
    )
    feedback = {"met": "Well done.", "missed": "Missed."}
    conditions = [
        {"kind": "done", "match": {"action": "BookAppointment", "where": {"patient_id": "@dana"}}},
        {"kind": "not_done", "match": {"action": "CancelAppointment"}},
        {
            "kind": "done_before",
            "first": {"action": "ViewChart"},
            "then": {"action": "RescheduleAppointment"},
        },
        {
            "kind": "done_within",
            "match": {"action": "CheckInPatient"},
            "after": "call",
            "minutes": 2,
        },
        {"kind": "choice", "choice": "c5"},
        {"kind": "choice", "choice": "c99", "made": False},
        {"kind": "done", "match": {"action": "CollectCopay", "where": {"patient_id": [1, 2, 3]}}},
        {"kind": "done", "match": {"action": "VerifyEligibility", "outcome": "refused"}},
        {"kind": "not_done", "match": {"action": "MarkNoShow"}},
        {"kind": "done", "match": {"action": "ViewChart", "where": {"patient_id": 5}}},
    ]
    scenario = Scenario.model_validate(
        {
            "id": "bench",
            "title": "Benchmark",
            "briefing": "Ten criteria over a long log.",
            "difficulty": "advanced",
            "duration_minutes": 60,
            "skills": ["scheduling"],
            "world": {"time_limit_minutes": 240},
            "complete_when": [conditions[0]],
            "rubric": [
                {
                    "id": f"c{i}",
                    "title": f"criterion {i}",
                    "when": c,
                    "points": 10,
                    "skill": "scheduling",
                    "feedback": feedback,
                }
                for i, c in enumerate(conditions)
            ],
            "endings": {"completed": "Done.", "critical": "Stopped.", "out_of_time": "Time."},
            "plays": [
                {"name": "a", "expect_score": 100, "steps": [{"at": "T+0", "do": "ViewChart"}]},
                {"name": "b", "expect_score": 0, "steps": [{"at": "T+0", "do": "ViewChart"}]},
            ],
        }
    )
    ours, base = [], []
    for _ in range(runs):
        began = time.perf_counter()
        grade(scenario, attempt)
        ours.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        # Baseline: one bare pass over the log per criterion, comparing action names.
        for condition in conditions:
            wanted = condition.get("match", {}).get("action", "ChooseResponse")
            sum(1 for a in actions if a.action == wanted and a.outcome == "done")
        base.append((time.perf_counter() - began) * 1000)
    emit("grade_10k", statistics.median(ours), "ms", statistics.median(base), "value <= 50 ms")


def bench_adjudicate(runs: int) -> None:
    """Adjudicate 10,000 claims (two lines each, every rule checked) against a bare pass
    that sums the same lines' charges."""
    from ehr_sim.domain.adjudication import (
        Accumulator,
        ClaimFacts,
        PlanRules,
        ServiceLine,
        adjudicate,
        duplicate_key,
    )

    plan = PlanRules(
        fee_schedule={"99213": 9800, "99214": 14500, "87880": 2400, "93000": 4000},
        deductible_cents=150000,
        coinsurance_percent=20,
        copay_cents=2500,
        requires_prior_auth=True,
    )
    day = date(2026, 6, 1)
    claims = [
        ClaimFacts(
            member_id=f"XJH{i % 3000:07d}",
            service_date=day + timedelta(days=i % 150),
            received_on=day + timedelta(days=i % 150 + 2),
            lines=(
                ServiceLine(1, "99213" if i % 2 else "99214", 13000, diagnoses=("J02.0",)),
                ServiceLine(2, "87880" if i % 3 else "93000", 3500, ("QW",), ("J02.0",)),
            ),
            coverage_start=date(2026, 1, 1),
        )
        for i in range(10_000)
    ]
    ours, base = [], []
    for _ in range(runs):
        began = time.perf_counter()
        totals: dict[str, Accumulator] = {}
        seen: set[object] = set()
        for claim in claims:
            key = duplicate_key(claim)
            decision = adjudicate(
                claim, plan, totals.get(claim.member_id, Accumulator()), duplicate=key in seen
            )
            seen.add(key)
            totals[claim.member_id] = decision.accumulator
        ours.append(time.perf_counter() - began)
        began = time.perf_counter()
        sum(line.charge_cents for claim in claims for line in claim.lines)
        base.append(time.perf_counter() - began)
    emit(
        "adjudicate_10k",
        statistics.median(ours),
        "s",
        statistics.median(base),
        "value <= 2 s",
    )


# -- scenario load -----------------------------------------------------------------------
def bench_clearinghouse(runs: int) -> None:
    """The clearinghouse's front-end edits over 10,000 two-line claims (a big night's batch)."""
    import dataclasses

    from ehr_sim.domain.clearinghouse import Submission, SubmittedLine, front_end_edits

    seen = date(2026, 11, 20)
    claim = Submission(
        claim_id=1,
        sent_on=TODAY,
        payer="Meridian Health",
        member_id="XJH4002187",
        member_id_pattern=r"[A-Z]{3}\d{7,8}",
        member_id_example="XJH4002187",
        patient_name="Tran, Lily",
        patient_dob=date(2017, 7, 6),
        patient_sex="F",
        insured_name="Daniel Tran",
        relationship="child",
        billing_npi="1245367820",
        rendering_npi="1234567893",
        tax_id="31-4820917",
        service_date=seen,
        diagnoses=("J020",),
        lines=(
            SubmittedLine(1, seen, "99213", 1, ("A",), 13000),
            SubmittedLine(2, seen, "87880", 1, ("A",), 3500),
        ),
        total_cents=16500,
    )
    batch = [dataclasses.replace(claim, claim_id=n) for n in range(10_000)]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        rejected = sum(1 for one in batch if front_end_edits(one))
        samples.append(time.perf_counter() - started)
        assert rejected == 0
    emit("clearinghouse_10k", min(samples), "s", 1.0, "<= 1 s for 10,000 claims")


def bench_scenario_load(folder: Path, runs: int) -> None:
    """Validate the core pack and start its largest scenario, vs building that world bare."""
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    core = Path(__file__).resolve().parents[1] / "scenarios" / "core"
    probe = load_pack(core)
    assert probe.pack is not None, [str(p) for p in probe.problems]
    largest = max(probe.pack.scenarios, key=lambda s: s.scenario.world.patients).scenario
    ours, base = [], []
    for i in range(runs):
        began = time.perf_counter()
        result = load_pack(core)
        assert result.pack is not None
        scenario = next(s.scenario for s in result.pack.scenarios if s.scenario.id == largest.id)
        run = ScenarioRun.start(
            folder / f"attempt{i}.db", result.pack, scenario, play_date=TODAY, running=False
        )
        run.tick()
        ours.append(time.perf_counter() - began)
        run.close()
        base.append(
            build_seeded(folder / f"bare-world{i}.db", largest.world.seed, largest.world.patients)
        )
    emit(
        "scenario_load",
        statistics.median(ours),
        "s",
        statistics.median(base),
        "reported, no target",
    )


def bench_scenario_start(folder: Path, runs: int) -> None:
    """Start the core pack's largest scenario from the world cache (built once beforehand),
    vs starting it with the world built from scratch, as every start did before the cache."""
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    core = Path(__file__).resolve().parents[1] / "scenarios" / "core"
    loaded = load_pack(core)
    assert loaded.pack is not None, [str(p) for p in loaded.problems]
    pack = loaded.pack
    scenario = max(pack.scenarios, key=lambda s: s.scenario.world.patients).scenario
    cache = folder / "worlds"

    def start(path: Path, world_cache: Path | None) -> float:
        began = time.perf_counter()
        run = ScenarioRun.start(
            path, pack, scenario, play_date=TODAY, running=False, world_cache=world_cache
        )
        run.tick()
        elapsed = time.perf_counter() - began
        run.close()
        return elapsed

    start(folder / "start-warm.db", cache)  # the first start builds the cached world
    ours = [start(folder / f"start-cached{i}.db", cache) for i in range(runs)]
    base = [start(folder / f"start-fresh{i}.db", None) for i in range(runs)]
    emit(
        "scenario_start",
        statistics.median(ours),
        "s",
        statistics.median(base),
        "value <= 0.5 s",
    )


def bench_attempt_action(folder: Path, count: int) -> None:
    """Actions in a scenario attempt, each chained to the one before (tamper evidence), vs the
    same actions in the same attempt with only the chain switched off, taken in turn; then how
    long `attempt verify` takes over the file (vs reading its log with bare sqlite3)."""
    import ehr_sim.app.gateway as gateway_module
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.app.scenarios.integrity import verify
    from ehr_sim.domain.actions import ViewChart
    from ehr_sim.packs.loader import load_pack

    core = Path(__file__).resolve().parents[1] / "scenarios" / "core"
    pack = load_pack(core).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    path = folder / "attempt-actions.db"
    run = ScenarioRun.start(
        path, pack, scenario, play_date=TODAY, running=False, world_cache=folder / "worlds"
    )
    chain = gateway_module.chain_action
    chained: list[float] = []
    plain: list[float] = []
    warmup = 5
    for i in range(2 * (count + warmup)):
        with_chain = i % 2 == 0
        gateway_module.chain_action = chain if with_chain else (lambda *_: None)
        began = time.perf_counter()
        run.gateway.perform(ViewChart(patient_id=1 + (i // 2) % 50, purpose="bench"))
        (chained if with_chain else plain).append((time.perf_counter() - began) * 1000)
    gateway_module.chain_action = chain
    chained, plain = chained[warmup:], plain[warmup:]
    print(
        f"# attempt action: median {statistics.median(chained):.2f} ms chained, "
        f"{statistics.median(plain):.2f} ms without the chain",
        file=sys.stderr,
    )
    emit(
        "attempt_action_p99",
        percentile(chained, 99),
        "ms",
        percentile(plain, 99),
        "ratio <= 1.2 (the chain costs little)",
    )
    # Only the chained half is the attempt's; drop the rest so the file verifies.
    run.close()
    with sqlite3.connect(path) as con:
        con.execute(
            "DELETE FROM action_log WHERE seq NOT IN (SELECT ref FROM attempt_chain "
            "WHERE kind = 'action') AND seq >= (SELECT ref FROM attempt_chain WHERE id = 1)"
        )
    run = ScenarioRun.resume(path, scenario, running=False)
    began = time.perf_counter()
    verdict = verify(run.db)
    ours = time.perf_counter() - began
    assert verdict.intact, verdict.message
    run.close()
    began = time.perf_counter()
    with sqlite3.connect(path) as con:
        con.execute("SELECT * FROM action_log").fetchall()
    base = time.perf_counter() - began
    emit("attempt_verify", ours * 1000, "ms", base * 1000, f"reported ({verdict.records} records)")


def build_seeded(path: Path, seed: int, patients: int) -> float:
    db = open_database(sqlite_url(path))
    began = time.perf_counter()
    build_world(db, WorldSpec(seed=seed, patients=patients, today=TODAY))
    elapsed = time.perf_counter() - began
    db.close()
    return elapsed


# -- claim files -------------------------------------------------------------------------
def bench_export_837(clinic: Path, runs: int) -> None:
    """Export 1,000 claims of the 2k clinic as an 837P file (read, build, write), vs the same
    claims' rows read with one bare sqlite3 join and written one line each."""
    from ehr_sim.app.claim_files import export_837

    with sqlite3.connect(clinic) as con:
        # Rejected claims carry the error the clearinghouse stopped: they are never exported.
        ids = [
            r[0]
            for r in con.execute(
                "SELECT id FROM claims WHERE status != 'rejected' ORDER BY id LIMIT 1000"
            )
        ]
    assert len(ids) == 1000, f"the clinic has only {len(ids)} claims"
    out = clinic.with_name("batch.837")
    ours, base = [], []
    db = open_database(sqlite_url(clinic), create=False, read_only=True)
    try:
        for _ in range(runs):
            began = time.perf_counter()
            done = export_837(db, out, ids, created_at=datetime(2026, 11, 23, 17))
            ours.append(time.perf_counter() - began)
            assert done.count == 1000
            began = time.perf_counter()
            con = sqlite3.connect(clinic)
            rows = con.execute(
                "SELECT c.id, c.member_id, c.diagnoses, l.cpt, l.charge_cents, p.last_name, "
                "p.first_name, p.dob, v.group_number FROM claims c "
                "JOIN claim_lines l ON l.claim_id = c.id JOIN patients p ON p.id = c.patient_id "
                "JOIN coverages v ON v.id = c.coverage_id WHERE c.id <= ?",
                (ids[-1],),
            ).fetchall()
            con.close()
            out.with_suffix(".bare").write_text(
                "".join(f"{'*'.join(map(str, r))}~\n" for r in rows)
            )
            base.append(time.perf_counter() - began)
    finally:
        db.close()
    emit("export_837_1k", statistics.median(ours), "s", statistics.median(base), "value <= 1 s")


# -- world -----------------------------------------------------------------------------
def bench_world(folder: Path, runs: int) -> None:
    ours = [build(folder / f"world{i}.db", 2000) for i in range(runs)]
    with sqlite3.connect(folder / "world0.db") as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    base = [bare_bulk_seconds(folder / f"bare{i}.db", rows) for i in range(runs)]
    emit("world_2k", statistics.median(ours), "s", statistics.median(base), "value <= 2 s")


def bare_bulk_seconds(path: Path, rows: int) -> float:
    """Baseline: the same number of rows written with one bare executemany in one transaction."""
    began = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INT, d TEXT)")
    with con:
        con.executemany(
            "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)",
            ((f"name{i}", "2026-11-23", i, "x" * 30) for i in range(rows)),
        )
    con.close()
    return time.perf_counter() - began


def bench_chart_prep(clinic: Path, runs: int) -> None:
    """Chart prep for a full day: the next clinic day filled to 70 visits, the list built."""
    from ehr_sim.app.queries.chart_prep import chart_prep, prep_day

    work = clinic.with_name("chart-prep.db")
    shutil.copy(clinic, work)
    day = prep_day(TODAY)
    opened = open_clinic(work, at=datetime.combine(TODAY, datetime.min.time()), actor="bench")
    db = opened.database
    patient = 1
    for provider_id in (1, 2, 3, 4):
        for slot in find_open_slots(
            db,
            provider_id=provider_id,
            type_id=1,
            after=datetime.combine(day, datetime.min.time()),
            count=40,
        ):
            if len(chart_prep(db, day)) >= 70 or slot.start.date() != day:
                break
            opened.perform(
                BookAppointment(
                    patient_id=patient, provider_id=provider_id, type_id=1, start=slot.start
                )
            )
            patient += 7
    visits = len(chart_prep(db, day))
    ours = []
    for _ in range(runs + 2):
        began = time.perf_counter()
        chart_prep(db, day)
        ours.append((time.perf_counter() - began) * 1000)
    opened.close()
    ours = ours[2:]  # the first builds warm SQLAlchemy's statement caches
    print(
        f"# chart_prep_day: {visits} visits, median {statistics.median(ours):.1f} ms",
        file=sys.stderr,
    )
    base = []
    with sqlite3.connect(work) as bare:
        for _ in range(runs):
            began = time.perf_counter()
            bare.execute(
                "SELECT a.*, p.* FROM appointments a JOIN patients p ON p.id = a.patient_id "
                "WHERE a.start >= ? AND a.start < ?",
                (f"{day} 00:00:00", f"{day + timedelta(days=1)} 00:00:00"),
            ).fetchall()
            base.append((time.perf_counter() - began) * 1000)
    emit("chart_prep_day", statistics.median(ours), "ms", statistics.median(base), "<= 100 ms")


def bench_reports(clinic: Path, runs: int) -> None:
    """The Reports area's day: the day sheet, the drawer against the posted payments and the
    denials of the last 90 days, over the generated clinic's six months of remittances."""
    from ehr_sim.app.queries.reports import day_sheet, denials, drawer_status

    opened = open_clinic(clinic, at=datetime.combine(TODAY, datetime.min.time()), actor="bench")
    db = opened.database
    ours = []
    for _ in range(runs + 2):
        began = time.perf_counter()
        sheet = day_sheet(db, TODAY)
        drawer_status(db, TODAY)
        found = denials(db, TODAY - timedelta(days=90), TODAY)
        ours.append((time.perf_counter() - began) * 1000)
    opened.close()
    ours = ours[2:]  # the first builds warm SQLAlchemy's statement caches
    print(
        f"# reports_day: {len(sheet.charges)} charges, {found.remittances} remittances, "
        f"median {statistics.median(ours):.1f} ms",
        file=sys.stderr,
    )
    base = []
    with sqlite3.connect(clinic) as bare:
        for _ in range(runs):
            began = time.perf_counter()
            bare.execute(
                "SELECT * FROM ledger_entries WHERE posted_at >= ? AND posted_at < ?",
                (f"{TODAY} 00:00:00", f"{TODAY + timedelta(days=1)} 00:00:00"),
            ).fetchall()
            bare.execute(
                "SELECT * FROM remittances r JOIN remittance_adjustments a "
                "ON a.remittance_id = r.id WHERE r.received_at >= ?",
                (f"{TODAY - timedelta(days=90)} 00:00:00",),
            ).fetchall()
            base.append((time.perf_counter() - began) * 1000)
    emit("reports_day", statistics.median(ours), "ms", statistics.median(base), "<= 250 ms")


def bench_class_loadtest(clients: int, seconds: float) -> None:
    """`ehr-sim class loadtest` against a PostgreSQL server of its own (started as the class
    tests start theirs): the p99 of an action's delivery to the server, vs the p99 of a bare
    one-row INSERT and commit on the same server (the floor of any delivery)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import psycopg
    import pytest
    from tests.classroom.conftest import ClassServer, PostgresProcess

    from ehr_sim.app.classroom import init_class_database
    from ehr_sim.app.classroom.loadtest import run_loadtest

    try:
        server = PostgresProcess()
    except pytest.skip.Exception as skipped:
        print(f"# class_loadtest_p99 skipped: {skipped}", file=sys.stderr)
        return
    server.start()
    try:
        url = ClassServer(server.port).url("bench")
        init_class_database(url)
        bare: list[float] = []
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con:
            con.execute("CREATE TABLE bare (id int PRIMARY KEY, body text)")
            con.commit()
            for i in range(200):
                began = time.perf_counter()
                con.execute("INSERT INTO bare VALUES (%s, %s)", (i, "x" * 200))
                con.commit()
                bare.append((time.perf_counter() - began) * 1000)
        result = run_loadtest(url, clients, seconds)
        print(f"# class loadtest: {result.json_line()}", file=sys.stderr)
        emit(
            "class_loadtest_p99",
            result.p99_ms,
            "ms",
            percentile(bare, 99),
            f"p99 <= 50 ms with {clients} clients; lost {result.lost}, "
            f"duplicated {result.duplicated} (must be 0)",
        )
    finally:
        server.remove()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a run under a minute")
    parser.add_argument("--only", help="comma-separated benchmark names")
    args = parser.parse_args()
    quick = args.quick
    wanted = set(args.only.split(",")) if args.only else None
    folder = Path(tempfile.mkdtemp(prefix="ehr-sim-bench-"))
    try:
        small = folder / "clinic2k.db"
        build(small, 2000)
        plan: list[tuple[str, Callable[[], None]]] = [
            ("world_2k", lambda: bench_world(folder, 1 if quick else 3)),
            ("startup", lambda: bench_startup(small, 3 if quick else 10)),
            ("integrity_check", lambda: bench_integrity_check(small, 5 if quick else 20)),
            ("action_p99", lambda: bench_action(small, 150 if quick else 1000)),
            ("attempt_action_p99", lambda: bench_attempt_action(folder, 150 if quick else 1000)),
            ("clinic_tick_p99", lambda: bench_clinic_tick(small, 1 if quick else 3)),
            ("phone_tick_p99", lambda: bench_phone_tick(small, 1 if quick else 3)),
            ("grade_10k", lambda: bench_grade(5 if quick else 20)),
            ("clearinghouse_10k", lambda: bench_clearinghouse(2 if quick else 5)),
            ("adjudicate_10k", lambda: bench_adjudicate(3 if quick else 10)),
            ("scenario_load", lambda: bench_scenario_load(folder, 2 if quick else 5)),
            ("scenario_start", lambda: bench_scenario_start(folder, 3 if quick else 10)),
            ("export_837_1k", lambda: bench_export_837(small, 3 if quick else 10)),
            ("patient_search_p95", lambda: search_at_scale(folder, quick)),
            ("referrals_worklist", lambda: bench_referrals_worklist(small, 5 if quick else 20)),
            ("chart_prep_day", lambda: bench_chart_prep(small, 10 if quick else 40)),
            ("reports_day", lambda: bench_reports(small, 5 if quick else 20)),
            (
                "class_loadtest_p99",
                lambda: bench_class_loadtest(10 if quick else 40, 10 if quick else 30),
            ),
        ]
        for name, run in plan:
            if wanted is None or name in wanted:
                run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def search_at_scale(folder: Path, quick: bool) -> None:
    patients = 20_000 if quick else 100_000
    big = folder / f"clinic{patients // 1000}k.db"
    build(big, patients)
    if quick:
        print(f"# patient_search_p95 measured at {patients} patients (--quick)", file=sys.stderr)
    bench_search(big, 60 if quick else 200)


if __name__ == "__main__":
    sys.exit(main())
