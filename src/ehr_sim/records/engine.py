"""Scenario attempts: the attempt itself, events that fired, conversations, and what the
front desk did about people (alerts, 911 calls, rooms, messages). All are records, so a
killed attempt resumes exactly where it was."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class AttemptRecord(Base):
    """One play of one scenario in this clinic file."""

    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(48))
    pack_version: Mapped[str] = mapped_column(String(20))
    pack_source: Mapped[str] = mapped_column(Text)
    scenario_id: Mapped[str] = mapped_column(String(48))
    content_hash: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(12))
    trainee: Mapped[str] = mapped_column(String(80))
    day0: Mapped[date]
    started_at: Mapped[datetime]
    clock_speed: Mapped[float]
    # Simulated time reached so far; a resumed attempt continues from here.
    clock_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="running")
    ending: Mapped[str] = mapped_column(Text, default="")
    ended_at: Mapped[datetime | None]
    refs: Mapped[str] = mapped_column(Text, default="{}")
    variables: Mapped[str] = mapped_column(Text, default="{}")
    self_assessment: Mapped[str] = mapped_column(Text, default="")
    # The computer's clock (UTC) at the start: an assessed attempt's clock keeps running from
    # it while the app is closed. None for attempts made before it was kept.
    wall_started_at: Mapped[datetime | None] = mapped_column(default=None)
    # The class's name for this attempt (a UUID), when it is played for a class; the seed
    # of its per-student variant, when it is one.
    uid: Mapped[str | None] = mapped_column(String(36), default=None)
    variant: Mapped[int | None] = mapped_column(default=None)
    assignment_id: Mapped[int | None] = mapped_column(default=None)


class FiredEvent(Base):
    __tablename__ = "fired_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(16))
    fired_at: Mapped[datetime]
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    text: Mapped[str] = mapped_column(Text, default="")


class Conversation(Base):
    """A phone call or a person at the desk, and where their dialogue stands."""

    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a call of the living clinic (free practice), which belongs to no attempt.
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(16))
    person: Mapped[str] = mapped_column(String(120))
    claims_to_be: Mapped[str] = mapped_column(String(120), default="")
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    node: Mapped[str] = mapped_column(String(48))
    verified_patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    # The caller or visitor when they are not the patient (a spouse calling about them).
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    started_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))


class ClinicianAlert(Base):
    __tablename__ = "clinician_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinician: Mapped[str] = mapped_column(String(80))
    priority: Mapped[str] = mapped_column(String(12))
    message: Mapped[str] = mapped_column(Text)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    sent_at: Mapped[datetime]


class EmergencyCall(Base):
    __tablename__ = "emergency_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    condition: Mapped[str] = mapped_column(Text)
    address_given: Mapped[bool]
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    called_at: Mapped[datetime]


class RoomPreparation(Base):
    __tablename__ = "room_preparations"
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    equipment: Mapped[str] = mapped_column(Text, default="")
    prepared_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class StaffMessage(Base):
    __tablename__ = "staff_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    for_staff: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    callback: Mapped[str] = mapped_column(String(30), default="")
    urgent: Mapped[bool] = mapped_column(default=False)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    written_at: Mapped[datetime]
    # The in-basket (issue 9): a message is also a task with a state, a priority and a due
    # time, or a patient's portal message with its reply. `for_staff` is who it is assigned
    # to: a person, a provider, a clinical pool or a shared box ("front desk").
    channel: Mapped[str] = mapped_column(String(12), default="message")
    subject: Mapped[str] = mapped_column(String(160), default="")
    sender: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(24), default="")
    priority: Mapped[str] = mapped_column(String(12), default="routine")
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(12), default="open")
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(default=None)
    # "world" for the seeded clinic's own traffic (not shown as the trainee's desk activity).
    origin: Mapped[str] = mapped_column(String(12), default="")
