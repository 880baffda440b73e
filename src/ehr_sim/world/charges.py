"""The superbills of the seeded clinic's recent visits: what was entered at check-out.

Every visit in the claim window has its charges entered (the claim, if any, made from them),
except the few of the last days whose charges wait for the trainee (no claim either).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ehr_sim.domain.codes import icd10_for_claim
from ehr_sim.records import Charge, Superbill
from ehr_sim.world.claims import CLAIM_DAYS

Rows = list[tuple[type[Any], list[dict[str, Any]]]]
ENTERED_BY = "front desk colleague"


def superbill_rows(
    *,
    today: date,
    encounters: list[dict[str, Any]],
    coverages: list[dict[str, Any]],
    claims: list[dict[str, Any]],
) -> Rows:
    """A superbill and its one line for each visit billed (claim) or self-pay in the window."""
    insured = {c["patient_id"]: c for c in coverages if c["rank"] == 1}
    claim_of = {c["encounter_id"]: c for c in claims}
    bills: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    first_day = today - timedelta(days=CLAIM_DAYS)
    for encounter in encounters:
        seen = encounter["seen_at"]
        if not first_day <= seen.date() < today:
            continue
        claim = claim_of.get(encounter["id"])
        coverage = insured.get(encounter["patient_id"])
        self_pay = coverage is None or coverage["effective_on"] > seen.date()
        if claim is None and not self_pay:
            continue  # charges not entered yet
        bill_id = len(bills) + 1
        bills.append(
            {
                "id": bill_id,
                "appointment_id": encounter["appointment_id"],
                "encounter_id": encounter["id"],
                "patient_id": encounter["patient_id"],
                "provider_id": encounter["provider_id"],
                "service_date": seen.date(),
                "diagnoses": claim["diagnoses"] if claim else icd10_for_claim(encounter["icd10"]),
                "entered_at": seen + timedelta(hours=2),
                "entered_by": ENTERED_BY,
                "claim_id": claim["id"] if claim else None,
            }
        )
        lines.append(
            {
                "superbill_id": bill_id,
                "line_no": 1,
                "cpt": encounter["cpt"],
                "modifiers": "",
                "units": 1,
                "pointers": "A",
                "charge_cents": encounter["charge_cents"],
            }
        )
    return [(Superbill, bills), (Charge, lines)]
