"""Posting remittances and billing patients: ERAs (one or all clean ones), paper EOBs, the
secondary claim, refunds, statements and payment plans. Each action posts whole or not at all:
the gateway's one transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.accounts import MONEY_CHANGES, open_balance
from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.app.handlers.claims import (
    claim_label,
    claim_of,
    post_to_ledger,
    remittance_pays,
    superseded,
)
from ehr_sim.domain.actions import (
    AutoPostRemittances,
    CreatePaymentPlan,
    EnterEob,
    PostRemittance,
    RefundCredit,
    SendStatement,
    TransferToSecondary,
)
from ehr_sim.domain.claims import AdjustmentGroup, ClaimStatus, RemittanceStatus, join_codes
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.money import Money
from ehr_sim.domain.posting import (
    PostingException,
    contract_rate,
    plan_schedule,
    posting_exceptions,
)
from ehr_sim.records import (
    Claim,
    ClaimLine,
    Coverage,
    LedgerEntry,
    Patient,
    PaymentPlan,
    PriorPayment,
    Remittance,
    RemittanceAdjustment,
    Statement,
)

PRIOR_PAYER_CARC = "23"  # OA-23: what an earlier payer settled, already on the account
REFUND_METHODS = ("check", "card", "cash")
MAX_INSTALLMENTS = 24

# Reading the account ---------------------------------------------------------------------


def account_balance(session: Session, patient_id: int) -> int:
    """The account's balance in cents: the sum of its ledger (negative is a credit)."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.patient_id == patient_id
        )
    )
    return int(total or 0)


def insurance_balance(session: Session, patient_id: int) -> int:
    """What the patient's payers still owe or have to decide, in cents."""
    claims = session.scalars(select(Claim).where(Claim.patient_id == patient_id)).all()
    return sum(open_balance(claim) for claim in claims)


def patient_due(session: Session, patient_id: int) -> int:
    """What the patient owes: the balance less what is still with insurance."""
    return account_balance(session, patient_id) - insurance_balance(session, patient_id)


def prior_payment(session: Session, claim: Claim) -> PriorPayment | None:
    """The primary payer's answer a secondary claim carries (None on a primary claim)."""
    return session.scalar(select(PriorPayment).where(PriorPayment.claim_id == claim.id))


def secondary_coverage(session: Session, claim: Claim) -> Coverage | None:
    """The patient's next coverage after the claim's, active on the date of service."""
    billed = session.get(Coverage, claim.coverage_id)
    rank = billed.rank if billed else 1
    for coverage in session.scalars(
        select(Coverage)
        .where(Coverage.patient_id == claim.patient_id, Coverage.rank > rank)
        .order_by(Coverage.rank)
    ):
        ended = coverage.terminated_on
        if coverage.effective_on <= claim.service_date and (
            ended is None or claim.service_date <= ended
        ):
            return coverage
    return None


def remittance_exceptions(session: Session, remittance: Remittance) -> list[PostingException]:
    """Why this remittance cannot post itself ([] when it can)."""
    claim = remittance.claim
    coverage = session.get(Coverage, claim.coverage_id)
    expected: int | None = None
    if coverage is not None and prior_payment(session, claim) is None:
        rates = [contract_rate(coverage.plan.payer.payer_code, c.charge_cents) for c in claim.lines]
        expected = None if None in rates else sum(r for r in rates if r is not None)
    patient = session.get(Patient, claim.patient_id)
    return posting_exceptions(
        paid_cents=remittance.paid_cents,
        adjustments=[(a.group_code, a.carc, a.amount_cents) for a in remittance.adjustments],
        expected_allowed_cents=expected,
        patient_has_address=bool(patient and patient.address1.strip()),
    )


# Posting an ERA --------------------------------------------------------------------------


