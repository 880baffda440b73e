"""Claims for the seeded clinic's recent insured visits, with the payers' remittances.

Visits of the last weeks have claims in every state of the claims queue: most older ones
paid (the insurance payment already on the account) and, once settled, closed; the newest
still with the payer; a few denied with the codes a biller meets every week (CO-16 with N382,
CO-197, CO-50), waiting to be worked, and older CO-50 denials appealed; a few sent back by the
clearinghouse (a member ID typed short, a pointer to no diagnosis); the last visits' claims
made and ready to send, or their charges not entered yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain.claims import PLACE_OF_SERVICE_OFFICE, ClaimStatus, RemittanceStatus
from ehr_sim.domain.clearinghouse import RELATIONAL, Rejection, member_id_rejection
from ehr_sim.domain.codes import icd10_for_claim
from ehr_sim.domain.posting import contract_rate
from ehr_sim.records import Claim, ClaimLine, Remittance, RemittanceAdjustment
from ehr_sim.world import catalog

Rows = list[tuple[type[Any], list[dict[str, Any]]]]
Adjustment = tuple[str, str, list[str], int]  # group, CARC, RARCs, amount

CLAIM_DAYS = 45  # visits this recent have claims
PAYER_DAYS = (9, 21)  # days from sending a claim to the payer's answer
DENIAL_SHARE = 0.03
UNDERPAID_SHARE = 0.02  # the payer allowed less than its contract: an exception to work
# (group, CARC, RARCs, weight); CO-197 only where the plan needs prior authorization.
DENIALS = [("CO", "16", ["N382"], 4), ("CO", "197", [], 3), ("CO", "50", [], 3)]
# What a patient's share of a paid claim was (by amount): co-pay, coinsurance, deductible.
PATIENT_SHARE_CARC = {2000: "3", 3500: "3", 6000: "2", 12000: "1"}
BACKLOG_DAYS = 3  # visits this recent may still wait for their charges or to be sent
READY_SHARE = 0.3  # of those: the claim is made, not sent yet
UNENTERED_SHARE = 0.15  # of those: the charges are not entered yet (no claim)
REJECTED_SHARE = 0.12  # of those sent and not yet accepted: sent back by the clearinghouse
APPEAL_AFTER_DAYS = 14  # a CO-50 denial this old has been appealed with the visit notes
CLOSE_AFTER_DAYS = 14  # a paid claim with nothing left for the patient is closed this long after


@dataclass
class _Rows:
    claims: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    remittances: list[dict[str, Any]]
    adjustments: list[dict[str, Any]]


def claim_rows(
    *,
    seed: int,
    today: date,
    encounters: list[dict[str, Any]],
    coverages: list[dict[str, Any]],
    ledger: list[dict[str, Any]],
) -> Rows:
    """Claim, line, remittance and adjustment rows; `ledger` loses the insurance payments of
    visits whose claims are not paid, and paid ones are dated on their remittance."""
    rng = random.Random(f"{seed}-claims")
    # The queue's other states (ready, rejected) draw from a stream of their own.
    queue = random.Random(f"{seed}-claims-queue")
    coverage_of = {c["patient_id"]: c for c in coverages if c["rank"] == 1}
    prior_auth_plans = _plans_needing_prior_auth()
    payer_codes = _payer_code_of_plan()
    payments = {
        e["encounter_id"]: e
        for e in ledger
        if e["kind"] == "payment" and e["encounter_id"] is not None
    }
    unpaid: set[int] = set()
    rows = _Rows([], [], [], [])
    first_day = today - timedelta(days=CLAIM_DAYS)
    opens = datetime.combine(today, time(7))
    for encounter in encounters:
        seen: datetime = encounter["seen_at"]
        coverage = coverage_of.get(encounter["patient_id"])
        if seen.date() < first_day or coverage is None or coverage["effective_on"] > seen.date():
            continue
        submitted = datetime.combine(seen.date() + timedelta(days=1), time(16, 30))
        backlog = (today - seen.date()).days <= BACKLOG_DAYS
        roll = queue.random()
        if submitted >= opens or (backlog and roll < READY_SHARE + UNENTERED_SHARE):
            unpaid.add(encounter["id"])
            if roll < UNENTERED_SHARE or (submitted >= opens and roll >= 0.5):
                continue  # the charges are not entered yet: nothing to bill
            submitted = seen + timedelta(hours=3)  # made when the charges were entered
        claim_id = len(rows.claims) + 1
        charge = encounter["charge_cents"]
        rows.claims.append(
            {
                "id": claim_id,
                "patient_id": encounter["patient_id"],
                "coverage_id": coverage["id"],
                "provider_id": encounter["provider_id"],
                "encounter_id": encounter["id"],
                "appointment_id": encounter["appointment_id"],
                "service_date": seen.date(),
                "member_id": coverage["member_id"],
                "frequency_code": 1,
                "original_claim_number": "",
                "payer_claim_number": "",
                "status": ClaimStatus.SUBMITTED.value,
                "submitted_at": submitted,
                "diagnoses": icd10_for_claim(encounter["icd10"]),
                "prior_auth_number": "",
                "total_cents": charge,
                "resubmission_of_id": None,
                "replaced_by_id": None,
                "rejection_reason": "",
                "written_off_cents": 0,
                "transferred_cents": 0,
            }
        )
        rows.lines.append(
            {
                "claim_id": claim_id,
                "line_no": 1,
                "cpt": encounter["cpt"],
                "modifiers": "",
                "pointers": "A",
                "units": 1,
                "charge_cents": charge,
                "place_of_service": PLACE_OF_SERVICE_OFFICE,
            }
        )
        claim = rows.claims[-1]
        if encounter["id"] in unpaid:
            claim["status"] = ClaimStatus.READY.value
            continue
        received = submitted + timedelta(days=rng.randint(*PAYER_DAYS), hours=-8)
        if received >= opens:
            if (today - submitted.date()).days >= 3 and rng.random() < 0.6:
                claim["status"] = ClaimStatus.ACCEPTED.value
            elif queue.random() < REJECTED_SHARE:
                _reject(queue, claim, rows.lines[-1], coverage)
            unpaid.add(encounter["id"])
            continue
        number = f"{received:%y%j}{rng.randrange(10**8):08d}"
        claim["payer_claim_number"] = number
        payment = payments.get(encounter["id"])
        if payment is None or rng.random() < DENIAL_SHARE:
            denial = _denial(rng, coverage["plan_id"] in prior_auth_plans)
            claim["status"] = ClaimStatus.DENIED.value
            if denial[1] == "16":  # the member ID went out with a doubled last digit
                claim["member_id"] = coverage["member_id"] + coverage["member_id"][-1]
            _remittance(rows, claim_id, number, received, 0, [(*denial, charge)], paying=False)
            if denial[1] == "50" and (today - received.date()).days >= APPEAL_AFTER_DAYS:
                claim["status"] = ClaimStatus.APPEALED.value  # read, and appealed with notes
                rows.remittances[-1]["read_at"] = received + timedelta(days=1)
            unpaid.add(encounter["id"])
            continue
        claim["status"] = ClaimStatus.PAID.value
        patient_share = charge + payment["amount_cents"]
        if patient_share >= charge:  # all of it to the deductible: nothing paid
            patient_share = charge
            unpaid.add(encounter["id"])
        if not patient_share and (today - received.date()).days >= CLOSE_AFTER_DAYS:
            claim["status"] = ClaimStatus.CLOSED.value
        contract = contract_rate(payer_codes[coverage["plan_id"]], charge) or charge
        if rng.random() < UNDERPAID_SHARE:
            contract -= rng.choice((500, 1000, 1500))
        allowed = min(charge, max(patient_share, contract))
        adjustments: list[Adjustment] = [("CO", "45", [], charge - allowed)]
        if patient_share:
            carc = PATIENT_SHARE_CARC.get(patient_share, "1")
            adjustments.append(("PR", carc, [], patient_share))
        paid = allowed - patient_share
        _remittance(rows, claim_id, number, received, paid, adjustments, paying=True)
        payment["posted_at"] = received
    ledger[:] = [e for e in ledger if not (e["kind"] == "payment" and e["encounter_id"] in unpaid)]
    return [
        (Claim, rows.claims),
        (ClaimLine, rows.lines),
        (Remittance, rows.remittances),
        (RemittanceAdjustment, rows.adjustments),
    ]


def _reject(
    rng: random.Random, claim: dict[str, Any], line: dict[str, Any], coverage: dict[str, Any]
) -> None:
    """The clearinghouse sent the claim back: a member ID typed short, or a line pointing to
    a diagnosis the claim does not carry. It never reached the payer."""
    claim["status"] = ClaimStatus.REJECTED.value
    payer = catalog.PAYERS[_payer_index(coverage["plan_id"])]
    typed = coverage["member_id"][:-2]
    problem = member_id_rejection(typed, payer[2], payer[3], payer[0])
    if problem is not None and rng.random() < 0.6:
        claim["member_id"] = typed
    else:
        line["pointers"] = "A,B"
        problem = Rejection(
            RELATIONAL,
            "item 24E line 1 diagnosis pointer",
            "pointer B points to no diagnosis in item 21.",
        )
    claim["rejection_reason"] = str(problem)


def _payer_index(plan_id: int) -> int:
    """Which catalog payer a plan id (numbered in catalog order) belongs to."""
    for index, (*_payer, plans) in enumerate(catalog.PAYERS):
        if plan_id <= len(plans):
            return index
        plan_id -= len(plans)
    raise ValueError(f"no plan {plan_id} in the catalog")


def _denial(rng: random.Random, prior_auth: bool) -> tuple[str, str, list[str]]:
    kinds = [d for d in DENIALS if prior_auth or d[1] != "197"]
    group, carc, rarcs, _weight = rng.choices(kinds, [d[3] for d in kinds])[0]
    return group, carc, list(rarcs)


def _remittance(
    rows: _Rows,
    claim_id: int,
    number: str,
    received: datetime,
    paid: int,
    adjustments: list[Adjustment],
    *,
    paying: bool,
) -> None:
    remittance_id = len(rows.remittances) + 1
    rows.remittances.append(
        {
            "id": remittance_id,
            "claim_id": claim_id,
            "payer_claim_number": number,
            "received_at": received,
            "paid_cents": paid,
            # Payments were posted when they arrived; denials wait to be read and posted.
            "status": (RemittanceStatus.POSTED if paying else RemittanceStatus.RECEIVED).value,
            "read_at": received if paying else None,
            "posted_at": received if paying else None,
        }
    )
    rows.adjustments += [
        {
            "remittance_id": remittance_id,
            "group_code": group,
            "carc": carc,
            "rarcs": ",".join(rarcs),
            "amount_cents": amount,
        }
        for group, carc, rarcs, amount in adjustments
        if amount
    ]


def _payer_code_of_plan() -> dict[int, str]:
    """Plan id -> its payer's code, plan ids as the generator numbers them."""
    codes, plan_id = {}, 0
    for _name, code, *_rest, plans in catalog.PAYERS:
        for _plan in plans:
            plan_id += 1
            codes[plan_id] = code
    return codes


def _plans_needing_prior_auth() -> set[int]:
    """Plan ids as the generator numbers them (in catalog order)."""
    needing, plan_id = set(), 0
    for *_payer, plans in catalog.PAYERS:
        for plan in plans:
            plan_id += 1
            if plan[-1]:
                needing.add(plan_id)
    return needing
