"""The in-basket, fax and letters: tasks sent, routed, started and completed; replies to
patients' portal messages; incoming faxes filed to a chart or reported as misdirected;
outgoing faxes with a cover sheet and the fax log; letters merged from the chart and printed.

Who a task can go to is the clinic's directory (`directory`): providers, their clinical
pools, staff members and the shared boxes. A name not in it is refused, and the refusal is
logged like every other.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.privacy import preferences_of
from ehr_sim.documents.letters import FIELD_WORDS, TEMPLATES, Merged, merge
from ehr_sim.domain.actions import (
    CompleteTask,
    FileFax,
    PrintLetter,
    ReplyToPortalMessage,
    ReportMisdirectedFax,
    RouteTask,
    SendFax,
    SendTask,
    StartTask,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import age_on
from ehr_sim.domain.inbasket import (
    CLINIC_FAX,
    POOL,
    PRIORITIES,
    ROLES,
    SHARED_BOXES,
    STAFF,
    TASK_KINDS,
    canonical,
    directory_entry,
    fax_number,
)
from ehr_sim.domain.money import Money
from ehr_sim.domain.privacy import letter_warnings
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    ClinicSetting,
    Fax,
    LedgerEntry,
    Letter,
    Patient,
    Provider,
    StaffMessage,
)

MIN_WORDS = 5
ADULT = 18  # a letter about a younger patient goes to a parent or guardian
_ABOUT_ITEM = (StaffMessage, "message_id")
_ABOUT_FAX = (Fax, "fax_id")


def directory(session: Session) -> list[str]:
    """Everyone a task or message can be sent to: shared boxes, providers, their clinical
    pools, and staff members."""
    providers = [p.display_name for p in session.scalars(select(Provider).order_by(Provider.id))]
    return [
        *SHARED_BOXES,
        *ROLES,
        *providers,
        *(POOL.format(provider=p) for p in providers),
        *STAFF,
    ]


def recipient(session: Session, name: str, what: str = "task") -> str:
    """The directory's spelling of `name`; refused in plain words when no one has it."""
    if not name.strip():
        raise ActionRefused(f"Say who the {what} is for.", code="invalid")
    found = canonical(name, directory(session))
    if found is None:
        raise ActionRefused(
            f"There is no one called “{' '.join(name.split())}” in the clinic's directory: "
            "choose a staff member, provider, clinical pool, role or shared box from the list.",
            code="unknown_recipient",
        )
    return found


def _item(ctx: Context, message_id: int) -> StaffMessage:
    item: StaffMessage = require(ctx.session, StaffMessage, message_id, "in-basket item")
    return item


def _title(item: StaffMessage) -> str:
    return item.subject or item.text.split("\n", 1)[0][:60]


@handles(SendTask, changes={Change.MESSAGES})
def send_task(ctx: Context, action: SendTask) -> Applied:
    to = recipient(ctx.session, action.to)
    subject = " ".join(action.subject.split())
    text = " ".join(action.text.split())
    if not subject or len(text.split()) < MIN_WORDS - 2:
        raise ActionRefused(
            "Give the task a subject and say what is needed (who, what, by when).",
            code="invalid",
        )
    if action.priority not in PRIORITIES:
        raise ActionRefused(f"Priority is one of: {', '.join(PRIORITIES)}.", code="invalid")
    if action.kind not in TASK_KINDS:
        raise ActionRefused(f"Kind is one of: {', '.join(TASK_KINDS)}.", code="invalid")
    if action.due is not None and action.due < ctx.now:
        raise ActionRefused("The due time has already passed.", code="invalid")
    if action.patient_id is not None:
        require(ctx.session, Patient, action.patient_id, "patient")
    task = StaffMessage(
        for_staff=to,
        text=text,
        callback="",
        urgent=action.priority == "urgent",
        patient_id=action.patient_id,
        conversation_id=None,
        written_at=ctx.now,
        channel="task",
        subject=subject,
        sender=ctx.record.actor,
        kind=action.kind,
        priority=action.priority,
        due_at=action.due,
        status="open",
    )
    ctx.session.add(task)
    ctx.session.flush()
    return Applied(
        f"Sent a {action.priority} {action.kind} task to {to}: “{subject}”.",
        record_id=task.id,
        patient_id=action.patient_id,
    )


