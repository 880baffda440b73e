"""Front desk: today's arrivals and what the check-in flow needs to show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ehr_sim.app.handlers.checkin import latest_eligibility, primary_coverage
from ehr_sim.app.queries.schedule import AppointmentRow, _rows
from ehr_sim.domain.identity import format_phone
from ehr_sim.domain.money import Money
from ehr_sim.records import Appointment, Patient, Payment
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class Arrival:
    appointment: AppointmentRow
    copay_collected: Money | None
    eligibility: str

    @property
    def id(self) -> int:
        return self.appointment.id


def arrivals(db: Database, day: date) -> list[Arrival]:
    """Every visit of the day (including cancelled ones), with co-pay and eligibility state."""
    begin = datetime.combine(day, time(0))
    with db.reading() as s:
        rows = _rows(s, Appointment.start >= begin, Appointment.start < begin + timedelta(days=1))
        ids = [r.id for r in rows]
        paid = {
            appointment_id: cents
            for appointment_id, cents in s.execute(
                select(Payment.appointment_id, Payment.amount_cents).where(
                    Payment.appointment_id.in_(ids), Payment.purpose == "copay"
                )
            )
        }
        result = []
        for row in rows:
            check = latest_eligibility(s, row.id)
            state = "not checked" if check is None else ("active" if check.active else "INACTIVE")
            cents = paid.get(row.id)
            result.append(Arrival(row, Money(cents) if cents is not None else None, state))
        return result


@dataclass(frozen=True)
class EligibilityView:
    active: bool
    plan_name: str
    message: str
    copay: Money
    deductible_remaining: Money
    coinsurance_percent: int
    pcp_on_file: str | None
    checked_at: datetime


@dataclass(frozen=True)
class CheckInFacts:
    """The chart facts the trainee compares with what the patient says and shows."""

    appointment: AppointmentRow
    full_name: str
    dob: date
    address: str
    phone: str
    photo_id_seen_on: date | None
    privacy_notice: str | None
    privacy_notice_on: date | None
    coverage: str | None
    eligibility: EligibilityView | None
    copay_receipt: str | None


def checkin_facts(db: Database, appointment_id: int) -> CheckInFacts | None:
    with db.reading() as s:
        rows = _rows(s, Appointment.id == appointment_id)
        if not rows:
            return None
        row = rows[0]
        p = s.get(Patient, row.patient_id)
        assert p is not None
        coverage = primary_coverage(s, p.id)
        check = latest_eligibility(s, row.id)
        eligibility = None
        if check is not None:
            raw = json.loads(check.response)
            eligibility = EligibilityView(
                raw["active"],
                raw["plan_name"],
                raw["message"],
                Money(raw["copay"]),
                Money(raw["deductible_remaining"]),
                raw["coinsurance_percent"],
                raw["pcp_on_file"],
                check.checked_at,
            )
        receipt = s.scalar(
            select(Payment.receipt_number).where(
                Payment.appointment_id == row.id, Payment.purpose == "copay"
            )
        )
        address = ", ".join(
            x for x in (p.address1, p.address2, p.city, f"{p.state} {p.zip_code}") if x
        )
        return CheckInFacts(
            row,
            f"{p.first_name} {p.middle_name + ' ' if p.middle_name else ''}{p.last_name}",
            p.dob,
            address,
            format_phone(p.phone),
            p.photo_id_seen_on,
            p.privacy_notice,
            p.privacy_notice_on,
            f"{coverage.plan.payer.name} {coverage.plan.name} · member ID {coverage.member_id}"
            if coverage
            else None,
            eligibility,
            receipt,
        )
