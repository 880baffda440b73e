"""Appointments (with their reschedule links) and the waitlist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_provider_start", "provider_id", "start"),
        Index("ix_appointments_room_start", "room_id", "start"),
        Index("ix_appointments_start", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    type_id: Mapped[int] = mapped_column(ForeignKey("appointment_types.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    start: Mapped[datetime]
    end: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    booked_at: Mapped[datetime]
    rescheduled_from_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    change_reason: Mapped[str] = mapped_column(String(200), default="")
    changed_by: Mapped[str] = mapped_column(String(20), default="")
    checked_in_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    confirmed_via: Mapped[str] = mapped_column(String(20), default="")


class WaitlistEntry(Base):
    __tablename__ = "waitlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    type_id: Mapped[int] = mapped_column(ForeignKey("appointment_types.id"))
    earliest: Mapped[date]
    latest: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