@handles(RouteTask, changes={Change.MESSAGES}, subject=_ABOUT_ITEM)
def route_task(ctx: Context, action: RouteTask) -> Applied:
    item = _item(ctx, action.message_id)
    to = recipient(ctx.session, action.to)
    if item.status == "done":
        raise ActionRefused("That item is done: there is nothing left to route.", code="done")
    if to == item.for_staff:
        raise ActionRefused(f"That item is already with {to}.", code="same_recipient")
    before = item.for_staff
    item.for_staff = to
    item.status = "open"
    if note := " ".join(action.note.split()):
        item.text = f"{item.text}\n\nRouted by {ctx.record.actor} to {to}: {note}"
    return Applied(
        f"Routed “{_title(item)}” from {before} to {to}.",
        record_id=item.id,
        patient_id=item.patient_id,
    )


@handles(StartTask, changes={Change.MESSAGES}, subject=_ABOUT_ITEM)
def start_task(ctx: Context, action: StartTask) -> Applied:
    item = _item(ctx, action.message_id)
    if item.status != "open":
        raise ActionRefused(f"That item is already {item.status}.", code="not_open")
    item.status = "in progress"
    return Applied(f"Started “{_title(item)}”.", record_id=item.id, patient_id=item.patient_id)


@handles(CompleteTask, changes={Change.MESSAGES}, subject=_ABOUT_ITEM)
def complete_task(ctx: Context, action: CompleteTask) -> Applied:
    item = _item(ctx, action.message_id)
    if item.status == "done":
        raise ActionRefused("That item is already done.", code="done")
    if item.channel == "portal" and not item.reply:
        raise ActionRefused(
            "The patient is waiting for an answer: reply to the portal message first.",
            code="no_reply",
        )
    item.status = "done"
    item.done_at = ctx.now
    if note := " ".join(action.note.split()):
        item.text = f"{item.text}\n\nDone ({ctx.record.actor}): {note}"
    return Applied(f"Completed “{_title(item)}”.", record_id=item.id, patient_id=item.patient_id)


@handles(ReplyToPortalMessage, changes={Change.MESSAGES}, subject=_ABOUT_ITEM)
def reply_to_portal_message(ctx: Context, action: ReplyToPortalMessage) -> Applied:
    item = _item(ctx, action.message_id)
    if item.channel != "portal":
        raise ActionRefused(
            "Only a patient's portal message can be answered in the portal.", code="not_portal"
        )
    if item.reply:
        raise ActionRefused("That portal message has already been answered.", code="done")
    body = " ".join(action.body.split())
    if len(body.split()) < MIN_WORDS:
        raise ActionRefused("Write the patient a reply of a sentence or more.", code="invalid")
    item.reply = body
    item.replied_at = ctx.now
    item.status = "done"
    item.done_at = ctx.now
    return Applied(
        f"Replied to {item.sender or 'the patient'} in the portal: “{body}”",
        record_id=item.id,
        patient_id=item.patient_id,
    )


# Faxes ---------------------------------------------------------------------------------


def _incoming(ctx: Context, fax_id: int) -> Fax:
    fax: Fax = require(ctx.session, Fax, fax_id, "fax")
    if fax.direction != "in":
        raise ActionRefused(
            "That is a fax the office sent, not one it received.", code="not_incoming"
        )
    if fax.status == "filed":
        raise ActionRefused("That fax has already been filed to a chart.", code="already_filed")
    if fax.status == "misdirected":
        raise ActionRefused("That fax has already been reported as misdirected.", code="reported")
    return fax


def misdirected(fax: Fax) -> bool:
    """Whether the sender's cover sheet addresses a fax number that is not the clinic's."""
    return (
        fax.direction == "in"
        and bool(fax.addressed_number)
        and (fax.addressed_number != CLINIC_FAX)
    )


