"""The clinic itself: providers and their weekly templates, rooms, appointment types."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.records.base import Base


class ClinicSetting(Base):
    """Key/value facts about this clinic file: name, address, seed, reference date."""

    __tablename__ = "clinic_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class Provider(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    npi: Mapped[str] = mapped_column(String(10), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(60))
    credentials: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str] = mapped_column(String(60))
    colour: Mapped[str] = mapped_column(String(9))
    hours: Mapped[list[ProviderHours]] = relationship(order_by="ProviderHours.weekday")
    breaks: Mapped[list[ProviderBreak]] = relationship()

    @property
    def display_name(self) -> str:
        if self.credentials in ("MD", "DO"):
            return f"Dr. {self.last_name}"
        return f"{self.first_name} {self.last_name}, {self.credentials}"


class ProviderHours(Base):
    __tablename__ = "provider_hours"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    weekday: Mapped[int]
    start: Mapped[time]
    end: Mapped[time]


class ProviderBreak(Base):
    __tablename__ = "provider_breaks"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    weekday: Mapped[int | None]
    start: Mapped[time]
    end: Mapped[time]
    label: Mapped[str] = mapped_column(String(40))
    # A block on one date only (a meeting, a half day off); None: every `weekday`.
    on_date: Mapped[date | None]


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))


class AppointmentType(Base):
    __tablename__ = "appointment_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    minutes: Mapped[int]
    turnover_minutes: Mapped[int]
    new_patient: Mapped[bool]
    telehealth: Mapped[bool]
    copay_kind: Mapped[str] = mapped_column(String(20))
    colour: Mapped[str] = mapped_column(String(9))
