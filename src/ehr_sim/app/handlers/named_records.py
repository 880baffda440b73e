"""Records a scenario names (setup references, what events and the trainee created), read as
plain fields for grading checks and for the placeholders in dialogue text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.inventory import stock_on_hand
from ehr_sim.app.handlers.scheduling import earliest_open_slots, provider_template
from ehr_sim.domain.money import Money
from ehr_sim.packs.placeholders import render
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Claim,
    Contact,
    Coverage,
    DayCount,
    Deposit,
    Disclosure,
    ExpectedDocument,
    InventoryItem,
    LedgerEntry,
    Note,
    Patient,
    Payment,
    PaymentVoid,
    PriorAuth,
    Provider,
    ProviderBreak,
    PurchaseOrder,
    PurchaseOrderLine,
    RecordsRequest,
    Referral,
    Result,
    Room,
    StaffMessage,
    WaitlistEntry,
)
from ehr_sim.records.engine import Conversation

LATER_OPENINGS = 2
"""How many openings `later_openings` names."""


class Fields(dict[str, Any]):
    """A record's fields; some (a visit's later openings) are worked out only when a check or
    a placeholder asks for them, inside the session that read the record."""

    def __init__(self, values: dict[str, Any], lazy: dict[str, Callable[[], Any]]) -> None:
        super().__init__(values)
        self._lazy = lazy

    def __missing__(self, key: str) -> Any:
        if key not in self._lazy:
            raise KeyError(key)
        value = self[key] = self._lazy.pop(key)()
        return value

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._lazy

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 (self.get would recurse)


# Inside an attempt's refs: {ref: kind of record} for every name that stands for a record.
KINDS_KEY = "__kinds__"
MODELS: dict[str, Any] = {
    "patients": Patient,
    "coverages": Coverage,
    "appointments": Appointment,
    "claims": Claim,
    "waitlist": WaitlistEntry,
    "messages": StaffMessage,
    "notes": Note,
    "results": Result,
    "calls": Conversation,
    "people": Contact,
    "provider_blocks": ProviderBreak,
    "records_requests": RecordsRequest,
    "disclosures": Disclosure,
    "referrals": Referral,
    "prior_auths": PriorAuth,
    "expected_documents": ExpectedDocument,
    "stock": InventoryItem,
    "purchase_orders": PurchaseOrder,
    "order_lines": PurchaseOrderLine,
}


def _payment_fields(session: Session, record_id: int) -> dict[str, Any] | None:
    row = session.get(Payment, record_id)
    if row is None:
        return None
    void = session.scalar(select(PaymentVoid).where(PaymentVoid.payment_id == row.id))
    return {
        "method": row.method,
        "amount": str(Money(row.amount_cents)),
        "reference": row.reference,
        "receipt_number": row.receipt_number,
        "voided": void.reason if void is not None else None,
    }


def _count_fields(session: Session, record_id: int) -> dict[str, Any] | None:
    row = session.get(DayCount, record_id)
    if row is None:
        return None
    return {
        "counted": str(Money(row.counted_cents)),
        "float": str(Money(row.float_cents)),
        "taken": str(Money(row.counted_cents - row.float_cents)),
        "expected": str(Money(row.expected_cents)),
        "difference": str(Money(row.difference_cents)),
    }


def _deposit_fields(session: Session, record_id: int) -> dict[str, Any] | None:
    row = session.get(Deposit, record_id)
    if row is None:
        return None
    return {
        "cash": str(Money(row.cash_cents)),
        "checks": str(Money(row.check_cents)),
        "total": str(Money(row.cash_cents + row.check_cents)),
    }


# The day's books: amounts read as money text ("$20.00"), not the cents columns.
BOOKS_FIELDS: dict[str, Callable[[Session, int], dict[str, Any] | None]] = {
    "payments": _payment_fields,
    "drawer_counts": _count_fields,
    "deposits": _deposit_fields,
}


def named_records(session: Session, refs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each named record's fields now ({ref: {field: value}}), dates as ISO text."""
    kinds: dict[str, str] = refs.get(KINDS_KEY, {})
    found = {}
    for ref, kind in kinds.items():
        fields = record_fields(session, kind, refs.get(ref))
        if fields is not None:
            found[ref] = fields
    return found


