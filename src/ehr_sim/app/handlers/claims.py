"""Claims and remittances: opening and reading them, correcting and resubmitting claims.

`create_claim` and `receive_remittance` are plain functions for the scenario engine (a claim
sent, a payer's answer arriving); the trainee's actions are the @handles functions below.
Money on the account (posting denials, write-offs, billing the patient) is in app/accounts.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.app.handlers.clearinghouse import send, sent_outcome
from ehr_sim.app.handlers.referrals import approved_auth_number
from ehr_sim.domain.actions import (
    CorrectClaim,
    OpenClaim,
    ReadRemittance,
    ResubmitClaim,
)
from ehr_sim.domain.claims import (
    DIAGNOSIS_LETTERS,
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    PLACE_OF_SERVICE_OFFICE,
    AdjustmentGroup,
    ClaimStatus,
    Frequency,
    RemittanceStatus,
    join_codes,
    split_codes,
)
from ehr_sim.domain.codes import icd10_for_claim, icd10_problem
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.money import Money
from ehr_sim.records import (
    Amendment,
    Claim,
    ClaimLine,
    Coverage,
    LedgerEntry,
    Patient,
    Remittance,
    RemittanceAdjustment,
)

# For the scenario engine ---------------------------------------------------------------


def create_claim(
    session: Session,
    *,
    patient_id: int,
    coverage_id: int,
    provider_id: int,
    service_date: date,
    submitted_at: datetime,
    diagnoses: list[str],
    lines: list[tuple[str, list[str], int, int, list[str]]],
    member_id: str | None = None,
    frequency_code: int = 1,
    original_claim_number: str = "",
) -> Claim:
    """A claim sent to the coverage's payer. The visit's charge is expected on the account
    already (the encounter's ledger entry); `member_id` defaults to the coverage's."""
    coverage = session.get(Coverage, coverage_id)
    if coverage is None or coverage.patient_id != patient_id:
        raise ValueError(f"coverage {coverage_id} is not patient {patient_id}'s")
    codes = [icd10_for_claim(code) for code in diagnoses if code.strip()]
    if not 1 <= len(codes) <= MAX_DIAGNOSES:
        raise ValueError(f"a claim carries 1 to {MAX_DIAGNOSES} diagnoses, not {len(codes)}")
    if not lines:
        raise ValueError("a claim needs at least one service line")
    if frequency_code not in set(Frequency):
        raise ValueError(f"frequency code {frequency_code} is not 1, 7 or 8")
    claim = Claim(
        patient_id=patient_id,
        coverage_id=coverage_id,
        provider_id=provider_id,
        service_date=service_date,
        member_id=(coverage.member_id if member_id is None else member_id).strip(),
        frequency_code=frequency_code,
        original_claim_number=original_claim_number.strip(),
        payer_claim_number="",
        status=ClaimStatus.SUBMITTED.value,
        submitted_at=submitted_at,
        diagnoses=join_codes(codes),
        prior_auth_number="",
        total_cents=sum(charge for _cpt, _mods, _units, charge, _ptr in lines),
        rejection_reason="",
        written_off_cents=0,
        transferred_cents=0,
    )
    for number, (cpt, modifiers, units, charge, pointers) in enumerate(lines, start=1):
        if len(modifiers) > MAX_MODIFIERS or units < 1 or charge < 0:
            raise ValueError(f"line {number} is not a valid service line")
        if any(p not in DIAGNOSIS_LETTERS[: len(codes)] for p in pointers):
            raise ValueError(f"line {number} points to a diagnosis the claim does not carry")
        claim.lines.append(
            ClaimLine(
                line_no=number,
                cpt=cpt.strip().upper(),
                modifiers=join_codes(modifiers),
                pointers=join_codes(pointers or ["A"]),
                units=units,
                charge_cents=charge,
                place_of_service=PLACE_OF_SERVICE_OFFICE,
            )
        )
    session.add(claim)
    session.flush()
    return claim


def receive_remittance(
    session: Session,
    *,
    claim_id: int,
    payer_claim_number: str,
    paid_cents: int,
    adjustments: list[tuple[str, str, list[str], int]],
    received_at: datetime,
    auto_post: bool = True,
) -> Remittance:
    """The payer's answer to a claim: the claim gets the payer's number and is paid or denied.
    A payment is posted to the account at once (as an ERA auto-post) unless `auto_post` is
    False (then the trainee posts it); a denial waits for the trainee to read and post it."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise ValueError(f"there is no claim {claim_id}")
    if not ClaimStatus(claim.status).awaiting_payer:
        raise ValueError(f"claim {claim_id} is {claim.status}, not waiting for the payer")
    remittance = Remittance(
        claim_id=claim.id,
        payer_claim_number=payer_claim_number.strip(),
        received_at=received_at,
        paid_cents=paid_cents,
        status=RemittanceStatus.RECEIVED.value,
        read_at=None,
        posted_at=None,
    )
    for group, carc, rarcs, amount in adjustments:
        remittance.adjustments.append(
            RemittanceAdjustment(
                group_code=AdjustmentGroup(group.strip().upper()).value,
                carc=carc.strip().upper(),
                rarcs=join_codes([r.upper() for r in rarcs]),
                amount_cents=amount,
            )
        )
    claim.remittances.append(remittance)
    claim.payer_claim_number = remittance.payer_claim_number
    paid = remittance_pays(remittance)
    claim.status = (ClaimStatus.PAID if paid else ClaimStatus.DENIED).value
    if paid and auto_post:
        _post_payment(session, claim, remittance, received_at)
    session.flush()
    return remittance


def remittance_pays(remittance: Remittance) -> bool:
    """Paid, or processed with a share left to the patient (e.g. all to the deductible, the
    rest a contractual write-down): not a denial."""
    return remittance.paid_cents > 0 or any(
        a.group_code == AdjustmentGroup.PR for a in remittance.adjustments
    )


def _post_payment(session: Session, claim: Claim, remittance: Remittance, at: datetime) -> None:
    payer = _payer_name(session, claim)
    ref = f"claim {claim.id}, payer no. {remittance.payer_claim_number}"
    if remittance.paid_cents:
        post_to_ledger(
            session, claim, at, "payment", -remittance.paid_cents, f"{payer} paid ({ref})"
        )
    for a in remittance.adjustments:
        if a.group_code != AdjustmentGroup.PR and a.amount_cents:
            text = f"{a.group_code}-{a.carc} adjustment ({ref})"
            post_to_ledger(session, claim, at, "adjustment", -a.amount_cents, text)
    remittance.status = RemittanceStatus.POSTED.value
    remittance.posted_at = at


# Reading --------------------------------------------------------------------------------


@handles(OpenClaim, subject=(Claim, "claim_id"))
def open_claim(ctx: Context, action: OpenClaim) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    return Applied(
        f"Opened {claim_label(ctx.session, claim)}: {ClaimStatus(claim.status).label.lower()}.",
        record_id=claim.id,
        patient_id=claim.patient_id,
        details={"status": claim.status},
    )


@handles(ReadRemittance, changes={Change.CLAIMS}, subject=(Remittance, "remittance_id"))
def read_remittance(ctx: Context, action: ReadRemittance) -> Applied:
    remittance: Remittance = require(ctx.session, Remittance, action.remittance_id, "remittance")
    if remittance.read_at is None:
        remittance.read_at = ctx.now
    claim = remittance.claim
    codes = [f"{a.group_code}-{a.carc}" for a in remittance.adjustments]
    rarcs = [r for a in remittance.adjustments for r in a.rarc_codes]
    return Applied(
        f"Opened the remittance for {claim_label(ctx.session, claim)}: paid "
        f"{Money(remittance.paid_cents)}{codes_text(remittance)}.",
        record_id=remittance.id,
        patient_id=claim.patient_id,
        details={"codes": codes, "rarcs": rarcs, "paid_cents": remittance.paid_cents},
    )


# Correcting and resubmitting ---------------------------------------------------------

CORRECTABLE = {
    "member_id": "member ID (item 1a)",
    "diagnoses": "diagnoses (item 21)",
    "prior_auth_number": "prior authorization number (item 23)",
    "modifiers": "modifiers (item 24D)",
    "pointers": "diagnosis pointers (item 24E)",
}


@handles(CorrectClaim, changes={Change.CLAIMS}, subject=(Claim, "claim_id"))
def correct_claim(ctx: Context, action: CorrectClaim) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    name, _, line_text = action.field.partition(":")
    if name not in CORRECTABLE:
        raise ActionRefused(
            f"'{action.field}' cannot be corrected here; the fields are: "
            f"{', '.join(CORRECTABLE.values())}.",
            code="invalid",
        )
    status = ClaimStatus(claim.status)
    if status not in (ClaimStatus.REJECTED, ClaimStatus.READY):
        raise ActionRefused(_why_not_editable(ctx.session, claim), code="claim_sent")
    require_reason(
        action.reason,
        "Give a reason for the correction (for example 'member ID checked against the "
        "card'); the claim's history keeps it.",
    )
    target: Claim | ClaimLine = claim
    if name in ("modifiers", "pointers"):
        target = _line(claim, line_text)
    old = getattr(target, name)
    new = _corrected_value(claim, name, action.value)
    if new == old:
        raise ActionRefused("Nothing was changed: the claim already says that.", code="unchanged")
    setattr(target, name, new)
    ctx.session.add(
        Amendment(
            record_type="claim",
            record_id=claim.id,
            patient_id=claim.patient_id,
            field=action.field,
            old_value=old,
            new_value=new,
            reason=action.reason.strip(),
            action=ctx.record,
            amended_at=ctx.now,
        )
    )
    return Applied(
        f"Corrected the {CORRECTABLE[name]} on {claim_label(ctx.session, claim)}. "
        + (
            "Send it again as an original (frequency 1)."
            if status is ClaimStatus.REJECTED
            else "It is ready to send."
        ),
        record_id=claim.id,
        patient_id=claim.patient_id,
    )


def _why_not_editable(session: Session, claim: Claim) -> str:
    status = ClaimStatus(claim.status)
    label = claim_label(session, claim)
    if status.closed:
        return superseded(session, claim)
    if status.awaiting_payer:
        return (
            f"{capitalised(label)} was sent on {claim.submitted_at:%m/%d/%Y} and is with the "
            "payer; a sent claim is not edited. Wait for the payer's answer, then correct the "
            "source record and send a replacement claim (frequency 7)."
        )
    return (
        f"{capitalised(label)} was processed by the payer (claim number on the remittance); "
        "a sent claim is not edited. Correct the source record (the coverage, the visit's "
        "codes) and send a replacement claim: Resubmit with frequency 7 and the payer's "
        "claim number."
    )


def _line(claim: Claim, text: str) -> ClaimLine:
    number = int(text) if text.strip().isdigit() else 1
    found = next((line for line in claim.lines if line.line_no == number), None)
    if found is None:
        raise ActionRefused(f"The claim has no line {number}.", code="invalid")
    return found


def _corrected_value(claim: Claim, name: str, value: str) -> str:
    text = value.strip()
    if name == "diagnoses":
        codes = [icd10_for_claim(code) for code in split_codes(text)]
        if not 1 <= len(codes) <= MAX_DIAGNOSES:
            raise ActionRefused(
                f"A claim carries 1 to {MAX_DIAGNOSES} diagnoses (A-L).", code="invalid"
            )
        for code in codes:
            if (problem := icd10_problem(code)) is not None:
                raise ActionRefused(problem, code="invalid_diagnosis")
        return join_codes(codes)
    if name == "modifiers":
        modifiers = [m.upper() for m in split_codes(text)]
        if len(modifiers) > MAX_MODIFIERS or any(len(m) != 2 for m in modifiers):
            raise ActionRefused("Modifiers are up to four two-character codes.", code="invalid")
        return join_codes(modifiers)
    if name == "pointers":
        letters = [p.upper() for p in split_codes(text)]
        allowed = DIAGNOSIS_LETTERS[: len(claim.diagnosis_codes)]
        if not 1 <= len(letters) <= 4 or any(p not in allowed for p in letters):
            raise ActionRefused(
                f"Point to one to four of the claim's diagnoses ({', '.join(allowed)}).",
                code="invalid",
            )
        return join_codes(letters)
    if name == "member_id" and not text:
        raise ActionRefused("The member ID cannot be empty.", code="invalid")
    return text.upper() if name == "member_id" else text


@handles(ResubmitClaim, changes={Change.CLAIMS}, subject=(Claim, "claim_id"))
def resubmit_claim(ctx: Context, action: ResubmitClaim) -> Applied:
    claim = claim_of(ctx, action.claim_id)
    if action.frequency_code not in set(Frequency):
        raise ActionRefused(
            "The frequency code is 1 (new original), 7 (replacement) or 8 (void).",
            code="invalid",
        )
    frequency = Frequency(action.frequency_code)
    status = ClaimStatus(claim.status)
    label = claim_label(ctx.session, claim)
    if status is ClaimStatus.REPLACED:
        raise ActionRefused(superseded(ctx.session, claim), code="already_replaced")
    if status is ClaimStatus.REJECTED:
        return _resend_rejected(ctx, claim, frequency, label)
    if frequency is Frequency.ORIGINAL:
        return _send_new_original(ctx, claim, label)
    if status is ClaimStatus.VOID:
        raise ActionRefused(
            f"{capitalised(label)} was voided; send a new original instead.", code="void"
        )
    if not status.adjudicated:
        raise ActionRefused(
            f"{capitalised(label)} has not been processed by the payer yet, so there is no "
            "payer claim number to replace or void. Wait for the remittance.",
            code="not_adjudicated",
        )
    given = action.original_claim_number.strip().upper()
    if not given:
        raise ActionRefused(
            "Enter the payer's claim number from the remittance (item 22, original ref. no.): "
            "a replacement or void must say which claim it replaces.",
            code="original_number_required",
        )
    if given != claim.payer_claim_number.upper():
        raise ActionRefused(
            f"{given} is not the payer's claim number for {label}: copy it from the "
            "claim's remittance.",
            code="original_number_mismatch",
        )
    new = _copy(ctx, claim, frequency, claim.payer_claim_number)
    claim.status = (
        ClaimStatus.REPLACED if frequency is Frequency.REPLACEMENT else ClaimStatus.VOID
    ).value
    claim.replaced_by_id = new.id
    details = {"replaces": claim.id, "member_id": new.member_id}
    if frequency is Frequency.VOID:
        return Applied(
            f"Sent claim {new.id} to void {label} (frequency 8, original ref. "
            f"{claim.payer_claim_number}).",
            record_id=new.id,
            patient_id=claim.patient_id,
            details=details,
        )
    warnings: tuple[str, ...] = ()
    unchanged = (new.member_id, new.prior_auth_number) == (
        claim.member_id,
        claim.prior_auth_number,
    )
    if status is ClaimStatus.DENIED and unchanged:
        warnings = (
            "The replacement carries the same member ID, authorisation, codes and charges as "
            "the denied "
            "claim: unless something was corrected, the payer will likely deny it again.",
        )
    return Applied(
        f"Sent replacement claim {new.id} (frequency 7, original ref. "
        f"{claim.payer_claim_number}) for {label}, member ID {new.member_id}"
        + (f", prior authorisation {new.prior_auth_number}." if new.prior_auth_number else "."),
        record_id=new.id,
        patient_id=claim.patient_id,
        details=details,
        warnings=warnings,
    )


def _resend_rejected(ctx: Context, claim: Claim, frequency: Frequency, label: str) -> Applied:
    if frequency is not Frequency.ORIGINAL:
        raise ActionRefused(
            f"{capitalised(label)} was rejected before the payer processed it, so there is no "
            "claim number to replace or void: correct it and send it again as an original "
            "(frequency 1).",
            code="rejected_not_adjudicated",
        )
    coverage = ctx.session.get(Coverage, claim.coverage_id)
    fixed_at_source = ctx.session.scalar(
        select(Amendment.id).where(
            Amendment.record_type == "coverage",
            Amendment.record_id == claim.coverage_id,
            Amendment.field == "member_id",
            Amendment.amended_at >= claim.submitted_at,
        )
    )
    if coverage is not None and fixed_at_source is not None:
        claim.member_id = coverage.member_id  # corrected on the coverage since the rejection
    return sent_outcome(ctx, claim, label, first_time=False)


def _send_new_original(ctx: Context, claim: Claim, label: str) -> Applied:
    primary = primary_coverage(ctx.session, claim.patient_id, claim.service_date)
    billed = ctx.session.get(Coverage, claim.coverage_id)
    if primary is not None and billed is not None and primary.plan.payer_id != billed.plan.payer_id:
        return _send_to_new_primary(ctx, claim, primary, label)
    new = _copy(ctx, claim, Frequency.ORIGINAL, "")
    if ClaimStatus(claim.status) is ClaimStatus.VOID:
        return Applied(
            f"Sent claim {new.id} as a new original (frequency 1) in place of voided {label}.",
            record_id=new.id,
            patient_id=claim.patient_id,
            details={"resubmission_of": claim.id},
        )
    warning = (
        f"Duplicate: the payer already has {label} for the same service. A second original "
        "will likely be denied as a duplicate (CO-18). A corrected claim is a replacement "
        "(frequency 7) with the payer's claim number."
    )
    return Applied(
        f"Sent claim {new.id} as a new original (frequency 1) for the same service as {label}: "
        "a duplicate original.",
        record_id=new.id,
        patient_id=claim.patient_id,
        details={"resubmission_of": claim.id, "duplicate": True},
        warnings=(warning,),
    )


def _send_to_new_primary(ctx: Context, claim: Claim, primary: Coverage, label: str) -> Applied:
    """The coverage order changed since the claim went out (coordination of benefits): the
    new original goes to the primary on file now, through the clearinghouse; another payer's
    first claim for the service is not a duplicate."""
    new = _copy(ctx, claim, Frequency.ORIGINAL, "", coverage=primary)
    rejections = send(ctx.session, new, ctx.now)
    payer = primary.plan.payer.name
    if rejections:
        return Applied(
            f"Sent claim {new.id} to {payer} as a new original (frequency 1) for the same "
            f"service as {label}: the clearinghouse rejected it ({rejections[0].category}: "
            f"{rejections[0].field}).",
            record_id=new.id,
            patient_id=claim.patient_id,
            details={"resubmission_of": claim.id, "rejected": True},
            warnings=tuple(str(r) for r in rejections),
        )
    return Applied(
        f"Sent claim {new.id} to {payer}, now the primary insurance on file, as a new original "
        f"(frequency 1) for the same service as {label}.",
        record_id=new.id,
        patient_id=claim.patient_id,
        details={"resubmission_of": claim.id, "payer": payer},
    )


def _copy(
    ctx: Context,
    claim: Claim,
    frequency: Frequency,
    original: str,
    *,
    coverage: Coverage | None = None,
) -> Claim:
    """The claim sent again (to `coverage`, by default the same one), with the coverage's
    member ID as it is on file now, and an approved prior authorisation now on file for its
    services (item 23) when it had none."""
    coverage = coverage or ctx.session.get(Coverage, claim.coverage_id)
    assert coverage is not None
    auth_number = claim.prior_auth_number or approved_auth_number(
        ctx.session, claim.patient_id, [line.cpt for line in claim.lines], claim.service_date
    )
    new = Claim(
        patient_id=claim.patient_id,
        coverage_id=coverage.id,
        provider_id=claim.provider_id,
        encounter_id=claim.encounter_id,
        appointment_id=claim.appointment_id,
        service_date=claim.service_date,
        member_id=coverage.member_id,
        frequency_code=int(frequency),
        original_claim_number=original,
        payer_claim_number="",
        status=ClaimStatus.SUBMITTED.value,
        submitted_at=ctx.now,
        diagnoses=claim.diagnoses,
        prior_auth_number=auth_number,
        total_cents=claim.total_cents,
        resubmission_of_id=claim.id,
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
    ctx.session.add(new)
    ctx.session.flush()
    return new


# Shared ---------------------------------------------------------------------------------


def primary_coverage(session: Session, patient_id: int, on: date) -> Coverage | None:
    """The patient's first-ranked coverage in force on a date of service."""
    for coverage in session.scalars(
        select(Coverage).where(Coverage.patient_id == patient_id).order_by(Coverage.rank)
    ):
        ended = coverage.terminated_on is not None and coverage.terminated_on < on
        if coverage.effective_on <= on and not ended:
            return coverage
    return None


def claim_of(ctx: Context, claim_id: int) -> Claim:
    claim: Claim = require(ctx.session, Claim, claim_id, "claim")
    return claim


def claim_label(session: Session, claim: Claim) -> str:
    patient = session.get(Patient, claim.patient_id)
    who = f"{patient.first_name} {patient.last_name}, " if patient else ""
    return f"claim {claim.id} ({who}seen {claim.service_date:%m/%d/%Y})"


def superseded(session: Session, claim: Claim) -> str:
    """Why a replaced or voided claim is not worked on any more."""
    label = capitalised(claim_label(session, claim))
    return f"{label} was {claim.status} by claim {claim.replaced_by_id}: work on that claim."


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def codes_text(remittance: Remittance) -> str:
    parts = []
    for a in remittance.adjustments:
        remarks = f" ({', '.join(a.rarc_codes)})" if a.rarc_codes else ""
        parts.append(f"{a.group_code}-{a.carc}{remarks}")
    return f", {'; '.join(parts)}" if parts else ""


def _payer_name(session: Session, claim: Claim) -> str:
    coverage = session.get(Coverage, claim.coverage_id)
    return coverage.plan.payer.name if coverage else "Payer"


def post_to_ledger(
    session: Session, claim: Claim, at: datetime, kind: str, cents: int, text: str
) -> None:
    session.add(
        LedgerEntry(
            patient_id=claim.patient_id,
            posted_at=at,
            kind=kind,
            amount_cents=cents,
            description=text[:120],
            encounter_id=claim.encounter_id,
            payment_id=None,
        )
    )
