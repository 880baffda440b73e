"""The day's books: receipts voided or corrected (with the reason), drawer and card-batch
counts against what was posted, deposits and closed days. Money is in integer cents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class PaymentVoid(Base):
    """A receipt taken back (keyed twice, say): it stays on file, out of the day's totals."""

    __tablename__ = "payment_voids"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    voided_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(200))


class PaymentCorrection(Base):
    """A receipt's method corrected (cash to card): the amount and patient never change."""

    __tablename__ = "payment_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    corrected_at: Mapped[datetime]
    old_method: Mapped[str] = mapped_column(String(10))
    new_method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(String(200))


class DayCount(Base):
    """A count at the end of a day against the posted payments: the cash drawer by
    denomination (kind cash) or the card terminal's batch total (kind card)."""

    __tablename__ = "day_counts"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(5))
    counted_at: Mapped[datetime]
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON {denomination: count}
    counted_cents: Mapped[int]
    float_cents: Mapped[int] = mapped_column(default=0)
    expected_cents: Mapped[int]
    difference_cents: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")


class Deposit(Base):
    """A deposit slip: the day's cash (the float stays behind) and each check listed."""

    __tablename__ = "deposits"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    prepared_at: Mapped[datetime]
    cash_cents: Mapped[int]
    check_cents: Mapped[int]
    checks: Mapped[str] = mapped_column(Text, default="")  # "receipt check-no amount" lines


class DayClose(Base):
    """A closed day: the last count and any difference left unresolved, with a note."""

    __tablename__ = "day_closes"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    closed_at: Mapped[datetime]
    expected_cents: Mapped[int]
    counted_cents: Mapped[int]
    difference_cents: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