def post_remittance_now(session: Session, remittance: Remittance, at: datetime) -> str:
    """Post a paying remittance; returns what happened to the patient's share."""
    claim = remittance.claim
    if ClaimStatus(claim.status).closed:
        raise ActionRefused(superseded(session, claim), code="claim_closed")
    if remittance.status == RemittanceStatus.POSTED:
        when = f" on {remittance.posted_at:%m/%d/%Y}" if remittance.posted_at else ""
        raise ActionRefused(f"This ERA was already posted{when}.", code="already_posted")
    if not remittance_pays(remittance):
        raise ActionRefused(
            "This ERA pays nothing and leaves nothing to the patient: it is a denial. Read "
            "its codes, then correct and resubmit the claim, appeal, or post the denial.",
            code="denial",
        )
    secondary_claim = prior_payment(session, claim) is not None
    settles = remittance.paid_cents + sum(
        a.amount_cents
        for a in remittance.adjustments
        if a.group_code != AdjustmentGroup.PR
        and not (secondary_claim and a.carc == PRIOR_PAYER_CARC)
    )
    left = open_balance(claim)
    if settles > left:
        raise ActionRefused(
            f"This ERA settles {Money(settles)}, more than the {Money(left)} open on "
            f"{claim_label(session, claim)}: check what was already posted or written off.",
            code="too_much",
        )
    ref = f"claim {claim.id}, payer no. {remittance.payer_claim_number}"
    if remittance.paid_cents:
        post_to_ledger(session, claim, at, "payment", -remittance.paid_cents, f"ERA paid ({ref})")
    for a in remittance.adjustments:
        if a.group_code == AdjustmentGroup.PR or not a.amount_cents:
            continue
        if secondary_claim and a.carc == PRIOR_PAYER_CARC:
            continue  # the primary's payment and write-off are on the account already
        text = f"{a.group_code}-{a.carc} contractual adjustment ({ref})"
        post_to_ledger(session, claim, at, "adjustment", -a.amount_cents, text)
    remittance.status = RemittanceStatus.POSTED.value
    remittance.posted_at = at
    if remittance.read_at is None:
        remittance.read_at = at
    share = sum(a.amount_cents for a in remittance.adjustments if a.group_code == "PR")
    if not share:
        return "Nothing is left to the patient."
    if not secondary_claim and secondary_coverage(session, claim) is not None:
        return (
            f"The patient's share of {Money(share)} stays open for the secondary insurance: "
            "bill it next (Transfer to secondary)."
        )
    share = min(share, open_balance(claim))
    if share > 0:
        post_to_ledger(session, claim, at, "transfer", -share, f"From insurance: PR ({ref})")
        post_to_ledger(session, claim, at, "transfer", share, f"To patient: PR ({ref})")
        claim.transferred_cents += share
    return f"{Money(share)} (PR) moved to the patient's responsibility."


@handles(PostRemittance, changes=MONEY_CHANGES, subject=(Remittance, "remittance_id"))
def post_remittance(ctx: Context, action: PostRemittance) -> Applied:
    remittance: Remittance = require(ctx.session, Remittance, action.remittance_id, "ERA")
    problems = remittance_exceptions(ctx.session, remittance)
    share = post_remittance_now(ctx.session, remittance, ctx.now)
    claim = remittance.claim
    warnings = tuple(p.label for p in problems if p is not PostingException.DENIAL)
    return Applied(
        f"Posted the ERA for {claim_label(ctx.session, claim)}: paid "
        f"{Money(remittance.paid_cents)}. {share}",
        record_id=remittance.id,
        patient_id=claim.patient_id,
        details={"paid_cents": remittance.paid_cents},
        warnings=warnings,
    )


@handles(AutoPostRemittances, changes=MONEY_CHANGES)
def auto_post_remittances(ctx: Context, action: AutoPostRemittances) -> Applied:
    waiting = ctx.session.scalars(
        select(Remittance)
        .where(Remittance.status == RemittanceStatus.RECEIVED.value)
        .order_by(Remittance.received_at, Remittance.id)
    ).all()
    posted, paid, left = 0, 0, 0
    for remittance in waiting:
        if ClaimStatus(remittance.claim.status).closed:
            continue
        if remittance_exceptions(ctx.session, remittance):
            left += 1
            continue
        post_remittance_now(ctx.session, remittance, ctx.now)
        posted += 1
        paid += remittance.paid_cents
    if not posted:
        raise ActionRefused(
            f"No clean ERA to post: {left} waiting need a person (see their exceptions).",
            code="nothing_to_post",
        )
    return Applied(
        f"Posted {posted} ERA{'s' if posted != 1 else ''} ({Money(paid)} paid); {left} left to "
        "work by hand.",
        details={"posted": posted, "left": left, "paid_cents": paid},
    )


