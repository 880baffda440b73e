"""The seeded clinic: the same seed gives the same clinic, and the clinic looks like a real one."""

from __future__ import annotations

import itertools
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ehr_sim.app.handlers.scheduling import provider_template
from ehr_sim.domain.identity import age_on
from ehr_sim.domain.scheduling import ProviderTemplate, TimeSlot
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Base,
    ClinicSetting,
    Coverage,
    LedgerEntry,
    Patient,
    Plan,
    Problem,
    Provider,
    Result,
)
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.world import WorldSpec, build_world
from ehr_sim.world.catalog import APPOINTMENT_TYPES
from ehr_sim.world.generator import FUTURE_DAYS, FUTURE_FILL, PAST_DAYS

from ..seeded import TODAY

NOW = datetime.combine(TODAY, time(8))


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.engine.connect() as connection:
        return {
            table.name: sorted(
                connection.exec_driver_sql(f"SELECT * FROM {table.name}").fetchall(), key=repr
            )
            for table in Base.metadata.sorted_tables
        }


def built(tmp_path: Path, name: str, spec: WorldSpec) -> dict[str, list[tuple[object, ...]]]:
    db = open_database(sqlite_url(tmp_path / f"{name}.db"))
    try:
        build_world(db, spec)
        return dump(db)
    finally:
        db.close()


def test_the_same_seed_and_date_build_the_same_clinic_row_for_row(tmp_path: Path) -> None:
    spec = WorldSpec(seed=11, patients=40, today=TODAY)
    first, second = built(tmp_path, "first", spec), built(tmp_path, "second", spec)
    assert first == second
    assert len(first["patients"]) == 40 and len(first["appointments"]) > 1000


def test_another_seed_builds_another_clinic(tmp_path: Path) -> None:
    first = built(tmp_path, "first", WorldSpec(seed=11, patients=40, today=TODAY))
    other = built(tmp_path, "other", WorldSpec(seed=12, patients=40, today=TODAY))
    assert first["providers"] != other["providers"]  # NPIs are drawn from the seed
    assert first["patients"] != other["patients"]
    assert first["appointments"] != other["appointments"]


