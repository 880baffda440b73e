"""Referrals out to specialists, their directory, documents filed to the chart, and prior
authorisation requests to payers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.records.base import Base


class Specialist(Base):
    """A specialist in the referral directory (outside the practice)."""

    __tablename__ = "specialists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    practice: Mapped[str] = mapped_column(String(120))
    specialty: Mapped[str] = mapped_column(String(60))
    npi: Mapped[str] = mapped_column(String(10), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    fax: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200), default="")


class SpecialistNetwork(Base):
    """Whether a specialist is in a plan's network (no row: not on file)."""

    __tablename__ = "specialist_networks"
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    in_network: Mapped[bool]


class Referral(Base):
    """A referral written from a provider's order; its status follows the loop to closed."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))  # ordering PCP
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id"))
    coverage_id: Mapped[int | None] = mapped_column(ForeignKey("coverages.id"))
    reason: Mapped[str] = mapped_column(String(300))
    icd10: Mapped[str] = mapped_column(String(10))
    visits: Mapped[int]
    visits_used: Mapped[int] = mapped_column(default=0)
    valid_from: Mapped[date]
    valid_to: Mapped[date]
    documents: Mapped[str] = mapped_column(Text, default="")  # one document name a line
    status: Mapped[str] = mapped_column(String(20), index=True)
    number: Mapped[str] = mapped_column(String(20), default="")  # the plan's, when it keeps one
    in_network: Mapped[bool | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    appointment_at: Mapped[datetime | None]  # the specialist's visit, once booked
    follow_up_on: Mapped[date | None]  # chase the consult note if nothing came back by then
    closed_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    specialist: Mapped[Specialist] = relationship()


class ChartDocument(Base):
    """An outside document filed to the chart (consult note, records), routed to a provider
    who reviews it."""

    __tablename__ = "chart_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # consult_note, records
    title: Mapped[str] = mapped_column(String(120))
    received_from: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime]
    routed_to_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    reviewed_at: Mapped[datetime | None]


class PriorAuth(Base):
    """A prior authorisation request to the payer, tracked until decided."""

    __tablename__ = "prior_auths"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))  # ordering
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"))
    codes: Mapped[str] = mapped_column(String(120))  # CPT/HCPCS, space separated
    icd10: Mapped[str] = mapped_column(String(10))
    clinical_reason: Mapped[str] = mapped_column(Text)
    servicing: Mapped[str] = mapped_column(String(120), default="")  # facility or provider
    attachments: Mapped[str] = mapped_column(Text, default="")  # one document name a line
    status: Mapped[str] = mapped_column(String(20), index=True)
    payer_message: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(String(20), default="")  # approved: for item 23
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    requested_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
