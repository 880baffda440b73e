"""Charge entry: a visit's superbill (encounter form) with its diagnoses and service lines,
and the claim made from it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.domain.claims import split_codes
from ehr_sim.records.base import Base


class Superbill(Base):
    """The charges entered for one completed visit: diagnoses (item 21 order) and lines."""

    __tablename__ = "superbills"
    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), unique=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    service_date: Mapped[date]
    # ICD-10-CM codes as sent on a claim (no dot), comma-separated, A first.
    diagnoses: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime]
    entered_by: Mapped[str] = mapped_column(String(60))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    charges: Mapped[list[Charge]] = relationship(
        order_by="Charge.line_no", cascade="all, delete-orphan"
    )

    @property
    def diagnosis_codes(self) -> list[str]:
        return split_codes(self.diagnoses)

    @property
    def total_cents(self) -> int:
        return sum(charge.charge_cents for charge in self.charges)


class Charge(Base):
    """One service line of a superbill: code, modifiers, units, diagnosis letters, charge."""

    __tablename__ = "charges"
    id: Mapped[int] = mapped_column(primary_key=True)
    superbill_id: Mapped[int] = mapped_column(ForeignKey("superbills.id"), index=True)
    line_no: Mapped[int]
    cpt: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(20), default="")
    units: Mapped[int] = mapped_column(default=1)
    pointers: Mapped[str] = mapped_column(String(20))
    charge_cents: Mapped[int]
