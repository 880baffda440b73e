"""Claims to payers (CMS-1500 / 837P) with their lines, the payers' remittances, account notes.

Money is in integer cents. Code lists (diagnoses, modifiers, pointers, remark codes) are kept
as comma-separated text; `domain.claims.split_codes` reads them back.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.domain.claims import split_codes
from ehr_sim.records.base import Base


class Claim(Base):
    """One professional claim as it was sent: member ID, codes and charges are as submitted."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_status_service_date", "status", "service_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    service_date: Mapped[date]
    member_id: Mapped[str] = mapped_column(String(30))
    frequency_code: Mapped[int] = mapped_column(default=1)
    # The payer's claim number of the claim this one replaces or voids (item 22).
    original_claim_number: Mapped[str] = mapped_column(String(30), default="")
    # Assigned by the payer when it processes the claim; printed on the remittance.
    payer_claim_number: Mapped[str] = mapped_column(String(30), default="", index=True)
    status: Mapped[str] = mapped_column(String(12))
    submitted_at: Mapped[datetime]
    diagnoses: Mapped[str] = mapped_column(String(100))
    prior_auth_number: Mapped[str] = mapped_column(String(30), default="")
    total_cents: Mapped[int]
    # The claim this one was sent from (a replacement, void or repeated original) and,
    # on the old claim, the one that replaced or voided it.
    resubmission_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    written_off_cents: Mapped[int] = mapped_column(default=0)
    transferred_cents: Mapped[int] = mapped_column(default=0)
    lines: Mapped[list[ClaimLine]] = relationship(
        order_by="ClaimLine.line_no", cascade="all, delete-orphan"
    )
    remittances: Mapped[list[Remittance]] = relationship(
        order_by="Remittance.received_at", back_populates="claim"
    )

    @property
    def diagnosis_codes(self) -> list[str]:
        return split_codes(self.diagnoses)


class ClaimLine(Base):
    """A service line (item 24): what was done, how many, for which diagnoses, at what charge."""

    __tablename__ = "claim_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    line_no: Mapped[int]
    cpt: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(20), default="")
    # Letters of item 21's diagnoses this line is for, e.g. "A,B".
    pointers: Mapped[str] = mapped_column(String(20))
    units: Mapped[int] = mapped_column(default=1)
    charge_cents: Mapped[int]
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")


class Remittance(Base):
    """A payer's answer to one claim (ERA/EOB): what it paid and why the rest was adjusted."""

    __tablename__ = "remittances"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    payer_claim_number: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime]
    paid_cents: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="received")
    read_at: Mapped[datetime | None]
    posted_at: Mapped[datetime | None]
    claim: Mapped[Claim] = relationship(back_populates="remittances")
    adjustments: Mapped[list[RemittanceAdjustment]] = relationship(
        order_by="RemittanceAdjustment.id", cascade="all, delete-orphan"
    )

    @property
    def patient_id(self) -> int:
        """The claim's patient (the gateway logs remittance actions on that chart)."""
        return self.claim.patient_id


class RemittanceAdjustment(Base):
    """One adjustment on a remittance: group code, reason code, remark codes and amount."""

    __tablename__ = "remittance_adjustments"
    id: Mapped[int] = mapped_column(primary_key=True)
    remittance_id: Mapped[int] = mapped_column(ForeignKey("remittances.id"), index=True)
    group_code: Mapped[str] = mapped_column(String(2))
    carc: Mapped[str] = mapped_column(String(5))
    rarcs: Mapped[str] = mapped_column(String(60), default="")
    amount_cents: Mapped[int]

    @property
    def rarc_codes(self) -> list[str]:
        return split_codes(self.rarcs)


class Note(Base):
    """A note on a patient's account (billing) or chart, with who wrote it and when."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(60))
