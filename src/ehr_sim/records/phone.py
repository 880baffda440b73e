"""The office phone: the call log (one row per call, with its line, hold time and what was
done) and the office voicemail box."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class CallLogEntry(Base):
    """One phone call on one line, in or out: the conversation holds where it stands, this
    row what the phone knows (line, number, hold time, what was done)."""

    __tablename__ = "call_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id"), unique=True, index=True
    )
    line: Mapped[int | None]
    direction: Mapped[str] = mapped_column(String(8))  # "in" or "out"
    # The person at the other end: who called in, or whom the front desk called.
    caller: Mapped[str] = mapped_column(String(120))
    # The patient the call is about (its phone note goes in their chart).
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    for_whom: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[str] = mapped_column(String(20), default="")
    # Why the call came: a free-practice caller's topic (refill, billing, ...), "scenario"
    # for a pack's scripted call, "outgoing" for one the trainee placed.
    topic: Mapped[str] = mapped_column(String(24), default="")
    says: Mapped[str] = mapped_column(Text, default="")  # a free-practice caller's first words
    # The practice clock's plan key of a free-practice call, so a tick never rings it twice.
    plan_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    rang_at: Mapped[datetime]
    hold_started_at: Mapped[datetime | None]
    hold_seconds: Mapped[int] = mapped_column(default=0)
    parked: Mapped[bool] = mapped_column(default=False)
    consulting: Mapped[str] = mapped_column(String(40), default="")  # warm transfer under way
    done: Mapped[str] = mapped_column(Text, default="")  # what was done, in order, "; "-joined


class Voicemail(Base):
    """A message in the office voicemail box (left overnight, or while every line was busy)."""

    __tablename__ = "voicemails"
    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(20), default="")
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    left_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    plan_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    heard_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None]
