"""Build a fake clinic from a seed: the same seed and reference date give the same rows.

Six months of past visits (completed, some no-shows and cancellations, charges and
payments), four weeks of future bookings about 80 % full, and patients of all ages with
coverages, allergies, medications, problems and results.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from faker.providers.person.en_US import Provider as UsNames
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ehr_sim.domain.identity import normalise_name, phone_digits
from ehr_sim.domain.scheduling import SLOT_MINUTES, AppointmentStatus
from ehr_sim.records import (
    Allergy,
    Appointment,
    AppointmentType,
    ClinicSetting,
    Coverage,
    Encounter,
    LedgerEntry,
    Medication,
    Patient,
    Payer,
    Plan,
    Problem,
    Provider,
    ProviderBreak,
    ProviderHours,
    Result,
    Room,
)
from ehr_sim.records.database import Database
from ehr_sim.world import catalog
from ehr_sim.world.charges import superbill_rows
from ehr_sim.world.chart_prep import expected_document_rows
from ehr_sim.world.claims import claim_rows
from ehr_sim.world.inventory import inventory_rows
from ehr_sim.world.messages import message_rows
from ehr_sim.world.phone import voicemail_rows
from ehr_sim.world.posting import posting_rows
from ehr_sim.world.privacy import privacy_rows
from ehr_sim.world.referrals import directory_rows, referral_rows

Progress = Callable[[float, str], None]
GENERATOR_VERSION = "1"
PAST_DAYS = 182
FUTURE_DAYS = 28
FUTURE_FILL = 0.8


@dataclass(frozen=True)
class WorldSpec:
    """What to build: the seed, how many patients, and the clinic's 'today'."""

    seed: int = 7
    patients: int = 2000
    today: date = field(default_factory=date.today)


def build_world(db: Database, spec: WorldSpec, progress: Progress | None = None) -> None:
    """Fill an empty clinic database with the world `spec` describes, in one transaction."""
    report = progress or (lambda _f, _m: None)
    builder = _Builder(spec)
    with db.sessions() as session, session.begin():
        for fraction, message, rows in builder.batches():
            report(fraction, message)
            for model, values in rows:
                if values:
                    # Core executemany: the ORM's bulk path costs more than the rows are worth.
                    session.connection().execute(insert(model.__table__), values)
        _settings(session, spec)
    report(1.0, "Clinic ready")


def clinic_rows(spec: WorldSpec) -> dict[str, list[dict[str, Any]]]:
    """The clinic's fixed rows by table (providers, hours, breaks, rooms, visit types, payers,
    plans), exactly as `build_world` writes them for `spec`, without building anything."""
    return {model.__tablename__: values for model, values in _Builder(spec).clinic_rows()}


def _settings(session: Session, spec: WorldSpec) -> None:
    values = {
        **catalog.CLINIC,
        "world_seed": str(spec.seed),
        "world_patients": str(spec.patients),
        "reference_date": spec.today.isoformat(),
        "generator_version": GENERATOR_VERSION,
    }
    session.execute(insert(ClinicSetting), [{"key": k, "value": v} for k, v in values.items()])


Rows = list[tuple[type[Any], list[dict[str, Any]]]]


