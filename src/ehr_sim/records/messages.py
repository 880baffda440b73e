"""Faxes in and out (with the fax log's reportable events) and the letters the office
printed. In-basket tasks and portal messages are `StaffMessage` rows (records/engine.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class Fax(Base):
    """One fax: received (to file to a chart, or report as misdirected) or sent (with its
    cover sheet). The table is the fax log."""

    __tablename__ = "faxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" or "out"
    party: Mapped[str] = mapped_column(String(120))  # the sender (in) or recipient (out)
    number: Mapped[str] = mapped_column(String(20))  # their fax number
    # Incoming: who the sender's cover sheet addresses, and the number it gives for them.
    addressed_to: Mapped[str] = mapped_column(String(160), default="")
    addressed_number: Mapped[str] = mapped_column(String(20), default="")
    subject: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[int] = mapped_column(default=1)
    # The patient the pages are about, as the pages name them (not necessarily ours).
    about_name: Mapped[str] = mapped_column(String(120), default="")
    about_dob: Mapped[date | None] = mapped_column(default=None)
    at: Mapped[datetime]
    # in: new, filed, misdirected; out: sent
    status: Mapped[str] = mapped_column(String(12), default="new")
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    # A reportable event (a fax sent to a number not in the directory, or to the wrong
    # number): the privacy officer must hear of it.
    reportable: Mapped[bool] = mapped_column(default=False)
    problem: Mapped[str] = mapped_column(Text, default="")


class Letter(Base):
    """A letter merged from a template and the chart, as printed."""

    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    template: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    printed_at: Mapped[datetime]
