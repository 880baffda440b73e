"""Patient billing records: statements sent, payment plans, and the primary payer's answer
carried on a secondary claim. Money is in integer cents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class Statement(Base):
    """A statement sent to a patient: when, and what it asked them to pay."""

    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    issued_at: Mapped[datetime]
    amount_due_cents: Mapped[int]


class PaymentPlan(Base):
    """An agreement to pay a balance in equal monthly installments, the first on `first_due`."""

    __tablename__ = "payment_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    created_at: Mapped[datetime]
    total_cents: Mapped[int]
    installments: Mapped[int]
    first_due: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="active")
    note: Mapped[str] = mapped_column(Text, default="")


class PriorPayment(Base):
    """What the primary payer decided, sent with a secondary claim (837P loop 2320)."""

    __tablename__ = "prior_payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    primary_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    payer_name: Mapped[str] = mapped_column(String(80))
    paid_cents: Mapped[int]
    contractual_cents: Mapped[int]
    patient_cents: Mapped[int]
