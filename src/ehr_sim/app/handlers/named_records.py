"""Records a scenario names (setup references, what events and the trainee created), read as
plain fields for grading checks and for the placeholders in dialogue text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Claim,
    Contact,
    Coverage,
    Disclosure,
    Note,
    Patient,
    Provider,
    RecordsRequest,
    Result,
    Room,
    StaffMessage,
    WaitlistEntry,
)
from ehr_sim.records.engine import Conversation

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
    "records_requests": RecordsRequest,
    "disclosures": Disclosure,
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
    model = MODELS.get(kind)
    if model is None or not isinstance(record_id, int):
        return None
    row = session.get(model, record_id)
    if row is None:
        return None
    fields = {c.key: _plain(getattr(row, c.key)) for c in model.__table__.columns}
    if isinstance(row, Patient):
        fields["name"] = f"{row.first_name} {row.last_name}"
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
    return fields


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