# A paper EOB -----------------------------------------------------------------------------


def parse_adjustments(text: str) -> list[tuple[str, str, int]]:
    """'CO-45 32.00, PR-3 25.00' -> [('CO', '45', 3200), ('PR', '3', 2500)]; refusals name
    the part that cannot be read."""
    found: list[tuple[str, str, int]] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        code, _, amount = part.partition(" ")
        group, _, carc = code.upper().partition("-")
        if group not in set(AdjustmentGroup) or not carc.isalnum():
            raise ActionRefused(
                f"Adjustment '{part}': write each as group-reason and amount, e.g. CO-45 32.00.",
                code="invalid",
            )
        text_amount = amount.strip()
        if text_amount.startswith("-"):
            raise ActionRefused(
                f"Adjustment '{part}': an amount cannot be negative.", code="negative"
            )
        try:
            cents = Money.parse(text_amount).cents
        except ValueError as problem:
            raise ActionRefused(f"Adjustment '{part}': {problem}.", code="invalid") from None
        found.append((group, carc, cents))
    return found


@handles(EnterEob, changes=MONEY_CHANGES, subject=(Claim, "claim_id"))
def enter_eob(ctx: Context, action: EnterEob) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    label = claim_label(ctx.session, claim)
    status = ClaimStatus(claim.status)
    if status.closed:
        raise ActionRefused(superseded(ctx.session, claim), code="claim_closed")
    if not status.awaiting_payer:
        raise ActionRefused(
            f"{label[:1].upper()}{label[1:]} already has the payer's answer "
            f"({status.label.lower()}); an EOB is entered once, for a claim still with the payer.",
            code="already_answered",
        )
    if action.paid_cents < 0:
        raise ActionRefused("The amount paid cannot be negative.", code="negative")
    number = action.payer_claim_number.strip().upper()
    if not number:
        raise ActionRefused("Enter the payer's claim number from the EOB.", code="invalid")
    adjustments = parse_adjustments(action.adjustments)
    total = action.paid_cents + sum(cents for _g, _c, cents in adjustments)
    if total != claim.total_cents:
        raise ActionRefused(
            f"The EOB does not balance: paid {Money(action.paid_cents)} plus adjustments "
            f"{Money(total - action.paid_cents)} is {Money(total)}, but the claim billed "
            f"{Money(claim.total_cents)}. Check each amount against the paper.",
            code="unbalanced",
        )
    remittance = Remittance(
        claim_id=claim.id,
        payer_claim_number=number,
        received_at=ctx.now,
        paid_cents=action.paid_cents,
        status=RemittanceStatus.RECEIVED.value,
        read_at=ctx.now,
        posted_at=None,
    )
    for group, carc, cents in adjustments:
        remittance.adjustments.append(
            RemittanceAdjustment(
                group_code=group, carc=carc, rarcs=join_codes([]), amount_cents=cents
            )
        )
    claim.remittances.append(remittance)
    claim.payer_claim_number = number
    if not remittance_pays(remittance):
        claim.status = ClaimStatus.DENIED.value
        ctx.session.flush()
        return Applied(
            f"Entered the EOB for {label}: a denial. Read its codes before you post it.",
            record_id=remittance.id,
            patient_id=claim.patient_id,
        )
    claim.status = ClaimStatus.PAID.value
    ctx.session.flush()
    share = post_remittance_now(ctx.session, remittance, ctx.now)
    return Applied(
        f"Entered and posted the EOB for {label}: paid {Money(action.paid_cents)}. {share}",
        record_id=remittance.id,
        patient_id=claim.patient_id,
        details={"paid_cents": action.paid_cents},
    )


