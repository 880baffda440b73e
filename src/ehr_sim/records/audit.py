"""The action log (every trainee action, done or refused) and amendments to records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.records.base import Base


class ActionRecord(Base):
    """One trainee action as the gateway saw it; written in the same transaction as its effect."""

    __tablename__ = "action_log"
    seq: Mapped[int] = mapped_column(primary_key=True)
    action_type: Mapped[str] = mapped_column(String(40))
    arguments: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="{}")
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    sim_time: Mapped[datetime]
    wall_time: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(60))


class Amendment(Base):
    """A corrected field: old and new value, why, and which action made the change."""

    __tablename__ = "amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    action_seq: Mapped[int] = mapped_column(ForeignKey("action_log.seq"))
    amended_at: Mapped[datetime]
    action: Mapped[ActionRecord] = relationship()
