"""Setup records beyond patients, visits and claims: the waitlist, results, the in-basket,
account balances, provider blocks, people who are not patients and documents visits wait for;
each named by reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ehr_sim.domain.money import Money
from ehr_sim.packs.schema import Setup
from ehr_sim.packs.when import parse_when
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Contact,
    Encounter,
    ExpectedDocument,
    InventoryItem,
    LedgerEntry,
    Payment,
    PaymentVoid,
    Provider,
    ProviderBreak,
    PurchaseOrder,
    PurchaseOrderLine,
    Result,
    StaffMessage,
    TelehealthCheckIn,
    WaitlistEntry,
)

EXPECTED_ORDERS = ("open", "partial", "backordered")  # orders with something still to come
CHANNEL_NAMES = {"message": "Message", "fax": "Fax", "voicemail": "Voicemail", "portal": "Portal"}


def apply_more_setup(
    session: Session,
    setup: Setup,
    day0: date,
    refs: dict[str, Any],
    kinds: dict[str, str],
    *,
    start: datetime | None = None,
) -> None:
    """Insert these records after the patients (they refer to them); adds to refs and kinds.
    `start` is when the scenario starts: setup stock counts are taken then."""
    providers = {p.last_name.lower(): p for p in session.scalars(select(Provider))}
    types = {t.code: t for t in session.scalars(select(AppointmentType))}
    for ref, block in setup.provider_blocks.items():
        provider = providers[block.provider]
        start = parse_when(block.start).at(day0)
        end = start + timedelta(minutes=block.minutes)
        _clear_generated(session, provider.id, start, end, keep=_named(refs, kinds))
        row = ProviderBreak(
            provider_id=provider.id,
            weekday=start.weekday(),
            start=start.time(),
            end=end.time() if end.date() == start.date() else time.max,
            label=block.label,
            on_date=start.date(),
        )
        session.add(row)
        session.flush()
        refs[ref], kinds[ref] = row.id, "provider_blocks"
    for ref, w in setup.waitlist.items():
        entry = WaitlistEntry(
            patient_id=refs[w.patient],
            provider_id=providers[w.provider].id if w.provider else None,
            type_id=types[w.type].id,
            earliest=parse_when(w.earliest).on(day0),
            latest=parse_when(w.latest).on(day0),
            notes=w.notes,
            added_at=_moment(w.added, day0),
            status="waiting",
            appointment_id=None,
        )
        session.add(entry)
        session.flush()
        refs[ref], kinds[ref] = entry.id, "waitlist"
    for ref, r in setup.results.items():
        reviewer = providers[r.reviewed_by] if r.reviewed_by else None
        resulted = parse_when(r.resulted).on(day0)
        result = Result(
            patient_id=refs[r.patient],
            kind=r.kind,
            name=r.name,
            value=r.value,
            unit=r.unit,
            reference_range=r.reference_range,
            flag=r.flag,
            resulted_on=resulted,
            reviewed_by_id=reviewer.id if reviewer else None,
            reviewed_at=(
                _moment(r.reviewed, day0)
                if r.reviewed
                else datetime.combine(resulted, time(17, 0))
                if reviewer
                else None
            ),
        )
        session.add(result)
        session.flush()
        refs[ref], kinds[ref] = result.id, "results"
    for ref, m in setup.inbox.items():
        heading = f"{CHANNEL_NAMES[m.channel]} from {m.sender}: {m.subject}"
        message = StaffMessage(
            for_staff=m.for_staff,
            text=f"{heading}\n\n{m.body}" if m.body else heading,
            callback=m.callback,
            urgent=m.urgent,
            patient_id=refs[m.patient] if m.patient else None,
            conversation_id=None,
            written_at=_moment(m.received, day0),
            channel=m.channel,
            subject=m.subject,
            sender=m.sender,
            priority="urgent" if m.urgent else "routine",
        )
        session.add(message)
        session.flush()
        refs[ref], kinds[ref] = message.id, "messages"
    for ref, account in setup.accounts.items():
        for line in account.lines:
            cents = Money.parse(line.amount.lstrip("-")).cents
            sign = -1 if line.kind != "charge" or line.amount.startswith("-") else 1
            session.add(
                LedgerEntry(
                    patient_id=refs[account.patient],
                    posted_at=_moment(line.posted, day0),
                    kind=line.kind,
                    amount_cents=sign * cents,
                    description=line.description[:120],
                    encounter_id=None,
                    payment_id=None,
                )
            )
        session.flush()
        refs[ref], kinds[ref] = refs[account.patient], "accounts"
    for ref, pay in setup.payments.items():
        cents = Money.parse(pay.amount).cents
        payment = Payment(
            patient_id=refs[pay.patient],
            appointment_id=None,
            amount_cents=cents,
            method=pay.method,
            reference=pay.reference.strip(),
            receipt_number=pay.receipt.strip() or f"S{len(refs):05d}",
            received_at=_moment(pay.received, day0),
            purpose=pay.purpose,
        )
        session.add(payment)
        session.flush()
        label = "Co-pay" if pay.purpose == "copay" else "Payment"
        session.add(
            LedgerEntry(
                patient_id=payment.patient_id,
                posted_at=payment.received_at,
                kind="payment",
                amount_cents=-cents,
                description=f"{label} ({pay.method}), receipt {payment.receipt_number}",
                encounter_id=None,
                payment_id=payment.id,
            )
        )
        if pay.voided.strip():
            session.add(
                PaymentVoid(
                    payment_id=payment.id,
                    voided_at=payment.received_at,
                    reason=pay.voided.strip(),
                )
            )
            session.add(
                LedgerEntry(
                    patient_id=payment.patient_id,
                    posted_at=payment.received_at,
                    kind="payment",
                    amount_cents=cents,
                    description=f"Void of receipt {payment.receipt_number}: {pay.voided.strip()}"[
                        :120
                    ],
                    encounter_id=None,
                    payment_id=payment.id,
                )
            )
        session.flush()
        refs[ref], kinds[ref] = payment.id, "payments"
    for ref, person in setup.people.items():
        # Someone the patient's authorised contacts already name is that contact, not a second.
        listed = session.scalars(
            select(Contact).where(
                Contact.patient_id == refs[person.about], Contact.name == person.name
            )
        ).first()
        contact = listed or Contact(patient_id=refs[person.about], name=person.name)
        contact.relation = person.relation
        contact.phone = person.phone
        contact.knows = "; ".join(person.knows)
        contact.authorised = person.authorised or (listed is not None and listed.authorised)
        if contact.authorised and not contact.topics:
            contact.topics = "everything"
        session.add(contact)
        session.flush()
        refs[ref], kinds[ref] = contact.id, "people"
    for ref, doc in setup.expected_documents.items():
        expected = ExpectedDocument(
            patient_id=refs[doc.patient],
            appointment_id=refs[doc.appointment] if doc.appointment else None,
            kind=doc.kind,
            name=doc.name,
            source=doc.source,
            requested_on=parse_when(doc.requested).on(day0) if doc.requested else None,
            received_on=parse_when(doc.received).on(day0) if doc.received else None,
        )
        session.add(expected)
        session.flush()
        refs[ref], kinds[ref] = expected.id, "expected_documents"
    _inventory_setup(session, setup, day0, refs, kinds, start or datetime.combine(day0, time(8)))


def _inventory_setup(
    session: Session,
    setup: Setup,
    day0: date,
    refs: dict[str, Any],
    kinds: dict[str, str],
    start: datetime,
) -> None:
    """Stock counts and purchase orders. Generated orders still expected that carry an item of
    a setup order are removed, so what is on order for it is what the scenario says."""
    items = {item.code: item for item in session.scalars(select(InventoryItem))}
    for ref, stock in setup.stock.items():
        item = items[stock.item]
        if stock.on_hand is not None:
            item.counted_units = stock.on_hand
            item.counted_at = start
        refs[ref], kinds[ref] = item.id, "stock"
    ordered = {items[line.item].id for line in setup.order_lines.values()}
    if ordered:
        stale = session.scalars(
            select(PurchaseOrderLine.order_id)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
            .where(
                PurchaseOrder.status.in_(EXPECTED_ORDERS),
                PurchaseOrderLine.item_id.in_(ordered),
            )
        ).all()
        if stale:
            session.execute(delete(PurchaseOrderLine).where(PurchaseOrderLine.order_id.in_(stale)))
            session.execute(delete(PurchaseOrder).where(PurchaseOrder.id.in_(stale)))
    numbers = session.scalars(select(PurchaseOrder.number)).all()
    highest = max((int(n[3:]) for n in numbers if n[3:].isdigit()), default=1000)
    for ref, o in setup.purchase_orders.items():
        highest += 1
        order = PurchaseOrder(
            number=f"PO-{highest}",
            supplier=o.supplier,
            ordered_at=_moment(o.ordered, day0),
            expected_on=parse_when(o.expected).on(day0),
            rush=o.rush,
            status="open",
            note=o.note,
        )
        session.add(order)
        session.flush()
        refs[ref], kinds[ref] = order.id, "purchase_orders"
    for ref, line in setup.order_lines.items():
        item = items[line.item]
        row = PurchaseOrderLine(
            order_id=refs[line.order],
            item_id=item.id,
            packs_ordered=line.packs,
            pack_cost_cents=item.pack_cost_cents,
            backorder_due=None,
        )
        session.add(row)
        session.flush()
        refs[ref], kinds[ref] = row.id, "order_lines"


def _moment(text: str, day0: date) -> datetime:
    when = parse_when(text)
    return when.at(day0) if when.clock else datetime.combine(when.on(day0), time(9, 0))


def _named(refs: dict[str, Any], kinds: dict[str, str]) -> set[int]:
    return {refs[r] for r, k in kinds.items() if k == "appointments" and r in refs}


def _clear_generated(
    session: Session, provider_id: int, start: datetime, end: datetime, *, keep: set[int]
) -> None:
    """Remove generated visits inside a provider's block; the scenario's own visits stay."""
    ids = [
        i
        for i in session.scalars(
            select(Appointment.id).where(
                Appointment.provider_id == provider_id,
                Appointment.start < end,
                Appointment.end > start,
                Appointment.start > start - timedelta(days=1),
            )
        )
        if i not in keep
    ]
    delete_generated_visits(session, ids)


def delete_generated_visits(session: Session, ids: list[int]) -> None:
    """Remove generated visits and the rows that hang on them (their encounter, the outside
    documents chart prep waits for, a telehealth check-in), to make room for a scenario's own."""
    if not ids:
        return
    for model in (Encounter, ExpectedDocument, TelehealthCheckIn):
        session.execute(delete(model).where(model.appointment_id.in_(ids)))
    session.execute(delete(Appointment).where(Appointment.id.in_(ids)))
