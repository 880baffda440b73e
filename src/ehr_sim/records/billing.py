"""Money on a patient's account: the ledger and payments with numbered receipts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class LedgerEntry(Base):
    """A charge (positive), payment or adjustment (negative) on a patient's account."""

    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    posted_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(12))
    amount_cents: Mapped[int]
    description: Mapped[str] = mapped_column(String(120))
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    amount_cents: Mapped[int]
    method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(30), default="")
    receipt_number: Mapped[str] = mapped_column(String(12), unique=True)
    received_at: Mapped[datetime]
    purpose: Mapped[str] = mapped_column(String(20))
