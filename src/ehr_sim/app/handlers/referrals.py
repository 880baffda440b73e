"""Referrals out to specialists, consult notes back in, and prior authorisations with the
(simulated) payer. The rules are in domain.referrals; this module applies them to records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import (
    Applied,
    Change,
    Context,
    handles,
    require,
    require_reason,
)
from ehr_sim.domain import referrals as rules
from ehr_sim.domain.actions import (
    CheckPriorAuthStatus,
    CreateReferral,
    FileConsultNote,
    RequestPriorAuth,
    SendReferralPacket,
    UpdatePriorAuth,
    UpdateReferral,
)
from ehr_sim.domain.codes import icd10_problem, icd10_with_dot
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.times import date_and_time
from ehr_sim.records import (
    ChartDocument,
    Coverage,
    Patient,
    Plan,
    PriorAuth,
    Provider,
    Referral,
    Specialist,
    SpecialistNetwork,
    StaffMessage,
)

MAX_FOLLOW_UP_DAYS = 90
DOCUMENT_KINDS = {"consult_note": "consult note", "records": "outside records"}


def active_primary(session: Session, patient_id: int, on: date) -> Coverage | None:
    """The patient's primary coverage in force on `on`, or None (self-pay)."""
    return session.scalar(
        select(Coverage)
        .where(Coverage.patient_id == patient_id, Coverage.rank == 1)
        .where(Coverage.effective_on <= on)
        .where(or_(Coverage.terminated_on.is_(None), Coverage.terminated_on >= on))
        .order_by(Coverage.effective_on.desc())
        .limit(1)
    )


def approved_auth_number(session: Session, patient_id: int, cpts: list[str], on: date) -> str:
    """The number of an approved authorisation on file covering any of `cpts` on `on` (for a
    claim's item 23), or ""."""
    auths = [
        rules.AuthFacts(a.status, tuple(a.codes.split()), a.number, a.valid_from, a.valid_to)
        for a in session.scalars(select(PriorAuth).where(PriorAuth.patient_id == patient_id))
    ]
    for cpt in cpts:
        if (number := rules.auth_number_for(cpt, on, auths)) is not None:
            return number
    return ""


def referral_facts(session: Session, patient_id: int) -> list[rules.ReferralFacts]:
    rows = session.execute(
        select(Referral, Specialist.specialty, Specialist.npi)
        .join(Specialist, Referral.specialist_id == Specialist.id)
        .where(Referral.patient_id == patient_id)
    ).all()
    return [
        rules.ReferralFacts(
            specialty=specialty,
            status=r.status,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            visits=r.visits,
            visits_used=r.visits_used,
            specialist_npi=npi,
        )
        for r, specialty, npi in rows
    ]


def specialist_visit_warnings(
    session: Session, patient_id: int, provider: Provider, on: date
) -> tuple[str, ...]:
    """The booking screen's warning for a specialist visit the patient's plan would not pay
    for without a referral (none for primary care or a plan without the rule)."""
    if not rules.is_specialist(provider.specialty):
        return ()
    coverage = active_primary(session, patient_id, on)
    if coverage is None:
        return ()
    plan = session.get(Plan, coverage.plan_id)
    problem = rules.specialist_visit_problem(
        requires_referral=bool(plan and plan.requires_referral),
        specialty=provider.specialty,
        visit_date=on,
        referrals=referral_facts(session, patient_id),
        npi=provider.npi,
    )
    return (problem,) if problem else ()


def _documents(names: tuple[str, ...]) -> list[str]:
    return [n.strip() for n in names if n.strip()]


def _icd10(code: str) -> str:
    problem = icd10_problem(code)
    if problem is not None:
        raise ActionRefused(problem, code="invalid_diagnosis")
    return icd10_with_dot(code)


def _name(patient: Patient) -> str:
    return f"{patient.first_name} {patient.last_name}"


