"""What the trainee changed, as sentences a trainee reads ("Booked Dana Reyes with Dr. Okafor,
Thu 11/26 2:00 PM, 30 min"): names instead of database ids, 12-hour times, no microseconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ehr_sim.app.scenarios.record_changes import FieldChange, RecordChange
from ehr_sim.domain.times import date_and_time, day_and_time
from ehr_sim.records import AppointmentType, Patient, Provider, Room
from ehr_sim.records.database import Database

QUOTE_LENGTH = 80
THING = {
    "patients": "patient record",
    "coverages": "insurance coverage",
    "appointments": "visit",
    "waitlist": "waitlist entry",
    "eligibility_checks": "eligibility check",
    "payments": "payment",
    "ledger_entries": "account entry",
    "amendments": "correction",
    "claims": "claim",
    "claim_lines": "claim line",
    "remittances": "remittance",
    "remittance_adjustments": "remittance adjustment",
    "notes": "note",
    "clinician_alerts": "clinician alert",
    "emergency_calls": "911 call",
    "room_preparations": "room preparation",
    "staff_messages": "staff message",
    "faxes": "fax",
    "letters": "letter",
}
STATUS_VERBS = {
    "cancelled": "Cancelled {patient}'s visit with {provider}, {when}",
    "rescheduled": "Marked {patient}'s visit with {provider}, {when}, as rescheduled",
    "checked_in": "Checked in {patient} for the {when} visit with {provider}",
    "no_show": "Marked {patient} as a no-show for the {when} visit with {provider}",
    "roomed": "Roomed {patient} for the {when} visit with {provider}",
    "completed": "Checked out {patient} after the {when} visit with {provider}",
}
# Bookkeeping the trainee never sees as such: the sentence already says what happened.
QUIET_FIELDS = {"booked_at", "changed_by", "action_seq", "author", "receipt_number"}


class _Names:
    """Reads the names behind ids once per debrief (patients, providers, visit types, rooms)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache: dict[tuple[str, int], str] = {}

    def _get(self, model: type[Any], key: object) -> Any:
        if not isinstance(key, int):
            return None
        with self.db.reading() as session:
            return session.get(model, key)

    def patient(self, key: object) -> str:
        found = self._get(Patient, key)
        return f"{found.first_name} {found.last_name}" if found else "a patient"

    def provider(self, key: object) -> str:
        found = self._get(Provider, key)
        return str(found.display_name) if found else "a provider"

    def visit_type(self, key: object) -> tuple[str, int]:
        found = self._get(AppointmentType, key)
        return (found.name, found.minutes) if found else ("visit", 0)

    def room(self, key: object) -> str:
        found = self._get(Room, key)
        return str(found.name) if found else "a room"


def _when(value: Any) -> Any:
    """A stored time as a trainee reads it: no seconds, no microseconds, 12-hour."""
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and value[10] in " T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def plain_value(value: Any) -> str:
    """One field's value in words: times read 12-hour, money as dollars, flags as yes/no."""
    value = _when(value)
    if isinstance(value, datetime):
        return date_and_time(value)
    if isinstance(value, date):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(empty)"
    return (
        str(value).replace("_", " ") if isinstance(value, str) and " " not in value else str(value)
    )


def _quote(text: Any) -> str:
    words = " ".join(str(text or "").split())
    return f"“{words[:QUOTE_LENGTH]}{'…' if len(words) > QUOTE_LENGTH else ''}”"


def _field_words(field: str) -> str:
    if field.endswith("_cents"):
        field = field[: -len("_cents")]
    return field.replace("_", " ")


def _money(cents: Any) -> str:
    return f"${int(cents or 0) / 100:,.2f}"


def _visible(fields: Sequence[FieldChange]) -> list[FieldChange]:
    return [f for f in fields if not f.field.endswith("_id") and f.field not in QUIET_FIELDS]


def _changed_fields(fields: Sequence[FieldChange]) -> str:
    parts = []
    for f in _visible(fields):
        if f.field.endswith("_cents"):
            before, after = _money(f.before), _money(f.after)
        else:
            before, after = plain_value(f.before), plain_value(f.after)
        parts.append(f"{_field_words(f.field)} {before} → {after}")
    return "; ".join(parts)


def _values(change: RecordChange) -> dict[str, Any]:
    """The record's fields as the trainee left them (or as they were, for a removed one)."""
    if change.kind == "removed":
        return {f.field: f.before for f in change.fields}
    return {f.field: f.after for f in change.fields}


def _current(db: Database, table: str, key: int) -> dict[str, Any]:
    with db.engine.connect() as connection:
        row = connection.exec_driver_sql(f'SELECT * FROM "{table}" WHERE id = ?', (key,)).first()
    return dict(row._mapping) if row is not None else {}