@handles(FileFax, changes={Change.MESSAGES}, subject=_ABOUT_FAX)
def file_fax(ctx: Context, action: FileFax) -> Applied:
    fax = _incoming(ctx, action.fax_id)
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    name = f"{patient.first_name} {patient.last_name}"
    warnings = []
    if misdirected(fax):
        warnings.append(
            f"The cover sheet is addressed to {fax.addressed_to} at {fax.addressed_number}, "
            f"not to this office ({CLINIC_FAX}): this fax was meant for someone else."
        )
    same_dob = fax.about_dob is None or fax.about_dob == patient.dob
    if not same_dob:
        warnings.append(
            f"The fax's date of birth ({fax.about_dob:%m/%d/%Y}) is not {name}'s "
            f"({patient.dob:%m/%d/%Y}): a matching name is not a matching patient."
        )
    fax.status = "filed"
    fax.patient_id = patient.id
    fax.handled_at = ctx.now
    return Applied(
        f"Filed the fax from {fax.party} ({fax.pages} pages, “{fax.subject}”) to {name}'s chart.",
        record_id=fax.id,
        patient_id=patient.id,
        details={"misdirected": misdirected(fax), "same_dob": same_dob},
        warnings=tuple(warnings),
    )


@handles(ReportMisdirectedFax, changes={Change.MESSAGES}, subject=_ABOUT_FAX)
def report_misdirected_fax(ctx: Context, action: ReportMisdirectedFax) -> Applied:
    fax = _incoming(ctx, action.fax_id)
    note = " ".join(action.note.split())
    if len(note) < 3:
        raise ActionRefused(
            "Say what you did about it (sender told, pages destroyed, privacy officer told).",
            code="reason_required",
        )
    fax.status = "misdirected"
    fax.handled_at = ctx.now
    fax.note = note
    return Applied(
        f"Reported the fax from {fax.party} ({fax.pages} pages) as misdirected: {note}",
        record_id=fax.id,
        details={"misdirected": misdirected(fax)},
    )


@handles(SendFax, changes={Change.MESSAGES})
def send_fax(ctx: Context, action: SendFax) -> Applied:
    to = " ".join(action.to.split())
    if not to:
        raise ActionRefused("Say who the fax is for.", code="invalid")
    number = fax_number(action.number)
    if number is None:
        shown = action.number.strip() or "no number"
        raise ActionRefused(
            f"“{shown}” is not a fax number: a fax needs a 10-digit US number. Nothing was sent.",
            code="invalid_number",
        )
    subject = " ".join(action.subject.split())
    if not subject:
        raise ActionRefused("Give the fax a subject for its cover sheet.", code="invalid")
    if not 1 <= action.pages <= 200:
        raise ActionRefused("A fax has between 1 and 200 pages.", code="invalid")
    if number == CLINIC_FAX:
        raise ActionRefused("That is the clinic's own fax number.", code="invalid_number")
    if action.patient_id is not None:
        require(ctx.session, Patient, action.patient_id, "patient")
    entry = directory_entry(name=to)
    holder = directory_entry(number=number)
    problem = ""
    if entry is not None and entry.number != number:
        held = f", which is {holder.name}'s" if holder else ""
        problem = (
            f"Wrong number: {entry.name}'s fax is {entry.number}; this was sent to {number}{held}."
        )
    elif holder is None:
        problem = f"{number} is not in the fax directory: nobody checked whose number it is."
    elif entry is None:
        problem = f"{number} is {holder.name}'s fax in the directory, not {to}'s."
    fax = Fax(
        direction="out",
        party=entry.name if entry else to,
        number=number,
        addressed_to=to,
        addressed_number=number,
        subject=subject,
        body=action.message.strip(),
        pages=action.pages + 1,
        about_name="",
        about_dob=None,
        at=ctx.now,
        status="sent",
        patient_id=action.patient_id,
        handled_at=ctx.now,
        note="",
        reportable=bool(problem),
        problem=problem,
    )
    ctx.session.add(fax)
    ctx.session.flush()
    warnings = (
        (f"Reportable event in the fax log: {problem} Tell the privacy officer.",)
        if problem
        else ()
    )
    return Applied(
        f"Faxed {fax.party} at {number}: “{subject}”, {fax.pages} pages with the cover sheet.",
        record_id=fax.id,
        patient_id=action.patient_id,
        details={"reportable": bool(problem)},
        warnings=warnings,
    )


# Letters -------------------------------------------------------------------------------