@handles(CreateReferral, changes={Change.REFERRALS})
def create_referral(ctx: Context, action: CreateReferral) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    provider: Provider = require(ctx.session, Provider, action.provider_id, "provider")
    specialist: Specialist = require(
        ctx.session, Specialist, action.specialist_id, "specialist in the directory"
    )
    icd10 = _icd10(action.icd10)
    require_reason(action.reason, "Write the reason for the referral, as the provider ordered it.")
    problem = rules.validity_problem(action.valid_from, action.valid_to, action.visits)
    if problem is not None:
        raise ActionRefused(problem, code="invalid")
    today = ctx.now.date()
    warnings: list[str] = []
    coverage = active_primary(ctx.session, patient.id, max(today, action.valid_from))
    in_network: bool | None = None
    number = ""
    if coverage is not None:
        plan: Plan = coverage.plan
        network = ctx.session.get(SpecialistNetwork, (specialist.id, plan.id))
        in_network = network.in_network if network is not None else None
        warning = rules.network_warning(
            f"{specialist.name} ({specialist.practice})", plan.name, in_network
        )
        if warning:
            warnings.append(warning)
        if plan.requires_referral:
            number = rules.referral_number(
                plan.payer.payer_code, patient.id, specialist.id, action.valid_from
            )
            if action.valid_from < today:
                warnings.append(
                    f"{plan.name} does not usually accept a referral dated before it was "
                    "written (a retro referral): the visit it covers may be denied."
                )
    referral = Referral(
        patient_id=patient.id,
        provider_id=provider.id,
        specialist_id=specialist.id,
        coverage_id=coverage.id if coverage is not None else None,
        reason=action.reason.strip(),
        icd10=icd10,
        visits=action.visits,
        valid_from=action.valid_from,
        valid_to=action.valid_to,
        documents="\n".join(_documents(action.documents)),
        status=rules.ReferralStatus.ORDERED.value,
        number=number,
        in_network=in_network,
        created_at=ctx.now,
    )
    ctx.session.add(referral)
    ctx.session.flush()
    numbered = f", plan referral number {number}" if number else ""
    message = (
        f"Referral written for {_name(patient)}: {provider.display_name} to {specialist.name} "
        f"({specialist.specialty}), {icd10}, {action.visits} visit(s), "
        f"{action.valid_from:%m/%d/%Y}–{action.valid_to:%m/%d/%Y}{numbered}."
    )
    if warnings:
        message += " Warning: " + " ".join(warnings)
    return Applied(
        message,
        record_id=referral.id,
        patient_id=patient.id,
        details={"number": number, "in_network": in_network, "warnings": warnings},
        warnings=tuple(warnings),
    )


def _referral(session: Session, referral_id: int) -> Referral:
    referral: Referral = require(session, Referral, referral_id, "referral")
    return referral


FOLLOW_UP = "referral follow-up"
FOLLOW_UP_BOX = "front desk"


def _follow_up_subject(referral: Referral) -> str:
    return f"Referral {referral.id} follow-up: {referral.specialist.name}"


def _set_follow_up_task(ctx: Context, referral: Referral) -> None:
    """The front desk's in-basket task for the referral's follow-up date: made (or moved) when
    a date is set, done when none is left (a consult note came back, or it was closed)."""
    task = ctx.session.scalars(
        select(StaffMessage).where(
            StaffMessage.kind == FOLLOW_UP,
            StaffMessage.subject == _follow_up_subject(referral),
            StaffMessage.status != "done",
        )
    ).first()
    if referral.follow_up_on is None:
        if task is not None:
            task.status, task.done_at = "done", ctx.now
        return
    due = datetime.combine(referral.follow_up_on, time(9))
    if task is not None:
        task.due_at = due
        return
    specialist = referral.specialist
    ctx.session.add(
        StaffMessage(
            for_staff=FOLLOW_UP_BOX,
            channel="task",
            kind=FOLLOW_UP,
            subject=_follow_up_subject(referral),
            sender="Referrals",
            text=(
                f"If no consult note has come back from {specialist.practice}, call them at "
                f"{specialist.phone} and the patient to see whether the visit happened."
            ),
            callback=specialist.phone,
            patient_id=referral.patient_id,
            due_at=due,
            written_at=ctx.now,
        )
    )


