"""Payers, their plans, a patient's coverages, and eligibility inquiries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.records.base import Base


class Payer(Base):
    __tablename__ = "payers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    payer_code: Mapped[str] = mapped_column(String(10))
    member_id_pattern: Mapped[str] = mapped_column(String(80))
    member_id_example: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))


class Plan(Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    copay_primary_cents: Mapped[int]
    copay_specialist_cents: Mapped[int]
    copay_preventive_cents: Mapped[int]
    copay_telehealth_cents: Mapped[int]
    deductible_cents: Mapped[int]
    coinsurance_percent: Mapped[int]
    requires_referral: Mapped[bool]
    requires_prior_auth: Mapped[bool]
    payer: Mapped[Payer] = relationship()


class Coverage(Base):
    __tablename__ = "coverages"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    rank: Mapped[int]
    member_id: Mapped[str] = mapped_column(String(30))
    group_number: Mapped[str] = mapped_column(String(30), default="")
    subscriber_name: Mapped[str] = mapped_column(String(120))
    subscriber_dob: Mapped[date]
    subscriber_relationship: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[date]
    terminated_on: Mapped[date | None]
    deductible_met_cents: Mapped[int] = mapped_column(default=0)
    plan: Mapped[Plan] = relationship()


class EligibilityCheck(Base):
    """One inquiry and the payer's answer, kept as the office would keep the 271."""

    __tablename__ = "eligibility_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    date_of_service: Mapped[date]
    checked_at: Mapped[datetime]
    active: Mapped[bool]
    response: Mapped[str] = mapped_column(Text)