class _Builder:
    """Generates rows as plain dicts with explicit ids, in dependency order."""

    def __init__(self, spec: WorldSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.fake = _Names(self.rng)
        self.today = spec.today
        self.patients: list[dict[str, Any]] = []
        self.type_ids: dict[str, int] = {}
        self.types: list[tuple[Any, ...]] = []
        self.payment_id = 0
        self.ledger: list[dict[str, Any]] = []
        self.insured: set[int] = set()

    def batches(self) -> Iterator[tuple[float, str, Rows]]:
        yield 0.02, "Setting up providers, rooms and payers", self.clinic_rows()
        people = self.patient_rows()
        coverages = people[1][1]
        for number, coverage in enumerate(coverages, start=1):
            coverage["id"] = number  # explicit, so claims can name their coverage
        yield 0.10, "Registering patients", people
        yield 0.45, "Writing charts", self.chart_rows()
        visits = self.visit_rows()
        yield 0.60, "Filling six months of visits and four weeks of bookings", visits
        claims = claim_rows(
            seed=self.spec.seed,
            today=self.today,
            encounters=visits[1][1],
            coverages=coverages,
            ledger=self.ledger,
        )
        money = posting_rows(
            seed=self.spec.seed,
            today=self.today,
            claims=claims,
            coverages=coverages,
            ledger=self.ledger,
        )
        yield 0.85, "Sending claims and posting remittances", claims
        yield 0.88, "Sending statements and setting up payment plans", money
        yield (
            0.90,
            "Entering the visits' charges",
            superbill_rows(
                today=self.today,
                encounters=visits[1][1],
                coverages=coverages,
                claims=claims[0][1],
            ),
        )
        yield 0.95, "Posting payments", [(LedgerEntry, self.ledger)]
        yield (
            0.97,
            "Filing referrals and prior authorisations",
            directory_rows()
            + referral_rows(
                seed=self.spec.seed, today=self.today, patients=self.patients, coverages=coverages
            ),
        )
        yield (
            0.98,
            "Leaving the night's voicemails",
            voicemail_rows(seed=self.spec.seed, today=self.today, patients=self.patients),
        )
        yield (
            0.99,
            "Filling the in-basket and the fax tray",
            message_rows(seed=self.spec.seed, today=self.today, patients=self.patients),
        )
        yield (
            0.995,
            "Filing privacy preferences",
            privacy_rows(self.spec.seed, self.today, self.patients),
        )
        yield 0.996, "Counting supplies and forms", self.inventory_rows(visits[0][1])
        yield (
            0.998,
            "Noting what tomorrow's visits are waiting for",
            self.expected_rows(visits[0][1]),
        )

    def inventory_rows(self, appointments: list[dict[str, Any]]) -> Rows:
        type_codes = {tid: code for code, tid in self.type_ids.items()}
        return inventory_rows(
            seed=self.spec.seed, today=self.today, appointments=appointments, type_codes=type_codes
        )

    def expected_rows(self, appointments: list[dict[str, Any]]) -> Rows:
        return expected_document_rows(
            seed=self.spec.seed,
            today=self.today,
            appointments=appointments,
            type_codes={tid: code for code, tid in self.type_ids.items()},
            dob={p["id"]: p["dob"] for p in self.patients},
        )

    # -- the clinic ---------------------------------------------------------------
    def clinic_rows(self) -> Rows:
        providers, hours, breaks = [], [], []
        for pid, (first, last, cred, specialty, colour, week, brks) in enumerate(
            catalog.PROVIDERS, start=1
        ):
            providers.append(
                {
                    "id": pid,
                    "npi": self.npi(),
                    "first_name": first,
                    "last_name": last,
                    "credentials": cred,
                    "specialty": specialty,
                    "colour": colour,
                }
            )
            hours += [
                {"provider_id": pid, "weekday": d, "start": s, "end": e}
                for d, (s, e) in sorted(week.items())
            ]
            breaks += [
                {"provider_id": pid, "weekday": d, "start": s, "end": e, "label": label}
                for d, s, e, label in brks
            ]
        self.templates = {
            p["id"]: (catalog.PROVIDERS[p["id"] - 1][5], catalog.PROVIDERS[p["id"] - 1][6])
            for p in providers
        }
        rooms = [{"id": i, "name": n, "kind": k} for i, (n, k) in enumerate(catalog.ROOMS, start=1)]
        self.exam_rooms = [r["id"] for r in rooms if r["kind"] == "exam"]
        types = []
        for tid, row in enumerate(catalog.APPOINTMENT_TYPES, start=1):
            code, name, minutes, turnover, new, tele, copay, colour, _w = row
            types.append(
                {
                    "id": tid,
                    "code": code,
                    "name": name,
                    "minutes": minutes,
                    "turnover_minutes": turnover,
                    "new_patient": new,
                    "telehealth": tele,
                    "copay_kind": copay,
                    "colour": colour,
                }
            )
            self.type_ids[code] = tid
        self.types = [t for t in catalog.APPOINTMENT_TYPES if t[8] > 0]
        payers, plans = [], []
        self.plans_of: dict[int, list[int]] = {}
        plan_id = 0
        for payer_id, (name, code, pattern, example, phone, payer_plans) in enumerate(
            catalog.PAYERS, start=1
        ):
            payers.append(
                {
                    "id": payer_id,
                    "name": name,
                    "payer_code": code,
                    "member_id_pattern": pattern,
                    "member_id_example": example,
                    "phone": phone,
                }
            )
            for pname, kind, copays, deductible, coins, referral, prior in payer_plans:
                plan_id += 1
                self.plans_of.setdefault(payer_id - 1, []).append(plan_id)
                plans.append(
                    {
                        "id": plan_id,
                        "payer_id": payer_id,
                        "name": pname,
                        "kind": kind,
                        "copay_primary_cents": copays[0],
                        "copay_specialist_cents": copays[1],
                        "copay_preventive_cents": copays[2],
                        "copay_telehealth_cents": copays[3],
                        "deductible_cents": deductible,
                        "coinsurance_percent": coins,
                        "requires_referral": referral,
                        "requires_prior_auth": prior,
                    }
                )
        return [
            (Provider, providers),
            (ProviderHours, hours),
            (ProviderBreak, breaks),
            (Room, rooms),
            (AppointmentType, types),
            (Payer, payers),
            (Plan, plans),
        ]

    def npi(self) -> str:
        """A 10-digit number with a valid NPI check digit (Luhn over the 80840 prefix)."""
        body = "1" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        digits = [int(c) for c in "80840" + body]
        total = 0
        for i, d in enumerate(reversed(digits)):
            if i % 2 == 0:
                d *= 2
                d -= 9 if d > 9 else 0
            total += d
        return body + str((10 - total % 10) % 10)

    # -- patients ---------------------------------------------------------------
    def phone(self) -> str:
        area = self.rng.choice(("614", "380", "740"))
        return f"({area}) {self.rng.randint(200, 999)}-{self.rng.randint(0, 9999):04d}"

    def patient_rows(self) -> Rows:
        rng, fake = self.rng, self.fake
        coverages: list[dict[str, Any]] = []
        for pid in range(1, self.spec.patients + 1):
            age_days = int(rng.triangular(0, 95 * 365, 40 * 365))
            dob = self.today - timedelta(days=age_days + rng.randint(0, 364))
            age = (self.today - dob).days // 365
            sex = rng.choice("FM") if rng.random() > 0.005 else "X"
            first = fake.first(sex)
            last = fake.last()
            city, zip3 = rng.choice(catalog.CITIES)
            phone = self.phone()
            mobile = self.phone() if rng.random() < 0.6 else ""
            language = rng.choices(
                [lang for lang, _ in catalog.LANGUAGES], [w for _, w in catalog.LANGUAGES]
            )[0]
            registered = max(dob, self.today - timedelta(days=rng.randint(200, 3650)))
            pcp = catalog.PEDIATRICIAN + 1 if age < 18 else rng.choice((1, 2, 4))
            self.patients.append(
                {
                    "id": pid,
                    "mrn": str(1_000_000 + pid),
                    "first_name": first,
                    "middle_name": fake.first()[0] if rng.random() < 0.3 else "",
                    "last_name": last,
                    "preferred_name": "",
                    "dob": dob,
                    "sex": sex,
                    "address1": fake.street(),
                    "address2": f"Apt {rng.randint(1, 40)}" if rng.random() < 0.15 else "",
                    "city": city,
                    "state": "OH",
                    "zip_code": f"{zip3}{rng.randint(0, 99):02d}",
                    "phone": phone,
                    "mobile": mobile,
                    "email": f"{normalise_name(first)}.{normalise_name(last)}{rng.randint(1, 99)}@example.com"
                    if age >= 16 and rng.random() < 0.7
                    else "",
                    "preferred_language": language,
                    "emergency_contact_name": f"{fake.first()} {last if rng.random() < 0.7 else fake.last()}",
                    "emergency_contact_relationship": rng.choice(
                        ("parent",)
                        if age < 18
                        else ("spouse", "partner", "sibling", "child", "friend")
                    ),
                    "emergency_contact_phone": self.phone(),
                    "photo_id_seen_on": registered if age >= 18 else None,
                    "privacy_notice": (notice := "acknowledged" if rng.random() < 0.95 else None),
                    "privacy_notice_on": registered if notice else None,
                    "pcp_id": pcp,
                    "registered_on": registered,
                    "last_norm": normalise_name(last),
                    "first_norm": normalise_name(first),
                    "phone_digits": phone_digits(phone),
                    "mobile_digits": phone_digits(mobile),
                }
            )
            covered = self.coverage_for(pid, first, last, dob, age, registered)
            if covered:
                self.insured.add(pid)
            coverages += covered
        return [(Patient, self.patients), (Coverage, coverages)]

    def coverage_for(
        self, pid: int, first: str, last: str, dob: date, age: int, registered: date
    ) -> list[dict[str, Any]]:
        rng = self.rng
        if age >= 65 and rng.random() < 0.92:
            payer = 2
        else:
            roll, payer = rng.random(), -1
            for index, share in catalog.PAYER_MIX:
                if roll < share:
                    payer = index
                    break
                roll -= share
            if payer < 0:
                return []
        plan_id = rng.choice(self.plans_of[payer])
        member_id = self.member_id(payer)
        if age < 18:
            subscriber = f"{self.fake.first()} {last}"
            sub_dob = dob - timedelta(days=rng.randint(22 * 365, 42 * 365))
            relationship = "child"
        else:
            subscriber, sub_dob, relationship = f"{first} {last}", dob, "self"
        effective = max(registered, date(self.today.year - rng.randint(0, 4), 1, 1))
        return [
            {
                "patient_id": pid,
                "plan_id": plan_id,
                "rank": 1,
                "member_id": member_id,
                "group_number": f"G{rng.randint(10000, 99999)}" if payer in (0, 1) else "",
                "subscriber_name": subscriber,
                "subscriber_dob": sub_dob,
                "subscriber_relationship": relationship,
                "effective_on": effective,
                "terminated_on": None,
                "deductible_met_cents": rng.choice((0, 25000, 80000)),
            }
        ]

    def member_id(self, payer: int) -> str:
        rng = self.rng
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        if payer == 0:
            return (
                "".join(rng.choice(letters) for _ in range(3)) + f"{rng.randint(0, 9_999_999):07d}"
            )
        if payer == 1:
            return f"K{rng.randint(0, 999_999_999):09d}"
        if payer == 2:
            pattern = "NAXNAXNAANN"
            return "".join(
                str(rng.randint(1 if i == 0 else 0, 9))
                if c == "N"
                else rng.choice(letters)
                if c == "A"
                else rng.choice(letters + "0123456789")
                for i, c in enumerate(pattern)
            )
        return f"OH{rng.randint(0, 99_999_999):08d}"

    # -- charts -----------------------------------------------------------------
    def chart_rows(self) -> Rows:
        rng = self.rng
        allergies, meds, problems, results = [], [], [], []
        self.problems_of: dict[int, list[tuple[str, str]]] = {}
        for p in self.patients:
            age = (self.today - p["dob"]).days // 365
            if rng.random() < 0.3:
                for substance, reaction, severity in rng.sample(
                    catalog.ALLERGIES, rng.randint(1, 2)
                ):
                    allergies.append(
                        {
                            "patient_id": p["id"],
                            "substance": substance,
                            "reaction": reaction,
                            "severity": severity,
                        }
                    )
            chance = min(0.75, age / 100)
            for code, description, min_age, medication in catalog.CONDITIONS:
                if age < min_age or rng.random() > chance / 3:
                    continue
                onset = self.today - timedelta(
                    days=rng.randint(60, max(61, (age - min_age + 1) * 365))
                )
                onset = max(onset, p["dob"])
                problems.append(
                    {
                        "patient_id": p["id"],
                        "icd10": code,
                        "description": description,
                        "onset_on": onset,
                        "status": "active",
                    }
                )
                self.problems_of.setdefault(p["id"], []).append((code, description))
                if medication:
                    name, dose, freq = medication
                    meds.append(
                        {
                            "patient_id": p["id"],
                            "name": name,
                            "dose": dose,
                            "frequency": freq,
                            "started_on": onset,
                            "refills_left": rng.randint(0, 5),
                        }
                    )
                for lab, unit, ref, (low, high) in catalog.LABS.get(code, []):
                    value = round(rng.uniform(low, high), 1)
                    results.append(
                        {
                            "patient_id": p["id"],
                            "kind": "lab",
                            "name": lab,
                            "value": str(value),
                            "unit": unit,
                            "reference_range": ref,
                            "flag": _flag(value, ref),
                            "resulted_on": self.today - timedelta(days=rng.randint(5, 170)),
                        }
                    )
            if rng.random() < 0.05:
                study, finding = rng.choice(catalog.IMAGING)
                results.append(
                    {
                        "patient_id": p["id"],
                        "kind": "imaging",
                        "name": study,
                        "value": finding,
                        "unit": "",
                        "reference_range": "",
                        "flag": "",
                        "resulted_on": self.today - timedelta(days=rng.randint(5, 170)),
                    }
                )
        return [(Allergy, allergies), (Medication, meds), (Problem, problems), (Result, results)]

    # -- visits -----------------------------------------------------------------
    def visit_rows(self) -> Rows:
        rng = self.rng
        adults = [p["id"] for p in self.patients if (self.today - p["dob"]).days >= 18 * 365]
        children = [p["id"] for p in self.patients if (self.today - p["dob"]).days < 18 * 365]
        appointments: list[dict[str, Any]] = []
        encounters: list[dict[str, Any]] = []
        appt_id = 0
        for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
            day = self.today + timedelta(days=offset)
            fill = 0.85 if offset < 0 else FUTURE_FILL
            room_free = {r: datetime.combine(day, time(0)) for r in self.exam_rooms}
            busy_patients: set[int] = set()
            planned = []
            for provider_id, (week, brks) in self.templates.items():
                if day.weekday() not in week:
                    continue
                pool = children if provider_id == catalog.PEDIATRICIAN + 1 else adults
                if not pool:
                    continue
                for start, code in self.fill_day(day, week[day.weekday()], brks, fill):
                    planned.append((start, provider_id, code, pool))
            planned.sort(key=lambda item: (item[0], item[1]))
            for start, provider_id, code, pool in planned:
                row = next(t for t in catalog.APPOINTMENT_TYPES if t[0] == code)
                minutes, turnover, tele = row[2], row[3], row[5]
                end = start + timedelta(minutes=minutes)
                room = None
                if not tele:
                    room = next((r for r in self.exam_rooms if room_free[r] <= start), None)
                    if room is None:
                        continue
                    room_free[room] = end + timedelta(minutes=turnover)
                patient_id = rng.choice(pool)
                for _retry in range(4):  # a small pool (the children) is often busy already
                    if patient_id not in busy_patients:
                        break
                    patient_id = rng.choice(pool)
                if patient_id in busy_patients:
                    continue
                busy_patients.add(patient_id)
                appt_id += 1
                status = self.status_for(offset, start)
                booked = min(
                    datetime.combine(day - timedelta(days=rng.randint(1, 40)), time(9, 15)),
                    datetime.combine(self.today - timedelta(days=1), time(9, 15)),
                )
                reason = self.reason_for(code, patient_id)
                appointments.append(
                    {
                        "id": appt_id,
                        "patient_id": patient_id,
                        "provider_id": provider_id,
                        "type_id": self.type_ids[code],
                        "room_id": room,
                        "start": start,
                        "end": end,
                        "status": status.value,
                        "reason": reason,
                        "booked_at": booked,
                        "rescheduled_from_id": None,
                        "change_reason": rng.choice(catalog.CANCEL_REASONS)
                        if status is AppointmentStatus.CANCELLED
                        else "",
                        "changed_by": "patient" if status is AppointmentStatus.CANCELLED else "",
                        "checked_in_at": start - timedelta(minutes=rng.randint(3, 15))
                        if status is AppointmentStatus.COMPLETED
                        else None,
                        "confirmed_at": datetime.combine(self.today - timedelta(days=1), time(10))
                        if status is AppointmentStatus.CONFIRMED
                        else None,
                        "confirmed_via": "phone" if status is AppointmentStatus.CONFIRMED else "",
                    }
                )
                if status is AppointmentStatus.COMPLETED:
                    encounters.append(self.encounter(appt_id, patient_id, provider_id, code, start))
        return [(Appointment, appointments), (Encounter, encounters)]

    def fill_day(
        self, day: date, hours: tuple[time, time], breaks: list[Any], fill: float
    ) -> Iterator[tuple[datetime, str]]:
        rng = self.rng
        cursor = datetime.combine(day, hours[0])
        close = datetime.combine(day, hours[1])
        blocked = [
            (datetime.combine(day, s), datetime.combine(day, e))
            for d, s, e, _l in breaks
            if d in (None, day.weekday())
        ]
        codes = [t[0] for t in self.types]
        weights = [t[8] for t in self.types]
        while cursor < close:
            code = rng.choices(codes, weights)[0]
            minutes = next(t[2] for t in self.types if t[0] == code)
            end = cursor + timedelta(minutes=minutes)
            clash = next((b for b in blocked if cursor < b[1] and b[0] < end), None)
            if clash is not None:
                cursor = (
                    max(cursor + timedelta(minutes=SLOT_MINUTES), clash[1])
                    if clash[0] <= cursor
                    else cursor + timedelta(minutes=SLOT_MINUTES)
                )
                continue
            if end <= close and rng.random() < fill:
                yield cursor, code
                cursor = end
            else:
                cursor += timedelta(minutes=SLOT_MINUTES)

    def status_for(self, offset: int, start: datetime) -> AppointmentStatus:
        roll = self.rng.random()
        if offset < 0:
            if roll < 0.05:
                return AppointmentStatus.NO_SHOW
            if roll < 0.10:
                return AppointmentStatus.CANCELLED
            return AppointmentStatus.COMPLETED
        if 0 < offset <= 2 and roll < 0.5:
            return AppointmentStatus.CONFIRMED
        return AppointmentStatus.SCHEDULED

    def reason_for(self, code: str, patient_id: int) -> str:
        if code == "SICK":
            return self.rng.choice(catalog.SICK_REASONS)[1]
        if code == "PHYS":
            return "Annual physical"
        if code == "NEW":
            return "Establish care"
        problems = self.problems_of.get(patient_id)
        if problems:
            return f"Follow-up: {self.rng.choice(problems)[1].split(',')[0]}"
        return "Follow-up visit"

    def encounter(
        self, appt_id: int, patient_id: int, provider_id: int, code: str, start: datetime
    ) -> dict[str, Any]:
        rng = self.rng
        patient = self.patients[patient_id - 1]
        age = (start.date() - patient["dob"]).days // 365
        if code == "PHYS":
            cpt = (
                "99392"
                if age < 5
                else "99394"
                if age < 18
                else "99395"
                if age < 40
                else "99396"
                if age < 65
                else "99397"
            )
            icd = "Z00.00"
        else:
            cpt = rng.choice(catalog.VISIT_CODES[code])
            problems = self.problems_of.get(patient_id)
            icd = (
                rng.choice(problems)[0]
                if problems and code != "SICK"
                else rng.choice(catalog.SICK_REASONS)[0]
            )
        description, charge = catalog.FEES[cpt]
        encounter_id = appt_id
        posted = start + timedelta(hours=2)
        self.ledger.append(
            {
                "patient_id": patient_id,
                "posted_at": posted,
                "kind": "charge",
                "amount_cents": charge,
                "description": f"{cpt} {description}",
                "encounter_id": encounter_id,
                "payment_id": None,
            }
        )
        patient_share = 0 if rng.random() < 0.85 else rng.choice((2000, 3500, 6000, 12000))
        self.ledger.append(
            {
                "patient_id": patient_id,
                # Never after the clinic's today, even for last week's visits.
                "posted_at": min(
                    posted + timedelta(days=21), datetime.combine(self.today, time(7))
                ),
                "kind": "payment",
                "amount_cents": -(charge - patient_share),
                "description": "Insurance payment and contractual adjustment"
                if patient_id in self.insured
                else "Self-pay payment at the visit",
                "encounter_id": encounter_id,
                "payment_id": None,
            }
        )
        return {
            "id": encounter_id,
            "patient_id": patient_id,
            "appointment_id": appt_id,
            "provider_id": provider_id,
            "seen_at": start,
            "cpt": cpt,
            "icd10": icd,
            "charge_cents": charge,
            "summary": "",
        }


STREET_SUFFIXES = (
    "Street",
    "Avenue",
    "Road",
    "Drive",
    "Lane",
    "Court",
    "Way",
    "Boulevard",
    "Place",
    "Circle",
)


class _Names:
    """US name frequencies from Faker's en_US tables, drawn with our own seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.tables = {
            key: (list(table), list(_cumulative(table.values())))
            for key, table in (
                ("F", UsNames.first_names_female),
                ("M", UsNames.first_names_male),
                ("last", UsNames.last_names),
            )
        }

    def _draw(self, key: str) -> str:
        names, weights = self.tables[key]
        return self.rng.choices(names, cum_weights=weights)[0]

    def first(self, sex: str = "") -> str:
        return self._draw(sex if sex in ("F", "M") else self.rng.choice("FM"))

    def last(self) -> str:
        return self._draw("last")

    def street(self) -> str:
        name = self.last() if self.rng.random() < 0.6 else self.first()
        return f"{self.rng.randint(10, 9899)} {name} {self.rng.choice(STREET_SUFFIXES)}"


def _cumulative(weights: Any) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _flag(value: float, reference: str) -> str:
    if reference.startswith("<"):
        return "H" if value >= float(reference[1:]) else ""
    low, high = (float(x) for x in reference.split("-"))
    return "H" if value > high else "L" if value < low else ""