@handles(
    SendReferralPacket,
    changes={Change.REFERRALS, Change.MESSAGES},
    subject=(Referral, "referral_id"),
)
def send_referral_packet(ctx: Context, action: SendReferralPacket) -> Applied:
    referral = _referral(ctx.session, action.referral_id)
    if referral.status != rules.ReferralStatus.ORDERED:
        raise ActionRefused(
            f"This referral was already {rules.REFERRAL_STATUS_WORDS[referral.status]}: "
            "update its status instead of sending it again.",
            code="invalid_state",
        )
    if not 1 <= action.follow_up_days <= MAX_FOLLOW_UP_DAYS:
        raise ActionRefused(
            f"Follow up within 1 to {MAX_FOLLOW_UP_DAYS} days of sending.", code="invalid"
        )
    documents = _documents(tuple(referral.documents.splitlines()) + action.documents)
    documents = list(dict.fromkeys(documents))
    referral.documents = "\n".join(documents)
    referral.status = rules.ReferralStatus.SENT.value
    referral.sent_at = ctx.now
    referral.follow_up_on = rules.follow_up_due(ctx.now.date(), action.follow_up_days)
    _set_follow_up_task(ctx, referral)
    specialist = referral.specialist
    attached = f" with {', '.join(documents)}" if documents else " (the referral form only)"
    return Applied(
        f"Faxed the referral to {specialist.practice} at {specialist.fax}{attached}. Follow up "
        f"on {referral.follow_up_on:%m/%d/%Y} if no consult note has come back.",
        record_id=referral.id,
        patient_id=referral.patient_id,
        details={"follow_up_on": referral.follow_up_on.isoformat(), "documents": documents},
    )


@handles(
    UpdateReferral, changes={Change.REFERRALS, Change.MESSAGES}, subject=(Referral, "referral_id")
)
def update_referral(ctx: Context, action: UpdateReferral) -> Applied:
    referral = _referral(ctx.session, action.referral_id)
    status = action.status.strip().lower()
    allowed = rules.NEXT_STATUSES.get(referral.status, frozenset())
    if status not in allowed:
        now = rules.REFERRAL_STATUS_WORDS[referral.status]
        can = " or ".join(sorted(allowed)) or "nothing more"
        raise ActionRefused(
            f"A referral that is {now} can move to {can}, not {status!r}.", code="invalid_state"
        )
    warnings: list[str] = []
    if status == rules.ReferralStatus.SCHEDULED:
        if action.appointment_at is None:
            raise ActionRefused(
                "Record the specialist's appointment date and time.", code="invalid"
            )
        referral.appointment_at = action.appointment_at
        if not referral.valid_from <= action.appointment_at.date() <= referral.valid_to:
            warnings.append(
                f"The appointment falls outside the referral's dates "
                f"({referral.valid_from:%m/%d/%Y}–{referral.valid_to:%m/%d/%Y}): ask the "
                "provider for a new referral or move the visit."
            )
    if status == rules.ReferralStatus.SEEN:
        referral.visits_used += 1
    if status == rules.ReferralStatus.CLOSED:
        if referral.status != rules.ReferralStatus.CONSULT_RECEIVED:
            require_reason(
                action.note,
                "Say why the referral is closed before a consult note came back "
                "(for example 'patient declined').",
            )
        referral.closed_at = ctx.now
        referral.follow_up_on = None
    if action.follow_up_days is not None and status != rules.ReferralStatus.CLOSED:
        if not 1 <= action.follow_up_days <= MAX_FOLLOW_UP_DAYS:
            raise ActionRefused(f"Follow up within 1 to {MAX_FOLLOW_UP_DAYS} days.", code="invalid")
        referral.follow_up_on = ctx.now.date() + timedelta(days=action.follow_up_days)
    if action.note.strip():
        stamp = f"{ctx.now:%m/%d/%Y}"
        referral.notes = "\n".join(
            filter(None, [referral.notes, f"{stamp}: {action.note.strip()}"])
        )
    referral.status = status
    _set_follow_up_task(ctx, referral)
    words = rules.REFERRAL_STATUS_WORDS[status]
    when = (
        f" for {date_and_time(referral.appointment_at)}"
        if status == rules.ReferralStatus.SCHEDULED and referral.appointment_at
        else ""
    )
    follow = f"; follow up on {referral.follow_up_on:%m/%d/%Y}" if referral.follow_up_on else ""
    message = f"Referral to {referral.specialist.name} is now {words}{when}{follow}."
    if warnings:
        message += " Warning: " + " ".join(warnings)
    return Applied(
        message,
        record_id=referral.id,
        patient_id=referral.patient_id,
        details={"status": status, "warnings": warnings},
        warnings=tuple(warnings),
    )


