"""The clinic's fixed lists: providers, visit types, rooms, plans, settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ehr_sim.records import AppointmentType, ClinicSetting, Plan, Provider, Room
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class ProviderRow:
    id: int
    name: str
    specialty: str
    colour: str


@dataclass(frozen=True)
class VisitTypeRow:
    id: int
    code: str
    name: str
    minutes: int
    turnover_minutes: int
    telehealth: bool
    colour: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.minutes} min)"


@dataclass(frozen=True)
class RoomRow:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class PlanRow:
    id: int
    payer: str
    name: str
    kind: str
    member_id_example: str

    @property
    def label(self) -> str:
        return f"{self.payer} — {self.name} ({self.kind})"


def providers(db: Database) -> list[ProviderRow]:
    with db.reading() as s:
        return [
            ProviderRow(p.id, p.display_name, p.specialty, p.colour)
            for p in s.scalars(select(Provider).order_by(Provider.id))
        ]


def visit_types(db: Database) -> list[VisitTypeRow]:
    with db.reading() as s:
        return [
            VisitTypeRow(
                t.id, t.code, t.name, t.minutes, t.turnover_minutes, t.telehealth, t.colour
            )
            for t in s.scalars(select(AppointmentType).order_by(AppointmentType.id))
        ]


def rooms(db: Database) -> list[RoomRow]:
    with db.reading() as s:
        return [RoomRow(r.id, r.name, r.kind) for r in s.scalars(select(Room).order_by(Room.id))]


def plans(db: Database) -> list[PlanRow]:
    with db.reading() as s:
        return [
            PlanRow(p.id, p.payer.name, p.name, p.kind, p.payer.member_id_example)
            for p in s.scalars(select(Plan).order_by(Plan.payer_id, Plan.id))
        ]


def settings(db: Database) -> dict[str, str]:
    with db.reading() as s:
        return {row.key: row.value for row in s.scalars(select(ClinicSetting))}


def is_empty(db: Database) -> bool:
    """True when the clinic has no providers yet (a new file that needs a world)."""
    with db.reading() as s:
        return s.scalar(select(Provider.id).limit(1)) is None
