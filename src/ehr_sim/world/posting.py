"""Six months of posted money for the seeded clinic: each payer's payment, its contractual
write-down and the patient's share moved to the patient, as separate ledger lines; patients
paying (or not) after their statements; a few payment plans; and the last day's ERAs left
waiting on the posting desk. Every ledger still sums to the same balances.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain.posting import contract_rate, plan_schedule
from ehr_sim.records import PaymentPlan, Statement
from ehr_sim.world import catalog

Rows = list[tuple[type[Any], list[dict[str, Any]]]]

WAITING_DAYS = 1  # ERAs received this recently wait to be posted
LUMPED = "Insurance payment and contractual adjustment"
PAID_IN_FULL, PAID_PART = 0.55, 0.12
PLAN_SHARE = 0.25  # of the patients who owe $100 or more
PLAN_MISSED = 0.15  # chance an installment due is not paid (and the rest stop)
STATEMENT_DAYS = 30


def posting_rows(
    *,
    seed: int,
    today: date,
    claims: Rows,
    coverages: list[dict[str, Any]],
    ledger: list[dict[str, Any]],
) -> Rows:
    """Split the visits' lumped insurance payments into what an ERA posts, add the patients'
    own payments, statements and plans; `claims` rows and `ledger` are changed in place."""
    rng = random.Random(f"{seed}-posting")
    opens = datetime.combine(today, time(7))
    tables = {model.__tablename__: rows for model, rows in claims}
    remittance_of = {r["claim_id"]: r for r in tables["remittances"]}
    adjustments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in tables["remittance_adjustments"]:
        adjustments[a["remittance_id"]].append(a)
    lumped = {
        e["encounter_id"]: e
        for e in ledger
        if e["kind"] == "payment" and e["description"] == LUMPED and e["encounter_id"]
    }
    drop: set[int] = set()  # ids of lumped entries replaced
    added: list[dict[str, Any]] = []
    claimed: set[int] = set()
    for claim in tables["claims"]:
        claimed.add(claim["encounter_id"])
        remittance = remittance_of.get(claim["id"])
        if claim["status"] not in ("paid", "closed") or remittance is None:
            continue
        entry = lumped.get(claim["encounter_id"])
        if entry is not None:
            drop.add(id(entry))
        received: datetime = remittance["received_at"]
        if received >= opens - timedelta(days=WAITING_DAYS):
            remittance.update(status="received", read_at=None, posted_at=None)
            continue
        ref = f"claim {claim['id']}, payer no. {remittance['payer_claim_number']}"
        base = {"patient_id": claim["patient_id"], "encounter_id": claim["encounter_id"]}
        if remittance["paid_cents"]:
            added.append(
                _entry(base, received, "payment", -remittance["paid_cents"], f"ERA paid ({ref})")
            )
        share = 0
        for a in adjustments[remittance["id"]]:
            if a["group_code"] == "PR":
                share += a["amount_cents"]
            else:
                text = f"{a['group_code']}-{a['carc']} contractual adjustment ({ref})"
                added.append(_entry(base, received, "adjustment", -a["amount_cents"], text))
        if share:
            added.append(_entry(base, received, "transfer", -share, f"From insurance: PR ({ref})"))
            added.append(_entry(base, received, "transfer", share, f"To patient: PR ({ref})"))
            claim["transferred_cents"] = share
    payer_of = _payer_codes(coverages)
    charges = {
        e["encounter_id"]: e["amount_cents"]
        for e in ledger
        if e["kind"] == "charge" and e["encounter_id"]
    }
    for encounter_id, entry in lumped.items():
        if encounter_id in claimed or id(entry) in drop:
            continue
        # Older visits: the payer's payment and its write-down as two lines.
        charge = charges.get(encounter_id, 0)
        allowed = contract_rate(payer_of.get(entry["patient_id"], ""), charge)
        settled = -entry["amount_cents"]
        if allowed is None or not 0 < charge - allowed < settled:
            continue
        drop.add(id(entry))
        base = {"patient_id": entry["patient_id"], "encounter_id": encounter_id}
        when = entry["posted_at"]
        paid = settled - (charge - allowed)
        added.append(_entry(base, when, "payment", -paid, "Insurance payment (paper EOB)"))
        added.append(
            _entry(base, when, "adjustment", -(charge - allowed), "CO-45 contractual adjustment")
        )
    ledger[:] = [e for e in ledger if id(e) not in drop] + added
    return _patients_pay(rng, today, ledger, tables)


def _patients_pay(
    rng: random.Random, today: date, ledger: list[dict[str, Any]], tables: dict[str, Any]
) -> Rows:
    """Patients pay some shares after a statement; the rest age, with statements and plans."""
    waiting = {
        c["encounter_id"]
        for c in tables["claims"]
        if c["status"] in ("ready", "submitted", "rejected", "accepted", "denied", "appealed")
        or any(
            r["claim_id"] == c["id"] and r["status"] == "received" for r in tables["remittances"]
        )
    }
    owed: dict[tuple[int, int], int] = defaultdict(int)
    first: dict[tuple[int, int], datetime] = {}
    for e in ledger:
        if e["encounter_id"] is None or e["encounter_id"] in waiting:
            continue
        key = (e["patient_id"], e["encounter_id"])
        owed[key] += e["amount_cents"]
        first[key] = min(first.get(key, e["posted_at"]), e["posted_at"])
    yesterday = datetime.combine(today - timedelta(days=1), time(16))
    open_by_patient: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for key in sorted(owed):
        cents = owed[key]
        if cents <= 0:
            continue
        patient_id, encounter_id = key
        billed_at = first[key] + timedelta(days=STATEMENT_DAYS)
        roll = rng.random()
        if billed_at < yesterday and roll < PAID_IN_FULL + PAID_PART:
            pay = cents if roll < PAID_IN_FULL else cents // 2
            when = min(billed_at + timedelta(days=rng.randint(5, 25)), yesterday)
            method = rng.choice(("check", "card", "card", "online"))
            ledger.append(
                _entry(
                    {"patient_id": patient_id, "encounter_id": encounter_id},
                    when,
                    "payment",
                    -pay,
                    f"Patient payment by {method}",
                )
            )
            cents -= pay
        if cents:
            open_by_patient[patient_id].append((first[key], cents))
    statements: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for patient_id in sorted(open_by_patient):
        items = sorted(open_by_patient[patient_id])
        issued = items[0][0] + timedelta(days=STATEMENT_DAYS)
        while issued < yesterday:
            due = sum(c for when, c in items if when <= issued - timedelta(days=STATEMENT_DAYS))
            if due > 0:
                statements.append(
                    {
                        "patient_id": patient_id,
                        "issued_at": issued.replace(hour=6),
                        "amount_due_cents": due,
                    }
                )
            issued += timedelta(days=STATEMENT_DAYS)
        total = sum(c for _w, c in items)
        if total >= 10000 and rng.random() < PLAN_SHARE:
            created = datetime.combine(today - timedelta(days=rng.randint(3, 40)), time(11))
            installments = rng.choice((3, 4))
            plans.append(
                {
                    "patient_id": patient_id,
                    "created_at": created,
                    "total_cents": total,
                    "installments": installments,
                    "first_due": created.date(),
                    "status": "active",
                    "note": "Signed agreement scanned.",
                }
            )
            for item in plan_schedule(total, installments, created.date()):
                if item.due >= today or rng.random() < PLAN_MISSED:
                    break
                ledger.append(
                    _entry(
                        {"patient_id": patient_id, "encounter_id": None},
                        datetime.combine(item.due, time(14)),
                        "payment",
                        -item.amount_cents,
                        "Payment plan installment by card",
                    )
                )
    return [(Statement, statements), (PaymentPlan, plans)]


def _entry(
    base: dict[str, Any], when: datetime, kind: str, cents: int, text: str
) -> dict[str, Any]:
    return {
        **base,
        "posted_at": when,
        "kind": kind,
        "amount_cents": cents,
        "description": text[:120],
        "payment_id": None,
    }


def _payer_codes(coverages: list[dict[str, Any]]) -> dict[int, str]:
    """Patient id -> the payer code of their first coverage (plans numbered in catalog order)."""
    code_of_plan, plan_id = {}, 0
    for _name, code, *_rest, plans in catalog.PAYERS:
        for _plan in plans:
            plan_id += 1
            code_of_plan[plan_id] = code
    return {c["patient_id"]: code_of_plan[c["plan_id"]] for c in coverages if c["rank"] == 1}