@handles(FileConsultNote, changes={Change.REFERRALS, Change.NOTES, Change.MESSAGES})
def file_consult_note(ctx: Context, action: FileConsultNote) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    if action.kind not in DOCUMENT_KINDS:
        raise ActionRefused("File it as a consult note or as outside records.", code="invalid")
    require_reason(action.title, "Name the document (for example 'Cardiology consult note').")
    require_reason(action.received_from, "Say who sent it (the specialist's office).")
    referral: Referral | None = None
    if action.referral_id is not None:
        referral = _referral(ctx.session, action.referral_id)
        if referral.patient_id != patient.id:
            raise ActionRefused(
                "That referral belongs to another patient: match the document's name and date "
                "of birth to the right chart before filing it.",
                code="wrong_patient",
            )
    routed_to = action.provider_id or (referral.provider_id if referral else patient.pcp_id)
    if routed_to is None:
        raise ActionRefused("Choose the provider to route the document to.", code="invalid")
    provider: Provider = require(ctx.session, Provider, routed_to, "provider")
    document = ChartDocument(
        patient_id=patient.id,
        referral_id=referral.id if referral else None,
        kind=action.kind,
        title=action.title.strip(),
        received_from=action.received_from.strip(),
        summary=action.summary.strip(),
        received_at=ctx.now,
        routed_to_id=provider.id,
    )
    ctx.session.add(document)
    consult = action.kind == "consult_note"
    if referral is not None and consult and referral.status in rules.WAITING | {"ordered"}:
        referral.status = rules.ReferralStatus.CONSULT_RECEIVED.value
        referral.follow_up_on = None
        _set_follow_up_task(ctx, referral)
    ctx.session.flush()
    return Applied(
        f"Filed the {DOCUMENT_KINDS[action.kind]} from {document.received_from} to "
        f"{_name(patient)}'s chart and routed it to {provider.display_name} for review.",
        record_id=document.id,
        patient_id=patient.id,
        details={"routed_to": provider.id, "referral_id": document.referral_id},
    )


# Prior authorisation -------------------------------------------------------------------


def _codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    problem = rules.cpt_problem(cleaned)
    if problem is not None:
        raise ActionRefused(problem, code="no_codes" if not cleaned else "invalid")
    return cleaned


@handles(RequestPriorAuth, changes={Change.REFERRALS})
def request_prior_auth(ctx: Context, action: RequestPriorAuth) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    provider: Provider = require(ctx.session, Provider, action.provider_id, "provider")
    codes = _codes(action.codes)
    icd10 = _icd10(action.icd10)
    require_reason(
        action.clinical_reason,
        "Give the clinical reason for the service, from the provider's note.",
    )
    coverage = active_primary(ctx.session, patient.id, ctx.now.date())
    if coverage is None:
        raise ActionRefused(
            f"{_name(patient)} has no insurance in force today: there is no payer to ask.",
            code="no_coverage",
        )
    plan: Plan = coverage.plan
    warnings: list[str] = []
    if not plan.requires_prior_auth:
        warnings.append(
            f"{plan.name} does not ask for prior authorisation: the request goes anyway."
        )
    auth = PriorAuth(
        patient_id=patient.id,
        provider_id=provider.id,
        coverage_id=coverage.id,
        codes=" ".join(codes),
        icd10=icd10,
        clinical_reason=action.clinical_reason.strip(),
        servicing=action.servicing.strip(),
        attachments="\n".join(_documents(action.attachments)),
        status=rules.AuthStatus.SUBMITTED.value,
        requested_at=ctx.now,
        # While it waits, valid_from is the first date the request asks for: a retro request's
        # date of service (the payer's answer sets the dates it grants).
        valid_from=action.service_date
        if action.service_date and action.service_date < ctx.now.date()
        else None,
    )
    ctx.session.add(auth)
    ctx.session.flush()
    message = (
        f"Sent the prior authorisation request to {plan.payer.name} for {', '.join(codes)} "
        f"({icd10}); check its status for the payer's answer."
    )
    if warnings:
        message += " Warning: " + " ".join(warnings)
    return Applied(
        message,
        record_id=auth.id,
        patient_id=patient.id,
        details={"warnings": warnings},
        warnings=tuple(warnings),
    )