def describe_change(db: Database, change: RecordChange, names: _Names | None = None) -> str:
    """One record change as a sentence in the trainee's words."""
    names = names or _Names(db)
    record = {**_current(db, change.table, change.key), **_values(change)}
    patient = names.patient(record.get("patient_id"))
    table, kind = change.table, change.kind
    if table == "appointments":
        when = _when(record.get("start"))
        when_text = day_and_time(when) if isinstance(when, datetime) else "a visit"
        provider = names.provider(record.get("provider_id"))
        type_name, minutes = names.visit_type(record.get("type_id"))
        length = f", {minutes} min" if minutes else ""
        if kind == "created" and record.get("rescheduled_from_id"):
            old = _current(db, "appointments", int(record["rescheduled_from_id"]))
            was = _when(old.get("start"))
            was_text = f" from {day_and_time(was)}" if isinstance(was, datetime) else ""
            reason = old.get("change_reason") or ""
            because = f" (reason: {reason})" if reason else ""
            return f"Moved {patient}'s visit{was_text} to {provider}, {when_text}{length}{because}"
        if kind == "created":
            return f"Booked {patient} with {provider}, {when_text}{length}"
        status = next((f.after for f in change.fields if f.field == "status"), None)
        if kind == "changed" and status in STATUS_VERBS:
            return STATUS_VERBS[str(status)].format(
                patient=patient, provider=provider, when=when_text
            )
        if kind == "changed" and any(f.field == "confirmed_at" for f in change.fields):
            return f"Confirmed {patient}'s visit with {provider}, {when_text}"
        subject = f"{patient}'s {type_name.lower()} with {provider}, {when_text}"
    elif table == "waitlist" and kind == "created":
        type_name, _ = names.visit_type(record.get("type_id"))
        who = (
            f" with {names.provider(record.get('provider_id'))}"
            if record.get("provider_id")
            else ""
        )
        return (
            f"Added {patient} to the waitlist for a {type_name.lower()}{who}, "
            f"{plain_value(record.get('earliest'))} to {plain_value(record.get('latest'))}"
        )
    elif table == "payments" and kind == "created":
        method = plain_value(record.get("method"))
        return f"Took a payment of {_money(record.get('amount_cents'))} ({method}) from {patient}"
    elif table == "notes" and kind == "created":
        return f"Wrote a {record.get('kind', '')} note on {patient}: {_quote(record.get('text'))}"
    elif table == "clinician_alerts" and kind == "created":
        return (
            f"Alerted {record.get('clinician')} ({record.get('priority')}): "
            f"{_quote(record.get('message'))}"
        )
    elif table == "emergency_calls" and kind == "created":
        address = "with" if record.get("address_given") else "without"
        return f"Called 911 {address} the clinic's address: {_quote(record.get('condition'))}"
    elif table == "staff_messages" and kind == "created" and record.get("channel") == "task":
        return (
            f"Sent a {record.get('priority')} task to {record.get('for_staff')}: "
            f"{_quote(record.get('subject'))}"
        )
    elif table == "faxes" and kind == "created":
        problem = f" (reportable: {record.get('problem')})" if record.get("reportable") else ""
        return (
            f"Faxed {record.get('party')} at {record.get('number')}: "
            f"{_quote(record.get('subject'))}{problem}"
        )
    elif table == "letters" and kind == "created":
        return f"Printed a {record.get('template')} letter for {patient}"
    elif table == "staff_messages" and kind == "created":
        urgent = "an urgent" if record.get("urgent") else "a"
        return f"Left {urgent} message for {record.get('for_staff')}: {_quote(record.get('text'))}"
    elif table == "room_preparations" and kind == "created":
        equipment = str(record.get("equipment") or "").replace(",", ", ")
        bring = f" with {equipment}" if equipment else ""
        return f"Prepared {names.room(record.get('room_id'))}{bring}"
    elif table == "eligibility_checks" and kind == "created":
        active = "active" if record.get("active") else "not active"
        return f"Checked insurance eligibility (coverage {active})"
    elif table == "patients" and kind == "created":
        name = f"{record.get('first_name', '')} {record.get('last_name', '')}".strip()
        return f"Registered {name}, born {plain_value(record.get('dob'))}"
    elif table == "patients":
        subject = f"{patient}'s patient record"
    elif table == "remittances" and kind == "changed" and _only(change, {"read_at"}):
        return f"Read a remittance ({_money(record.get('paid_cents'))} paid)"
    if table != "appointments" and table != "patients":
        thing = THING.get(table, table.replace("_", " "))
        whose = f" for {patient}" if record.get("patient_id") else ""
        subject = f"{thing}{whose}"
    verbs = {"created": "Added", "changed": "Changed", "removed": "Removed"}
    detail = _changed_fields(change.fields) if kind == "changed" else _created_fields(change)
    return f"{verbs.get(kind, kind.capitalize())} {subject}" + (f": {detail}" if detail else "")


def _only(change: RecordChange, fields: set[str]) -> bool:
    return {f.field for f in change.fields} <= fields


def _created_fields(change: RecordChange) -> str:
    values = _values(change)
    return ", ".join(
        f"{_field_words(f.field)} "
        + (_money(values[f.field]) if f.field.endswith("_cents") else plain_value(values[f.field]))
        for f in _visible(change.fields)
    )


def describe_changes(db: Database, changes: Sequence[RecordChange]) -> list[str]:
    """Every change as a sentence, in the order the records were compared."""
    names = _Names(db)
    moved = {
        _values(c).get("rescheduled_from_id")
        for c in changes
        if c.table == "appointments" and c.kind == "created"
    }
    return [
        describe_change(db, change, names)
        for change in changes
        # The old visit of a reschedule is told in the new visit's sentence ("Moved … from …").
        if not (change.table == "appointments" and change.kind == "changed" and change.key in moved)
    ]
