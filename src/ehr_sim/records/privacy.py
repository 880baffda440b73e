"""Privacy on the chart: how a patient wants to be reached, records requests with their
authorisation, and the disclosures made (what went to whom, when, on which basis)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class MessagePreference(Base):
    """What the patient said about messages and how to reach them (one row per patient)."""

    __tablename__ = "message_preferences"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), unique=True)
    # None: never asked.
    voicemail: Mapped[bool | None]
    with_someone: Mapped[bool | None]
    numbers: Mapped[str] = mapped_column(String(120), default="")  # "; "-joined digits
    email: Mapped[bool] = mapped_column(default=False)
    portal: Mapped[bool] = mapped_column(default=False)
    preferred: Mapped[str] = mapped_column(String(12), default="")
    recorded_on: Mapped[date]


class RecordsRequest(Base):
    """A request for a patient's records and the authorisation that came with it."""

    __tablename__ = "records_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    received_on: Mapped[date]
    requester: Mapped[str] = mapped_column(String(120))
    requester_kind: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(120), default="")
    parts: Mapped[str] = mapped_column(String(200), default="")  # what they ask for, "; "-joined
    # pending (not worked yet), on_hold (a problem named in status_reason), released, refused
    status: Mapped[str] = mapped_column(String(12), default="pending")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # The authorisation, as received (has_authorisation False: none came with the request).
    has_authorisation: Mapped[bool] = mapped_column(default=False)
    auth_signed: Mapped[bool] = mapped_column(default=False)
    auth_signed_on: Mapped[date | None]
    auth_signed_by: Mapped[str] = mapped_column(String(120), default="")
    auth_representative_authority: Mapped[str] = mapped_column(String(120), default="")
    auth_discloser: Mapped[str] = mapped_column(String(120), default="")
    auth_information: Mapped[str] = mapped_column(String(200), default="")
    auth_recipient: Mapped[str] = mapped_column(String(120), default="")
    auth_purpose: Mapped[str] = mapped_column(String(120), default="")
    auth_expires_on: Mapped[date | None]
    auth_expiry_event: Mapped[str] = mapped_column(String(120), default="")
    auth_revoked_on: Mapped[date | None]


class Disclosure(Base):
    """Records that left the practice: what, to whom, when, and under which basis."""

    __tablename__ = "disclosures"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("records_requests.id"))
    disclosed_at: Mapped[datetime]
    recipient: Mapped[str] = mapped_column(String(120))
    parts: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(120), default="")
    basis: Mapped[str] = mapped_column(String(200))
    by: Mapped[str] = mapped_column(String(80), default="")