# The secondary claim ---------------------------------------------------------------------


@handles(TransferToSecondary, changes=MONEY_CHANGES, subject=(Claim, "claim_id"))
def transfer_to_secondary(ctx: Context, action: TransferToSecondary) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    session = ctx.session
    label = claim_label(session, claim)
    status = ClaimStatus(claim.status)
    if status.closed:
        raise ActionRefused(superseded(session, claim), code="claim_closed")
    posted = [r for r in claim.remittances if r.status == RemittanceStatus.POSTED]
    if status is not ClaimStatus.PAID or not posted or not remittance_pays(posted[-1]):
        raise ActionRefused(
            f"The primary payer has not paid {label} (or its ERA is not posted): the secondary "
            "is billed after the primary's payment is posted.",
            code="primary_not_paid",
        )
    if session.scalar(select(PriorPayment).where(PriorPayment.primary_claim_id == claim.id)):
        raise ActionRefused(
            f"{label[:1].upper()}{label[1:]} was already sent to the secondary.",
            code="already_sent",
        )
    second = secondary_coverage(session, claim)
    if second is None:
        raise ActionRefused(
            "The patient has no other coverage active on the date of service: the patient's "
            "share is billed to the patient.",
            code="no_secondary",
        )
    left = open_balance(claim)
    if left <= 0:
        raise ActionRefused(f"Nothing is open on {label} to send on.", code="nothing_open")
    remittance = posted[-1]
    contractual = sum(a.amount_cents for a in remittance.adjustments if a.group_code != "PR")
    primary = session.get(Coverage, claim.coverage_id)
    new = Claim(
        patient_id=claim.patient_id,
        coverage_id=second.id,
        provider_id=claim.provider_id,
        encounter_id=claim.encounter_id,
        appointment_id=claim.appointment_id,
        service_date=claim.service_date,
        member_id=second.member_id,
        frequency_code=1,
        original_claim_number="",
        payer_claim_number="",
        status=ClaimStatus.SUBMITTED.value,
        submitted_at=ctx.now,
        diagnoses=claim.diagnoses,
        prior_auth_number=claim.prior_auth_number,
        total_cents=claim.total_cents,
        rejection_reason="",
        written_off_cents=0,
        transferred_cents=0,
    )
    for line in claim.lines:
        new.lines.append(
            ClaimLine(
                line_no=line.line_no,
                cpt=line.cpt,
                modifiers=line.modifiers,
                pointers=line.pointers,
                units=line.units,
                charge_cents=line.charge_cents,
                place_of_service=line.place_of_service,
            )
        )
    session.add(new)
    session.flush()
    session.add(
        PriorPayment(
            claim_id=new.id,
            primary_claim_id=claim.id,
            payer_name=primary.plan.payer.name if primary else "",
            paid_cents=remittance.paid_cents,
            contractual_cents=contractual,
            patient_cents=left,
        )
    )
    payer = second.plan.payer.name
    post_to_ledger(session, claim, ctx.now, "transfer", 0, f"Sent to {payer}: claim {new.id}")
    session.flush()
    return Applied(
        f"Sent claim {new.id} to {payer} as the secondary for {label}, with the primary's "
        f"payment of {Money(remittance.paid_cents)}; {Money(left)} is now with {payer}.",
        record_id=new.id,
        patient_id=claim.patient_id,
        details={"secondary_claim_id": new.id, "open_cents": left},
    )


# The patient's side ----------------------------------------------------------------------