@pytest.fixture(scope="module")
def world(world_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The shared seeded clinic, read by every test of this module."""
    path = tmp_path_factory.mktemp("world") / "clinic.db"
    shutil.copy(world_file, path)
    db = open_database(sqlite_url(path))
    yield db
    db.close()


@pytest.fixture(scope="module")
def visits(world: Database) -> list[Appointment]:
    with world.reading() as s:
        return list(s.scalars(select(Appointment).order_by(Appointment.id)))


@pytest.fixture(scope="module")
def patients(world: Database) -> dict[int, Patient]:
    with world.reading() as s:
        return {p.id: p for p in s.scalars(select(Patient))}


@pytest.fixture(scope="module")
def templates(world: Database) -> dict[int, ProviderTemplate]:
    with world.reading() as s:
        return {p.id: provider_template(p) for p in s.scalars(select(Provider))}


def bookable_segments(template: ProviderTemplate, day: date) -> list[int]:
    """Minutes of each stretch of a day the provider can see patients (between breaks)."""
    segments = []
    for block in template.hours_on(day):
        edges = [datetime.combine(day, block.start)]
        for brk in sorted(template.breaks_on(day), key=lambda b: b.start):
            if block.start < brk.start < block.end:
                edges += [datetime.combine(day, brk.start), datetime.combine(day, brk.end)]
        edges.append(datetime.combine(day, block.end))
        segments += [
            int((b - a).total_seconds()) // 60 for a, b in zip(edges[::2], edges[1::2], strict=True)
        ]
    return segments


def test_the_next_four_weeks_are_about_80_percent_full(
    visits: list[Appointment], templates: dict[int, ProviderTemplate]
) -> None:
    weights = [t[8] for t in APPOINTMENT_TYPES]
    mean_visit = sum(t[2] * w for t, w in zip(APPOINTMENT_TYPES, weights, strict=True)) / sum(
        weights
    )
    booked: Counter[int] = Counter()
    for visit in visits:
        if visit.start.date() >= TODAY and visit.status in ("scheduled", "confirmed"):
            booked[visit.provider_id] += int((visit.end - visit.start).total_seconds()) // 60
    for provider_id, template in templates.items():
        segments = [
            minutes
            for offset in range(FUTURE_DAYS + 1)
            for minutes in bookable_segments(template, TODAY + timedelta(days=offset))
        ]
        capacity = sum(segments)
        # The end of each stretch before a break or closing often cannot take a whole visit.
        edge_loss = len(segments) * mean_visit / capacity
        fill = booked[provider_id] / capacity
        assert FUTURE_FILL - edge_loss - 0.05 <= fill <= FUTURE_FILL + 0.05, (
            f"{template.display_name}: {fill:.0%} of {capacity} minutes booked"
        )


def test_past_visits_go_back_about_six_months(visits: list[Appointment]) -> None:
    first = min(v.start for v in visits).date()
    assert TODAY - timedelta(days=PAST_DAYS) <= first <= TODAY - timedelta(days=PAST_DAYS - 7)
    months = {(v.start.year, v.start.month) for v in visits if v.start.date() < TODAY}
    assert len(months) >= 6
    last = max(v.start for v in visits).date()
    assert TODAY + timedelta(days=FUTURE_DAYS - 7) <= last <= TODAY + timedelta(days=FUTURE_DAYS)


def test_past_visits_mostly_happened_and_future_ones_are_booked(
    visits: list[Appointment],
) -> None:
    past = Counter(v.status for v in visits if v.start < NOW)
    future = Counter(v.status for v in visits if v.start >= NOW)
    assert set(past) == {"completed", "no_show", "cancelled"}
    assert 0.8 <= past["completed"] / past.total() <= 0.95
    assert 0.02 <= past["no_show"] / past.total() <= 0.1
    assert set(future) == {"scheduled", "confirmed"}
    confirmed_days = {v.start.date() for v in visits if v.status == "confirmed"}
    assert all(TODAY < day <= TODAY + timedelta(days=2) for day in confirmed_days)


def test_cancelled_visits_say_why(visits: list[Appointment]) -> None:
    cancelled = [v for v in visits if v.status == "cancelled"]
    assert cancelled and all(v.change_reason and v.changed_by == "patient" for v in cancelled)


def test_nothing_in_the_clinic_happened_after_its_now(
    world: Database, visits: list[Appointment], patients: dict[int, Patient]
) -> None:
    assert all(v.booked_at <= NOW for v in visits)
    assert all(v.confirmed_at <= NOW for v in visits if v.confirmed_at is not None)
    assert all(v.checked_in_at <= NOW for v in visits if v.checked_in_at is not None)
    assert all(p.registered_on <= TODAY for p in patients.values())
    with world.reading() as s:
        latest = {
            "ledger": (s.scalar(select(func.max(LedgerEntry.posted_at))), NOW),
            "coverage": (s.scalar(select(func.max(Coverage.effective_on))), TODAY),
            "result": (s.scalar(select(func.max(Result.resulted_on))), TODAY),
            "problem": (s.scalar(select(func.max(Problem.onset_on))), TODAY),
        }
    assert {
        what: when is not None and when <= limit for what, (when, limit) in latest.items()
    } == dict.fromkeys(latest, True)


def test_every_visit_fits_its_providers_hours_and_breaks(
    visits: list[Appointment], templates: dict[int, ProviderTemplate]
) -> None:
    problems = [templates[v.provider_id].problem_with(TimeSlot(v.start, v.end)) for v in visits]
    assert [p for p in problems if p] == []


def test_no_provider_patient_or_room_is_in_two_places_at_once(
    world: Database, visits: list[Appointment]
) -> None:
    with world.reading() as s:
        turnover = dict(
            s.execute(select(AppointmentType.id, AppointmentType.turnover_minutes)).all()
        )
    held: dict[tuple[str, int], list[TimeSlot]] = defaultdict(list)
    for v in visits:
        if v.status in ("cancelled", "no_show", "rescheduled"):
            continue
        held["provider", v.provider_id].append(TimeSlot(v.start, v.end))
        held["patient", v.patient_id].append(TimeSlot(v.start, v.end))
        if v.room_id is not None:
            cleaned = v.end + timedelta(minutes=turnover[v.type_id])
            held["room", v.room_id].append(TimeSlot(v.start, cleaned))
    for who, slots in held.items():
        slots.sort(key=lambda slot: slot.start)
        clashes = [(a, b) for a, b in itertools.pairwise(slots) if a.overlaps(b)]
        assert clashes == [], who


def test_every_patient_has_their_own_mrn(world: Database, patients: dict[int, Patient]) -> None:
    with world.reading() as s:
        wanted = s.scalars(select(ClinicSetting.value).where(ClinicSetting.key == "world_patients"))
        assert len(patients) == int(wanted.one())
    mrns = [p.mrn for p in patients.values()]
    assert len(set(mrns)) == len(mrns)
    assert all(re.fullmatch(r"1\d{6}", mrn) for mrn in mrns)


def test_children_see_the_paediatrician_and_adults_do_not(
    visits: list[Appointment], patients: dict[int, Patient], world: Database
) -> None:
    with world.reading() as s:
        paediatrician = s.scalars(
            select(Provider.id).where(Provider.specialty == "Pediatrics")
        ).one()
    children = {pid for pid, p in patients.items() if age_on(p.dob, TODAY) < 18}
    assert 0.05 <= len(children) / len(patients) <= 0.4
    wrong = [v.id for v in visits if (v.patient_id in children) != (v.provider_id == paediatrician)]
    assert wrong == []
    assert all((p.pcp_id == paediatrician) == (pid in children) for pid, p in patients.items())


def test_patients_of_all_ages_are_registered(patients: dict[int, Patient]) -> None:
    ages = [age_on(p.dob, TODAY) for p in patients.values()]
    assert min(ages) < 5 and max(ages) >= 75
    assert Counter(p.sex for p in patients.values())["F"] > len(patients) // 4


def test_some_patients_owe_money_and_nobody_is_owed(world: Database) -> None:
    with world.reading() as s:
        balances = dict(
            s.execute(
                select(LedgerEntry.patient_id, func.sum(LedgerEntry.amount_cents)).group_by(
                    LedgerEntry.patient_id
                )
            ).all()
        )
    owing = [cents for cents in balances.values() if cents > 0]
    assert owing, "some patients should have a balance"
    assert len(owing) < len(balances)
    assert min(balances.values()) >= 0


def test_self_pay_patients_get_no_insurance_payments(
    world: Database, patients: dict[int, Patient]
) -> None:
    with world.reading() as s:
        insured = set(s.scalars(select(Coverage.patient_id)))
        paid_by_insurance = set(
            s.scalars(
                select(LedgerEntry.patient_id).where(LedgerEntry.description.like("Insurance%"))
            )
        )
    self_pay = set(patients) - insured
    assert self_pay, "the clinic should have some self-pay patients"
    assert paid_by_insurance & self_pay == set()


def test_member_ids_match_their_payers_format(world: Database) -> None:
    with world.reading() as s:
        rows = s.execute(
            select(Coverage.member_id, Plan.payer_id, Coverage.plan_id).join(
                Plan, Coverage.plan_id == Plan.id
            )
        ).all()
        patterns = {plan.payer_id: plan.payer.member_id_pattern for plan in s.scalars(select(Plan))}
    assert len({payer for _, payer, _ in rows}) == len(patterns)
    wrong = [m for m, payer, _ in rows if re.fullmatch(patterns[payer], m) is None]
    assert wrong == []


def test_children_are_covered_through_a_parent(
    world: Database, patients: dict[int, Patient]
) -> None:
    with world.reading() as s:
        coverages = list(s.scalars(select(Coverage)))
    for coverage in coverages:
        child = age_on(patients[coverage.patient_id].dob, TODAY) < 18
        assert (coverage.subscriber_relationship == "child") == child
        if child:
            assert age_on(coverage.subscriber_dob, TODAY) >= 18


def test_a_patient_without_a_privacy_notice_has_no_date_for_it(
    patients: dict[int, Patient],
) -> None:
    missing = [p for p in patients.values() if p.privacy_notice is None]
    assert missing, "some patients should still need to sign the notice"
    assert all(p.privacy_notice_on is None for p in missing)


def test_the_clinic_remembers_how_it_was_built(world: Database) -> None:
    with world.reading() as s:
        settings = {row.key: row.value for row in s.scalars(select(ClinicSetting))}
    assert settings["world_seed"].isdigit()
    assert settings["reference_date"] == TODAY.isoformat()
    assert settings["clinic_name"]
