"""What billing a claim's secondary payer would send: the primary's answer from its posted ERA
and the patient's next coverage (the claim page's "Bill secondary…" reads it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ehr_sim.app.handlers.accounts import open_balance
from ehr_sim.app.handlers.claims import remittance_pays
from ehr_sim.app.handlers.posting import secondary_coverage
from ehr_sim.domain.claims import AdjustmentGroup, ClaimStatus, RemittanceStatus
from ehr_sim.domain.money import Money
from ehr_sim.records import Claim, Coverage, PriorPayment
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class SecondaryBill:
    """A paid primary claim and the coverage its open balance would go on to."""

    claim_id: int
    charge: Money
    primary_payer: str
    primary_paid: Money
    contractual: Money  # the primary's adjustments other than PR (CO, OA, PI)
    patient_share: Money  # the primary's PR adjustments: what the secondary is asked about
    open_balance: Money  # what moves to the secondary
    secondary_payer: str
    secondary_plan: str
    secondary_member_id: str
    sent_as: int | None  # the secondary claim already sent for it, if any


def secondary_bill(db: Database, claim_id: int) -> SecondaryBill | None:
    """The secondary bill for a claim whose primary paid (ERA posted) while the patient has
    another coverage on the date of service; None when either is missing."""
    with db.reading() as s:
        claim = s.get(Claim, claim_id)
        if claim is None or ClaimStatus(claim.status) is not ClaimStatus.PAID:
            return None
        posted = [r for r in claim.remittances if r.status == RemittanceStatus.POSTED]
        if not posted or not remittance_pays(posted[-1]):
            return None
        second = secondary_coverage(s, claim)
        if second is None:
            return None
        era = posted[-1]
        primary = s.get(Coverage, claim.coverage_id)
        sent = s.scalar(
            select(PriorPayment.claim_id).where(PriorPayment.primary_claim_id == claim.id)
        )
        return SecondaryBill(
            claim_id=claim.id,
            charge=Money(claim.total_cents),
            primary_payer=primary.plan.payer.name if primary else "",
            primary_paid=Money(era.paid_cents),
            contractual=Money(
                sum(a.amount_cents for a in era.adjustments if a.group_code != AdjustmentGroup.PR)
            ),
            patient_share=Money(
                sum(a.amount_cents for a in era.adjustments if a.group_code == AdjustmentGroup.PR)
            ),
            open_balance=Money(open_balance(claim)),
            secondary_payer=second.plan.payer.name,
            secondary_plan=second.plan.name,
            secondary_member_id=second.member_id,
            sent_as=sent,
        )