@handles(RefundCredit, changes=MONEY_CHANGES)
def refund_credit(ctx: Context, action: RefundCredit) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    if action.amount_cents <= 0:
        raise ActionRefused("Enter a refund of more than $0.00.", code="invalid")
    method = action.method.strip().lower()
    if method not in REFUND_METHODS:
        raise ActionRefused(
            f"Refund by {', '.join(REFUND_METHODS[:-1])} or {REFUND_METHODS[-1]}.", code="invalid"
        )
    require_reason(action.reason, "Give a reason for the refund; the account's history keeps it.")
    credit = -account_balance(ctx.session, patient.id)
    if action.amount_cents > credit:
        have = f"a credit of {Money(credit)}" if credit > 0 else "no credit"
        raise ActionRefused(
            f"A refund of {Money(action.amount_cents)} is more than the account holds: it has "
            f"{have}. Only money overpaid is refunded.",
            code="more_than_credit",
        )
    ctx.session.add(
        LedgerEntry(
            patient_id=patient.id,
            posted_at=ctx.now,
            kind="refund",
            amount_cents=action.amount_cents,
            description=f"Refund by {method}: {action.reason.strip()}"[:120],
            encounter_id=None,
            payment_id=None,
        )
    )
    return Applied(
        f"Refunded {Money(action.amount_cents)} to {patient.first_name} {patient.last_name} by "
        f"{method}.",
        patient_id=patient.id,
        details={"amount_cents": action.amount_cents},
    )


@handles(SendStatement, changes=frozenset({Change.PAYMENTS}))
def send_statement(ctx: Context, action: SendStatement) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    due = patient_due(ctx.session, patient.id)
    if due <= 0:
        raise ActionRefused(
            f"{patient.first_name} {patient.last_name} owes nothing now ({Money(max(due, 0))}): "
            "a statement asks only for what the patient owes.",
            code="nothing_due",
        )
    if not patient.address1.strip():
        raise ActionRefused(
            "There is no mailing address on file: update the demographics first.",
            code="no_address",
        )
    statement = Statement(patient_id=patient.id, issued_at=ctx.now, amount_due_cents=due)
    ctx.session.add(statement)
    ctx.session.flush()
    return Applied(
        f"Statement sent to {patient.first_name} {patient.last_name}: {Money(due)} due.",
        record_id=statement.id,
        patient_id=patient.id,
        details={"amount_due_cents": due},
    )


@handles(CreatePaymentPlan, changes=frozenset({Change.PAYMENTS}))
def create_payment_plan(ctx: Context, action: CreatePaymentPlan) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    if action.total_cents <= 0:
        raise ActionRefused("A plan is for an amount of more than $0.00.", code="invalid")
    if not 1 <= action.installments <= MAX_INSTALLMENTS:
        raise ActionRefused(
            f"A plan has 1 to {MAX_INSTALLMENTS} monthly installments.", code="invalid"
        )
    due = patient_due(ctx.session, patient.id)
    if action.total_cents > due:
        raise ActionRefused(
            f"{Money(action.total_cents)} is more than the {Money(max(due, 0))} the patient owes.",
            code="too_much",
        )
    today: date = ctx.now.date()
    if action.first_due < today:
        raise ActionRefused("The first payment cannot be due before today.", code="invalid")
    active = ctx.session.scalar(
        select(PaymentPlan).where(
            PaymentPlan.patient_id == patient.id, PaymentPlan.status == "active"
        )
    )
    if active is not None:
        raise ActionRefused(
            f"{patient.first_name} {patient.last_name} already has a payment plan (set up "
            f"{active.created_at:%m/%d/%Y}).",
            code="plan_exists",
        )
    plan = PaymentPlan(
        patient_id=patient.id,
        created_at=ctx.now,
        total_cents=action.total_cents,
        installments=action.installments,
        first_due=action.first_due,
        status="active",
        note=action.note.strip(),
    )
    ctx.session.add(plan)
    ctx.session.flush()
    schedule = plan_schedule(action.total_cents, action.installments, action.first_due)
    each = Money(schedule[0].amount_cents)
    return Applied(
        f"Payment plan for {patient.first_name} {patient.last_name}: {Money(action.total_cents)} "
        f"in {action.installments} monthly payments of {each}, the first due "
        f"{action.first_due:%m/%d/%Y}.",
        record_id=plan.id,
        patient_id=patient.id,
    )