def record_fields(session: Session, kind: str, record_id: Any) -> dict[str, Any] | None:
    """One record's columns, and for text the names behind its ids (provider, visit type)."""
    if kind == "accounts" and isinstance(record_id, int):  # named by its patient's id
        owed = session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
                LedgerEntry.patient_id == record_id
            )
        )
        return {"balance": str(Money(int(owed or 0)))}
    if kind in BOOKS_FIELDS and isinstance(record_id, int):
        return BOOKS_FIELDS[kind](session, record_id)
    model = MODELS.get(kind)
    if model is None or not isinstance(record_id, int):
        return None
    row = session.get(model, record_id)
    if row is None:
        return None
    fields = {c.key: _plain(getattr(row, c.key)) for c in model.__table__.columns}
    if isinstance(row, Patient):
        fields["name"] = f"{row.first_name} {row.last_name}"
    if isinstance(row, Result):
        reviewer = session.get(Provider, row.reviewed_by_id) if row.reviewed_by_id else None
        fields["test"] = row.name
        fields["resulted"] = fields["resulted_on"]
        fields["reviewed_by"] = reviewer.display_name if reviewer else None
    if isinstance(row, InventoryItem):
        fields["on_hand"] = stock_on_hand(session, [row])[row.id]
    if isinstance(row, PurchaseOrder):
        codes = {i.id: i.code for i in session.scalars(select(InventoryItem))}
        fields["items"] = "; ".join(
            sorted(f"{codes[line.item_id]}: {line.packs_ordered}" for line in row.lines)
        )
        fields["total"] = str(Money(sum(x.pack_cost_cents * x.packs_ordered for x in row.lines)))
    if isinstance(row, PurchaseOrderLine):
        item = session.get(InventoryItem, row.item_id)
        fields["item"] = item.code if item else ""
    if isinstance(row, Contact):
        patient = session.get(Patient, row.patient_id)
        fields["patient"] = f"{patient.first_name} {patient.last_name}" if patient else ""
    if isinstance(row, Referral):
        fields["specialist"] = row.specialist.name
        fields["practice"] = row.specialist.practice
        fields["specialist_phone"] = row.specialist.phone
        fields["specialist_fax"] = row.specialist.fax
    if isinstance(row, Referral | PriorAuth):
        ordering = session.get(Provider, row.provider_id)
        fields["provider"] = ordering.display_name if ordering else ""
    if isinstance(row, ProviderBreak):
        provider = session.get(Provider, row.provider_id)
        fields["provider"] = provider.display_name if provider else ""
        if row.on_date is not None:  # a setup block: a start and end on its day
            fields["start"] = _plain(datetime.combine(row.on_date, row.start))
            fields["end"] = _plain(datetime.combine(row.on_date, row.end))
    if isinstance(row, Appointment | WaitlistEntry):
        provider = session.get(Provider, row.provider_id) if row.provider_id else None
        visit_type = session.get(AppointmentType, row.type_id)
        fields["provider"] = provider.display_name if provider else "any provider"
        fields["visit_type"] = visit_type.name if visit_type else ""
    if isinstance(row, Appointment):
        visit_type = session.get(AppointmentType, row.type_id)
        room = session.get(Room, row.room_id) if row.room_id else None
        fields["minutes"] = visit_type.minutes if visit_type else None
        fields["room"] = room.name if room else ""
        appointment = row
        found: list[datetime] = []

        def openings() -> list[datetime]:
            if not found:
                found.extend(later_openings(session, appointment))
            return found

        return Fields(
            fields,
            {
                "later_opening": lambda: _plain(openings()[0]) if openings() else None,
                "later_openings": lambda: " or ".join(render(t, None) for t in openings()),
            },
        )
    return fields


def later_openings(session: Session, visit: Appointment) -> list[datetime]:
    """The first open slot that fits `visit`'s type with its provider on each of the next
    LATER_OPENINGS days that have one, after the visit's own day (what a caller moving it "to
    after Wednesday" is offered); the visit itself does not count as busy."""
    provider = session.get(Provider, visit.provider_id)
    visit_type = session.get(AppointmentType, visit.type_id)
    if provider is None or visit_type is None:
        return []
    template = provider_template(provider)
    found: list[datetime] = []
    day = visit.start.date()
    while len(found) < LATER_OPENINGS:
        slots = earliest_open_slots(
            session,
            provider_id=provider.id,
            template=template,
            visit_type=visit_type,
            after=datetime.combine(day + timedelta(days=1), time()),
            count=1,
            ignore_id=visit.id,
        )
        if not slots:
            break
        found.append(slots[0].start)
        day = slots[0].start.date()
    return found


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