def _auth(session: Session, auth_id: int) -> PriorAuth:
    auth: PriorAuth = require(session, PriorAuth, auth_id, "prior authorisation request")
    return auth


@handles(UpdatePriorAuth, changes={Change.REFERRALS}, subject=(PriorAuth, "prior_auth_id"))
def update_prior_auth(ctx: Context, action: UpdatePriorAuth) -> Applied:
    auth = _auth(ctx.session, action.prior_auth_id)
    added = _documents(action.attachments)
    codes = _codes(action.codes) if action.codes else ()
    if not added and not codes:
        raise ActionRefused(
            "Attach what the payer asked for, or give the new codes: nothing would change.",
            code="invalid",
        )
    if codes:
        auth.codes = " ".join(codes)
        auth.number = ""
        auth.valid_from = auth.valid_to = None
    if added:
        kept = auth.attachments.splitlines()
        auth.attachments = "\n".join(dict.fromkeys([*kept, *added]))
    if action.note.strip():
        auth.payer_message = f"{auth.payer_message}\nOffice: {action.note.strip()}".strip()
    auth.status = rules.AuthStatus.SUBMITTED.value
    auth.decided_at = None
    what = []
    if codes:
        what.append(f"codes now {', '.join(codes)}")
    if added:
        what.append(f"attached {', '.join(added)}")
    return Applied(
        f"Sent the update to the payer ({'; '.join(what)}); the request is waiting for its "
        "answer again.",
        record_id=auth.id,
        patient_id=auth.patient_id,
        details={"codes": auth.codes.split(), "attachments": auth.attachments.splitlines()},
    )


@handles(CheckPriorAuthStatus, changes={Change.REFERRALS}, subject=(PriorAuth, "prior_auth_id"))
def check_prior_auth_status(ctx: Context, action: CheckPriorAuthStatus) -> Applied:
    auth = _auth(ctx.session, action.prior_auth_id)
    if auth.status == rules.AuthStatus.SUBMITTED:
        coverage = ctx.session.get(Coverage, auth.coverage_id)
        assert coverage is not None  # a foreign key
        decision = rules.decide_prior_auth(
            payer_code=coverage.plan.payer.payer_code,
            patient_id=auth.patient_id,
            codes=tuple(auth.codes.split()),
            icd10=auth.icd10,
            clinical_reason=auth.clinical_reason,
            attachments=tuple(auth.attachments.splitlines()),
            decided_on=ctx.now.date(),
            service_date=auth.valid_from,  # a retro request's date of service (see above)
        )
        auth.status = decision.status.value
        auth.payer_message = decision.reason
        auth.number = decision.number
        if decision.valid_from is not None or auth.valid_from is None:
            auth.valid_from = decision.valid_from  # a pended retro request keeps its date
        auth.valid_to = decision.valid_to
        auth.decided_at = ctx.now
    payer = ctx.session.get(Coverage, auth.coverage_id)
    payer_name = payer.plan.payer.name if payer is not None else "The payer"
    codes = auth.codes.replace(" ", ", ")
    if auth.status == rules.AuthStatus.SUBMITTED:  # decided above; never left submitted
        message = f"{payer_name} has not answered the request for {codes} yet."
    else:
        number = f" Authorisation number {auth.number}." if auth.number else ""
        message = f"{payer_name} on {codes}: {auth.payer_message}{number}"
    return Applied(
        message,
        record_id=auth.id,
        patient_id=auth.patient_id,
        details={"status": auth.status, "number": auth.number},
    )
