"""Validation of the setup records beyond patients, visits and claims (waitlist, results,
in-basket, accounts, provider blocks, people); mixed into the scenario checker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from ehr_sim.domain.money import Money
from ehr_sim.packs.schema import Scenario
from ehr_sim.packs.when import parse_when
from ehr_sim.world import catalog
from ehr_sim.world.inventory import ITEMS

Path = tuple[str | int, ...]
Found = tuple[Path, str, str]

# Setup sections whose records are named by reference, and the kind of record each makes.
SETUP_SECTIONS = {
    "patients": "patients",
    "coverages": "coverages",
    "appointments": "appointments",
    "claims": "claims",
    "provider_blocks": "provider_blocks",
    "waitlist": "waitlist",
    "results": "results",
    "inbox": "messages",
    "accounts": "accounts",
    "payments": "payments",
    "people": "people",
    "expected_documents": "expected_documents",
    "stock": "stock",
    "purchase_orders": "purchase_orders",
    "order_lines": "order_lines",
}
NOUNS = {
    "patients": "patient",
    "coverages": "coverage",
    "appointments": "appointment",
    "claims": "claim",
    "provider_blocks": "provider block",
    "waitlist": "waitlist entry",
    "results": "result",
    "messages": "staff message",
    "accounts": "account",
    "payments": "receipt",
    "drawer_counts": "drawer count",
    "deposits": "deposit",
    "people": "person",
    "records_requests": "records request",
    "disclosures": "disclosure",
    "referrals": "referral",
    "prior_auths": "prior authorisation request",
    "expected_documents": "expected document",
    "stock": "inventory item",
    "purchase_orders": "purchase order",
    "order_lines": "purchase order line",
}
_SAMPLE_DAY = date(2026, 1, 5)
_PROVIDERS = {row[1].lower() for row in catalog.PROVIDERS}
_TYPES = {row[0]: row[2] for row in catalog.APPOINTMENT_TYPES}
_ITEMS = {row[0] for row in ITEMS}


def noun(kind: str) -> str:
    return NOUNS.get(kind, kind)


def one(kind: str) -> str:
    word = noun(kind)
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _unknown(what: str, name: str, known: set[str] | dict[str, int]) -> str:
    return f"unknown {what} '{name}'; use one of {', '.join(sorted(known))}"


class SetupChecks:
    """Checks for section 5's further setup records; the checker supplies `s` and `need`."""

    s: Scenario

    def need(self, ref: str, kind: str, path: Path) -> Iterator[Found]:
        raise NotImplementedError

    def more_setup(self) -> Iterator[Found]:
        setup = self.s.setup
        for ref, block in setup.provider_blocks.items():
            path: Path = ("setup", "provider_blocks", ref)
            if block.provider not in _PROVIDERS:
                yield (
                    (*path, "provider"),
                    "REF001",
                    _unknown("provider", block.provider, _PROVIDERS),
                )
            when = parse_when(block.start)
            if when.clock is None:
                yield ((*path, "start"), "TIM002", "a block needs a clock time, like '+1bd 13:00'")
                continue
            start = when.at(_SAMPLE_DAY)
            end = start + timedelta(minutes=block.minutes)
            if end.date() != start.date():
                yield ((*path, "minutes"), "TIM002", "a block must end on the day it starts")
            for visit_ref, visit in setup.appointments.items():
                visit_when = parse_when(visit.start)
                if visit.provider != block.provider or visit_when.clock is None:
                    continue
                visit_start = visit_when.at(_SAMPLE_DAY)
                visit_end = visit_start + timedelta(minutes=_TYPES.get(visit.type, 15))
                if visit_start < end and visit_end > start:
                    yield (
                        ("setup", "appointments", visit_ref, "start"),
                        "TIM002",
                        f"this visit falls in block '{ref}' ({block.label}) of the same provider",
                    )
        for ref, w in setup.waitlist.items():
            path = ("setup", "waitlist", ref)
            yield from self.need(w.patient, "patients", (*path, "patient"))
            if w.type not in _TYPES:
                yield ((*path, "type"), "REF001", _unknown("visit type", w.type, _TYPES))
            if w.provider is not None and w.provider not in _PROVIDERS:
                yield ((*path, "provider"), "REF001", _unknown("provider", w.provider, _PROVIDERS))
            if parse_when(w.latest).on(_SAMPLE_DAY) < parse_when(w.earliest).on(_SAMPLE_DAY):
                yield ((*path, "latest"), "TIM002", "the waitlist window ends before it starts")
        for ref, r in setup.results.items():
            path = ("setup", "results", ref)
            yield from self.need(r.patient, "patients", (*path, "patient"))
            if r.reviewed_by is not None and r.reviewed_by not in _PROVIDERS:
                yield (
                    (*path, "reviewed_by"),
                    "REF001",
                    _unknown("provider", r.reviewed_by, _PROVIDERS),
                )
            if r.reviewed is not None and r.reviewed_by is None:
                yield (
                    (*path, "reviewed"),
                    "SET001",
                    "a review time without 'reviewed_by': name the provider who reviewed it, or "
                    "leave both out for a result still waiting for review",
                )
            elif r.reviewed is not None and _day(r.reviewed) < _day(r.resulted):
                yield ((*path, "reviewed"), "TIM002", "the result is reviewed before it came back")
        for ref, m in setup.inbox.items():
            if m.patient is not None:
                yield from self.need(m.patient, "patients", ("setup", "inbox", ref, "patient"))
        for ref, account in setup.accounts.items():
            yield from self.need(account.patient, "patients", ("setup", "accounts", ref, "patient"))
        receipts: dict[str, str] = {}
        for ref, pay in setup.payments.items():
            path = ("setup", "payments", ref)
            yield from self.need(pay.patient, "patients", (*path, "patient"))
            if parse_when(pay.received).clock is None:
                yield ((*path, "received"), "TIM002", "a receipt needs a clock time, like '08:32'")
            if pay.amount.startswith("-") or not Money.parse(pay.amount).cents:
                yield ((*path, "amount"), "SET001", "a receipt's amount is more than $0.00")
            if pay.method == "check" and not pay.reference.strip():
                yield ((*path, "reference"), "SET001", "a check needs its number in 'reference'")
            number = pay.receipt.strip()
            if number and number in receipts:
                yield (
                    (*path, "receipt"),
                    "SET002",
                    f"receipt {number} is also '{receipts[number]}'; receipt numbers are unique",
                )
            receipts.setdefault(number or ref, ref)
        for ref, person in setup.people.items():
            yield from self.need(person.about, "patients", ("setup", "people", ref, "about"))
            if person.about in setup.patients:
                patient = setup.patients[person.about]
                if (
                    person.name.strip().lower()
                    == f"{patient.first_name} {patient.last_name}".lower()
                ):
                    yield (
                        ("setup", "people", ref, "name"),
                        "SET002",
                        f"'{ref}' has the name of the patient they call about; a person in "
                        "'people' is someone else (a spouse, a parent): give their own name",
                    )
        yield from self.expected_documents()

    def expected_documents(self) -> Iterator[Found]:
        setup = self.s.setup
        for ref, doc in setup.expected_documents.items():
            path: Path = ("setup", "expected_documents", ref)
            yield from self.need(doc.patient, "patients", (*path, "patient"))
            if doc.appointment is not None:
                yield from self.need(doc.appointment, "appointments", (*path, "appointment"))
                visit = setup.appointments.get(doc.appointment)
                if visit is not None and visit.patient != doc.patient:
                    yield (
                        (*path, "appointment"),
                        "SET003",
                        f"visit '{doc.appointment}' is {visit.patient}'s, not {doc.patient}'s: "
                        "a document waits for a visit of the same patient",
                    )
            if (
                doc.received is not None
                and doc.requested is not None
                and _day(doc.received) < _day(doc.requested)
            ):
                yield ((*path, "received"), "TIM002", "it is received before it was requested")
        yield from self.inventory_setup()

    def inventory_setup(self) -> Iterator[Found]:
        setup = self.s.setup
        for ref, stock in setup.stock.items():
            if stock.item not in _ITEMS:
                yield (
                    ("setup", "stock", ref, "item"),
                    "REF001",
                    _unknown("inventory item", stock.item, _ITEMS),
                )
        for ref, order in setup.purchase_orders.items():
            if _day(order.expected).date() < _day(order.ordered).date():
                yield (
                    ("setup", "purchase_orders", ref, "expected"),
                    "TIM002",
                    "the order is expected before it was placed",
                )
        items_on: dict[str, set[str]] = {}
        for ref, line in setup.order_lines.items():
            path: Path = ("setup", "order_lines", ref)
            yield from self.need(line.order, "purchase_orders", (*path, "order"))
            if line.item not in _ITEMS:
                yield ((*path, "item"), "REF001", _unknown("inventory item", line.item, _ITEMS))
            elif line.item in items_on.setdefault(line.order, set()):
                yield (
                    (*path, "item"),
                    "REF002",
                    f"{line.item} is already a line of '{line.order}': one line per item",
                )
            items_on[line.order].add(line.item)


def _day(text: str) -> datetime:
    when = parse_when(text)
    return (
        when.at(_SAMPLE_DAY)
        if when.clock
        else datetime.combine(when.on(_SAMPLE_DAY), datetime.min.time())
    )