def letter_values(
    session: Session, patient: Patient, now: datetime, extra: dict[str, str]
) -> dict[str, str]:
    """Every field a letter can take, from the chart (blank where the chart has nothing),
    then `extra` for what the chart does not hold (who a referral is to, and why)."""
    settings = {s.key: s.value for s in session.scalars(select(ClinicSetting))}
    pcp = session.get(Provider, patient.pcp_id) if patient.pcp_id else None
    street = ", ".join(x for x in (patient.address1, patient.address2) if x.strip())
    town = f"{patient.city}, {patient.state} {patient.zip_code}".strip(", ")
    values = {
        "date": f"{now:%B} {now.day}, {now.year}",
        "patient_name": f"{patient.first_name} {patient.last_name}",
        "address": f"{street}\n{town}" if street and patient.city else "",
        "salutation": (
            f"parent or guardian of {patient.first_name} {patient.last_name}"
            if age_on(patient.dob, now.date()) < ADULT
            else f"{patient.first_name} {patient.last_name}"
        ),
        "clinic_name": settings.get("clinic_name", ""),
        "clinic_phone": settings.get("clinic_phone", ""),
        "provider": pcp.display_name if pcp else "",
        "missed_visit": "",
        "missed_provider": "",
        "last_visit": "",
        "recall_visit": "",
        "balance": "",
        "referred_to": "",
        "referral_reason": "",
    }
    missed = session.scalars(
        select(Appointment)
        .where(
            Appointment.patient_id == patient.id,
            Appointment.status == AppointmentStatus.NO_SHOW,
            Appointment.start <= now,
        )
        .order_by(Appointment.start.desc())
    ).first()
    if missed is not None:
        values["missed_visit"] = (
            f"{missed.start:%A, %B} {missed.start.day} at {clock(missed.start)}"
        )
        doctor = session.get(Provider, missed.provider_id)
        values["missed_provider"] = doctor.display_name if doctor else ""
    last = session.execute(
        select(Appointment.start, AppointmentType.name)
        .join(AppointmentType, AppointmentType.id == Appointment.type_id)
        .where(
            Appointment.patient_id == patient.id,
            Appointment.status == AppointmentStatus.COMPLETED,
            Appointment.start <= now,
        )
        .order_by(Appointment.start.desc())
    ).first()
    if last is not None:
        values["last_visit"] = f"{last[0]:%B} {last[0].day}, {last[0].year}"
        values["recall_visit"] = recall_for(patient.dob, now.date())
    owed = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.patient_id == patient.id
        )
    )
    if (cents := int(owed or 0)) > 0:
        values["balance"] = str(Money(cents))
    values.update({k: " ".join(v.split()) for k, v in extra.items() if k in values})
    return values


def recall_for(dob: date, today: date) -> str:
    """The routine visit a recall letter invites to, by age."""
    age = age_on(dob, today)
    if age < 18:
        return "yearly well-child checkup"
    if age >= 65:
        return "annual wellness visit"
    return "yearly physical"


def merged_letter(
    session: Session, patient: Patient, template: str, now: datetime, extra: dict[str, str]
) -> Merged:
    """The letter merged from the chart, or a refusal naming the first field it lacks."""
    if template not in TEMPLATES:
        raise ActionRefused(
            f"There is no letter template “{template}”: choose one of {', '.join(TEMPLATES)}.",
            code="invalid",
        )
    result = merge(template, letter_values(session, patient, now, extra))
    if isinstance(result, list):
        words = ", ".join(f"“{FIELD_WORDS.get(f, f)}”" for f in result)
        raise ActionRefused(
            f"The {template} letter needs {words}, and {patient.first_name} "
            f"{patient.last_name}'s chart has no value for it. Nothing was printed.",
            code="missing_field",
        )
    return result


@handles(PrintLetter, changes={Change.MESSAGES})
def print_letter(ctx: Context, action: PrintLetter) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    letter = merged_letter(ctx.session, patient, action.template, ctx.now, dict(action.fields))
    row = Letter(
        patient_id=patient.id,
        template=action.template,
        title=letter.title,
        text=letter.text,
        printed_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(
        f"Printed the {action.template} letter for {patient.first_name} {patient.last_name}.",
        record_id=row.id,
        patient_id=patient.id,
        warnings=letter_warnings(preferences_of(ctx.session, patient.id)),
    )
