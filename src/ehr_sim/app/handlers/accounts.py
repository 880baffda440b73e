"""Money on a patient's account from claims: posting denials, write-offs, billing the patient."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.app.handlers.claims import (
    claim_label,
    claim_of,
    codes_text,
    post_to_ledger,
    remittance_pays,
    superseded,
)
from ehr_sim.domain.actions import PostDenial, TransferToPatient, WriteOff
from ehr_sim.domain.claims import ClaimStatus, RemittanceStatus
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.money import Money
from ehr_sim.records import Claim, PriorPayment, Remittance

MONEY_CHANGES = frozenset({Change.CLAIMS, Change.PAYMENTS})


@handles(PostDenial, changes=MONEY_CHANGES, subject=(Remittance, "remittance_id"))
def post_denial(ctx: Context, action: PostDenial) -> Applied:
    remittance: Remittance = require(ctx.session, Remittance, action.remittance_id, "remittance")
    claim = remittance.claim
    if remittance_pays(remittance):
        raise ActionRefused(
            f"This remittance pays {Money(remittance.paid_cents)}; it is not a denial.",
            code="not_a_denial",
        )
    if remittance.status == RemittanceStatus.POSTED:
        when = f" on {remittance.posted_at:%m/%d/%Y}" if remittance.posted_at else ""
        raise ActionRefused(f"This remittance was already posted{when}.", code="already_posted")
    post_to_ledger(
        ctx.session,
        claim,
        ctx.now,
        "denial",
        0,
        f"Denial posted: claim {claim.id}, payer no. {remittance.payer_claim_number}"
        f"{codes_text(remittance)}",
    )
    remittance.status = RemittanceStatus.POSTED.value
    remittance.posted_at = ctx.now
    return Applied(
        f"Posted the denial of {claim_label(ctx.session, claim)}{codes_text(remittance)}. Nothing "
        "was paid: the balance stays open until the claim is corrected, appealed or adjusted.",
        record_id=remittance.id,
        patient_id=claim.patient_id,
        details={"codes": [f"{a.group_code}-{a.carc}" for a in remittance.adjustments]},
    )


@handles(WriteOff, changes=MONEY_CHANGES, subject=(Claim, "claim_id"))
def write_off(ctx: Context, action: WriteOff) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    amount = _check_amount(ctx.session, claim, action.amount_cents, action.reason)
    label = claim_label(ctx.session, claim)
    post_to_ledger(
        ctx.session,
        claim,
        ctx.now,
        "adjustment",
        -amount.cents,
        f"Write-off, claim {claim.id}: {action.reason.strip()}",
    )
    claim.written_off_cents += amount.cents
    warnings: tuple[str, ...] = ()
    if ClaimStatus(claim.status).awaiting_payer:
        warnings = ("The payer has not answered this claim yet.",)
    return Applied(
        f"Wrote off {amount} of {label}.",
        record_id=claim.id,
        patient_id=claim.patient_id,
        details={"amount_cents": amount.cents},
        warnings=warnings,
    )


@handles(TransferToPatient, changes=MONEY_CHANGES, subject=(Claim, "claim_id"))
def transfer_to_patient(ctx: Context, action: TransferToPatient) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    amount = _check_amount(ctx.session, claim, action.amount_cents, action.reason)
    label = claim_label(ctx.session, claim)
    reason = action.reason.strip()
    _refuse_contractual(claim, amount.cents)
    # The account's total does not change; who owes it does.
    post_to_ledger(
        ctx.session, claim, ctx.now, "transfer", -amount.cents, f"From insurance: {label}"
    )
    post_to_ledger(ctx.session, claim, ctx.now, "transfer", amount.cents, f"To patient: {reason}")
    warnings = _transfer_warnings(claim)
    claim.transferred_cents += amount.cents
    return Applied(
        f"Moved {amount} of {label} to the patient's responsibility: the patient will be billed.",
        record_id=claim.id,
        patient_id=claim.patient_id,
        details={"amount_cents": amount.cents},
        warnings=warnings,
    )


def _refuse_contractual(claim: Claim, cents: int) -> None:
    """A contractual (CO/PI) amount is never the patient's: refuse to bill it to them."""
    status = ClaimStatus(claim.status)
    latest = claim.remittances[-1] if claim.remittances else None
    if latest is None or status.awaiting_payer:
        return
    contractual = [a for a in latest.adjustments if a.group_code in ("CO", "PI")]
    if status is ClaimStatus.DENIED and contractual:
        codes = ", ".join(f"{a.group_code}-{a.carc}" for a in contractual)
        raise ActionRefused(
            f"This is a contractual denial ({codes}): a CO amount is never billed to the "
            "patient. Correct and resubmit the claim, appeal, or adjust it off.",
            code="contractual",
        )
    patient_share = sum(a.amount_cents for a in latest.adjustments if a.group_code == "PR")
    if claim.transferred_cents + cents > patient_share:
        raise ActionRefused(
            f"The ERA makes the patient responsible for {Money(patient_share)} (PR), "
            f"{Money(claim.transferred_cents)} of it already billed to them; the rest is "
            "contractual (CO) and is never billed to the patient.",
            code="contractual",
        )


def _transfer_warnings(claim: Claim) -> tuple[str, ...]:
    latest = claim.remittances[-1] if claim.remittances else None
    if latest is None or ClaimStatus(claim.status).awaiting_payer:
        return ("The payer has not answered this claim yet: the patient's share is not known.",)
    return ()


def open_balance(claim: Claim) -> int:
    """What is still owed on a claim by insurance, in cents: its charges less what the payer
    paid and adjusted (ERAs posted), written off, moved to the patient or on to a secondary
    payer. On a secondary claim, what the primary settled (OA-23 on its ERA) counts once."""
    session = object_session(claim)
    prior = None
    handed_on = 0
    if session is not None and claim.id is not None:
        prior = session.scalar(select(PriorPayment).where(PriorPayment.claim_id == claim.id))
        handed_on = int(
            session.scalar(
                select(func.sum(PriorPayment.patient_cents)).where(
                    PriorPayment.primary_claim_id == claim.id
                )
            )
            or 0
        )
    return claim_open_cents(claim, prior, handed_on)


def claim_open_cents(claim: Claim, prior: PriorPayment | None, handed_on: int) -> int:
    """`open_balance` with the prior payment it carries and the cents it handed on to a
    secondary already read (for reading many claims at once)."""
    if ClaimStatus(claim.status).closed:
        return 0
    # A remittance's contractual adjustments settle the claim once they are posted.
    settled = sum(
        r.paid_cents
        + sum(
            a.amount_cents
            for a in r.adjustments
            if a.group_code != "PR" and not (prior is not None and a.carc == "23")
        )
        for r in claim.remittances
        if remittance_pays(r) and r.status == RemittanceStatus.POSTED
    )
    if prior is not None:
        settled += prior.paid_cents + prior.contractual_cents
    return (
        claim.total_cents - settled - claim.written_off_cents - claim.transferred_cents - handed_on
    )


def _check_amount(session: Session, claim: Claim, cents: int, reason: str) -> Money:
    status = ClaimStatus(claim.status)
    label = claim_label(session, claim)
    if status.closed:
        raise ActionRefused(superseded(session, claim), code="claim_closed")
    if cents <= 0:
        raise ActionRefused("Enter an amount of more than $0.00.", code="invalid")
    require_reason(reason, "Give a reason; the account's history keeps it.")
    left = open_balance(claim)
    if cents > left:
        raise ActionRefused(
            f"{Money(cents)} is more than the {Money(left)} still open on {label}.",
            code="too_much",
        )
    return Money(cents)
