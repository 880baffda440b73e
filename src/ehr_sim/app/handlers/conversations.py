"""Phones and people at the desk: answer, verify identity, reply, take a message, transfer."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ehr_sim.app.handlers.base import (
    ATTEMPT_KEY,
    SCENARIO_KEY,
    Applied,
    Change,
    Context,
    handles,
    require,
)
from ehr_sim.app.handlers.call_log import call_of, did, hang_up, start_hold
from ehr_sim.app.handlers.inbasket import recipient
from ehr_sim.app.handlers.named_records import named_records
from ehr_sim.domain.actions import (
    AnswerCall,
    ChooseResponse,
    EndCall,
    TakeMessage,
    TransferCall,
    VerifyCallerIdentity,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import same_full_name
from ehr_sim.records import ActionRecord, ClinicSetting, Contact, Patient
from ehr_sim.records.engine import AttemptRecord, Conversation, FiredEvent, StaffMessage

if TYPE_CHECKING:
    from ehr_sim.grading.attempt import Attempt
    from ehr_sim.packs.schema import Scenario

# The dialogue engine, grader and pack schema (pydantic) load on the first scenario action,
# not at start-up: free practice never needs them.

IDENTIFIERS = {"name": "full name", "dob": "date of birth", "address": "address", "phone": "phone"}
TRANSFER_TO = ("nurse line", "billing office", "provider", "practice manager", "pharmacy")


def scenario_of(ctx: Context) -> Scenario:
    from ehr_sim.packs.schema import Scenario

    scenario = ctx.cache.get(SCENARIO_KEY)
    if not isinstance(scenario, Scenario):
        raise ActionRefused("There is no call or visitor in free practice.", code="no_scenario")
    return scenario


def conversation(ctx: Context, conversation_id: int) -> Conversation:
    found: Conversation = require(ctx.session, Conversation, conversation_id, "call or visitor")
    return found


def _live(ctx: Context, conversation_id: int) -> Conversation:
    talk = conversation(ctx, conversation_id)
    if talk.status == "waiting":
        what = "Answer the call" if talk.kind == "phone" else "Greet the person at the desk"
        raise ActionRefused(f"{what} first.", code="not_answered")
    if talk.status == "on_hold":
        raise ActionRefused("The call is on hold: take it off hold first.", code="on_hold")
    if talk.status != "active":
        raise ActionRefused("That conversation has ended.", code="conversation_ended")
    return talk


def speak(ctx: Context, talk: Conversation, text: str) -> str:
    """What a person says, with the caller's name, DOB, relative days and named records
    ({new_visit.start}) filled in."""
    from ehr_sim.engine.dialogue import fill

    attempt = ctx.session.get(AttemptRecord, ctx.cache.get(ATTEMPT_KEY))
    patient = ctx.session.get(Patient, talk.patient_id) if talk.patient_id else None
    return fill(
        text,
        trainee=attempt.trainee if attempt else "the front desk",
        clinic=_clinic_name(ctx),
        day0=attempt.day0 if attempt else ctx.now.date(),
        name=f"{patient.first_name} {patient.last_name}" if patient else "",
        dob=patient.dob if patient else None,
        records=_named(ctx, attempt) if "{" in text else None,
    )


def _named(ctx: Context, attempt: AttemptRecord | None) -> dict[str, dict[str, Any]]:
    return named_records(ctx.session, json.loads(attempt.refs)) if attempt else {}


def _clinic_name(ctx: Context) -> str:
    name = ctx.cache.get("clinic_name")
    if name is None:
        setting = ctx.session.get(ClinicSetting, "clinic_name")
        name = ctx.cache["clinic_name"] = setting.value if setting else "the clinic"
    return str(name)


def _who(talk: Conversation) -> str:
    return "caller" if talk.kind == "phone" else talk.person


@handles(AnswerCall, changes={Change.SCENARIO})
def answer_call(ctx: Context, action: AnswerCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.status in ("ended", "transferred"):
        raise ActionRefused(
            "That call has ended: nobody is on the line any more.", code="conversation_ended"
        )
    if talk.status != "waiting":
        raise ActionRefused("This call has already been answered.", code="already_answered")
    entry = call_of(ctx.session, talk.id)
    if talk.attempt_id is None and entry is not None:
        # A caller of the living clinic: no dialogue, just what they ring about.
        says = entry.says
    else:
        from ehr_sim.engine.dialogue import node_of

        node = node_of(scenario_of(ctx), talk.event_id, talk.node)
        says = speak(ctx, talk, node.says) if node else ""
    talk.status = "active"
    talk.answered_at = ctx.now
    did(entry, "answered")
    line = f" (line {entry.line})" if entry is not None and entry.line else ""
    return Applied(
        f"{talk.person}{line}: “{says}”",
        record_id=talk.id,
        patient_id=talk.patient_id,
    )


@handles(VerifyCallerIdentity, changes={Change.SCENARIO})
def verify_caller(ctx: Context, action: VerifyCallerIdentity) -> Applied:
    talk = _live(ctx, action.conversation_id)
    chart: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    asked = {i for i in action.identifiers if i in IDENTIFIERS}
    if len(asked) < 2:
        raise ActionRefused(
            "Ask for two identifiers (full name and date of birth, or address or phone) and "
            "compare them with the chart.",
            code="identity_not_verified",
        )
    if talk.contact_id is not None:
        raise ActionRefused(_not_the_patient(ctx, talk, chart), code="caller_not_patient")
    if talk.patient_id != chart.id:
        real = ctx.session.get(Patient, talk.patient_id) if talk.patient_id else None
        said = f"born {real.dob:%m/%d/%Y}" if real else "details that match no chart"
        raise ActionRefused(
            f"The {_who(talk)} gives {said}: that does not match {chart.first_name} "
            f"{chart.last_name}'s chart. Do not discuss this chart.",
            code="identity_mismatch",
        )
    wrong = []
    if action.name_heard and not same_full_name(
        action.name_heard, chart.first_name, chart.last_name
    ):
        wrong.append(f"the name you wrote down ({action.name_heard.strip()})")
    if action.dob_heard is not None and action.dob_heard != chart.dob:
        wrong.append(f"the date of birth you wrote down ({action.dob_heard:%m/%d/%Y})")
    if wrong:
        raise ActionRefused(
            f"{' and '.join(wrong).capitalize()} does not match {chart.first_name} "
            f"{chart.last_name}'s chart. Compare again, or find the right chart; do not "
            "discuss this chart until it matches.",
            code="identity_mismatch",
        )
    talk.verified_patient_id = chart.id
    named = " and ".join(IDENTIFIERS[i] for i in sorted(asked))
    return Applied(
        f"Identity confirmed: the {_who(talk)}'s {named} match the chart of "
        f"{chart.first_name} {chart.last_name}.",
        record_id=talk.id,
        patient_id=chart.id,
    )


def _not_the_patient(ctx: Context, talk: Conversation, chart: Patient) -> str:
    """Why a person who is not the patient cannot verify as the patient."""
    contact = ctx.session.get(Contact, talk.contact_id)
    about = ctx.session.get(Patient, contact.patient_id) if contact else None
    who = (
        f"{contact.name}, {about.first_name} {about.last_name}'s {contact.relation}"
        if (contact and about)
        else "someone other than the patient"
    )
    allowed = (
        "They are listed as an authorised contact: share only what the patient allows."
        if contact and contact.authorised
        else "They are not listed as an authorised contact: share nothing about the patient."
    )
    return (
        f"The {_who(talk)} is {who}, not the patient: knowing {chart.first_name} "
        f"{chart.last_name}'s identifiers does not make them the patient. {allowed}"
    )


@handles(ChooseResponse, changes={Change.SCENARIO})
def choose_response(ctx: Context, action: ChooseResponse) -> Applied:
    from ehr_sim.engine.dialogue import find_choice, node_of
    from ehr_sim.grading.conditions import Evaluator

    talk = _live(ctx, action.conversation_id)
    scenario = scenario_of(ctx)
    node = node_of(scenario, talk.event_id, talk.node)
    choice = find_choice(node, action.choice) if node else None
    if node is None or choice is None:
        raise ActionRefused("That reply is not one you can give now.", code="no_such_choice")
    if "{" in choice.say:
        from ehr_sim.packs.placeholders import missing_names

        attempt = ctx.session.get(AttemptRecord, ctx.cache.get(ATTEMPT_KEY))
        if missing_names(choice.say, _named(ctx, attempt)):
            # The reply would state something the trainee has not made yet (the new time).
            raise ActionRefused(
                choice.hint or "That reply is about something you have not done yet.",
                code="requires_action",
            )
    if (
        choice.only_if is not None
        and not Evaluator(_log_so_far(ctx)).evaluate(choice.only_if).holds
    ):
        raise ActionRefused(
            choice.hint or "That reply does not fit the conversation now.", code="requires_action"
        )
    if choice.requires:
        evaluator = Evaluator(_log_so_far(ctx))
        missing = [m for m in choice.requires if not evaluator.matches(m)]
        if missing:
            hint = choice.hint or f"Do this in the EHR first: {missing[0].action}."
            raise ActionRefused(hint, code="requires_action")
    details: dict[str, Any] = {}
    if (
        choice.true_if is not None
        and not Evaluator(_log_so_far(ctx)).evaluate(choice.true_if).holds
    ):
        # Still said (the trainee may make the mistake), but logged for the grader.
        details["false_statement"] = choice.claims or speak(ctx, talk, choice.say)
    if choice.sets:
        attempt = ctx.session.get(AttemptRecord, ctx.cache.get(ATTEMPT_KEY))
        if attempt is not None:
            variables = json.loads(attempt.variables)
            variables.update(choice.sets)
            attempt.variables = json.dumps(variables)
    if choice.next == "end":
        talk.status = "ended"
        talk.ended_at = ctx.now
        reply = ""
    else:
        talk.node = choice.next
        following = node_of(scenario, talk.event_id, choice.next)
        reply = speak(ctx, talk, following.says) if following else ""
        if following is not None and following.ends:
            talk.status = "ended"
            talk.ended_at = ctx.now
    message = f"You: “{speak(ctx, talk, choice.say)}”" + (
        f"  {talk.person}: “{reply}”" if reply else ""
    )
    return Applied(
        message,
        record_id=talk.id,
        patient_id=talk.patient_id,
        details={"reply": reply, **details},
    )


def _log_so_far(ctx: Context) -> Attempt:
    from ehr_sim.grading.attempt import Attempt, LoggedAction

    attempt = ctx.session.get(AttemptRecord, ctx.cache.get(ATTEMPT_KEY))
    refs = (
        {k: v for k, v in json.loads(attempt.refs).items() if not k.startswith("__")}
        if attempt
        else {}
    )
    actions = tuple(
        LoggedAction(
            r.seq,
            r.action_type,
            json.loads(r.arguments),
            r.outcome,
            r.sim_time,
            record_id=json.loads(r.result or "{}").get("record_id"),
        )
        for r in ctx.session.scalars(select(ActionRecord).order_by(ActionRecord.seq))
    )
    started = attempt.started_at if attempt else ctx.now
    variables = json.loads(attempt.variables) if attempt else {}
    events = {
        e.event_id: e.fired_at
        for e in ctx.session.scalars(
            select(FiredEvent).where(FiredEvent.attempt_id == ctx.cache.get(ATTEMPT_KEY))
        )
    }
    # Named records as they stand now, so `record_state` in `true_if`, `only_if` and
    # `requires` reads the clinic at the moment of the reply ("your account now shows $118").
    records = named_records(ctx.session, json.loads(attempt.refs)) if attempt else {}
    return Attempt(
        started_at=started,
        day0=started.date(),
        actions=actions,
        events=events,
        refs=refs,
        records=records,
        variables=variables,
    )


@handles(EndCall, changes={Change.SCENARIO, Change.NOTES})
def end_call(ctx: Context, action: EndCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.status in ("ended", "transferred"):
        raise ActionRefused("That conversation has already ended.", code="conversation_ended")
    hang_up(ctx, talk, "ended the call" if talk.kind == "phone" else "ended")
    return Applied(
        f"Ended the conversation with {talk.person}.",
        record_id=talk.id,
        patient_id=talk.patient_id,
    )


@handles(TransferCall, changes={Change.SCENARIO, Change.NOTES})
def transfer_call(ctx: Context, action: TransferCall) -> Applied:
    talk = _live(ctx, action.conversation_id)
    if talk.kind != "phone":
        raise ActionRefused("Only a phone call can be transferred.", code="not_a_call")
    if action.to not in TRANSFER_TO:
        raise ActionRefused(f"Transfer to one of: {', '.join(TRANSFER_TO)}.", code="invalid")
    if action.warm:
        entry = call_of(ctx.session, talk.id)
        if entry is None:
            raise ActionRefused(
                "Only a call on a phone line can be transferred warm.", code="invalid"
            )
        talk.status = "on_hold"
        start_hold(entry, ctx.now)
        entry.consulting = action.to
        did(entry, f"speaking to the {action.to} first")
        return Applied(
            f"{talk.person} is on hold while you tell the {action.to} who is calling and why. "
            "Complete the transfer, or take the caller back.",
            record_id=talk.id,
            patient_id=talk.patient_id,
            details={"warm": True},
        )
    hang_up(ctx, talk, f"cold transfer to the {action.to}", status="transferred")
    return Applied(
        f"Transferred {talk.person} to the {action.to}.",
        record_id=talk.id,
        patient_id=talk.patient_id,
    )


@handles(TakeMessage, changes={Change.SCENARIO})
def take_message(ctx: Context, action: TakeMessage) -> Applied:
    if not action.for_staff.strip() or len(action.text.strip()) < 5:
        raise ActionRefused("Say who the message is for and what it is about.", code="invalid")
    for_staff = recipient(ctx.session, action.for_staff, "message")
    patient_id: Any = action.patient_id
    entry = None
    caller = action.caller.strip()
    if action.conversation_id is not None:
        talk = conversation(ctx, action.conversation_id)
        entry = call_of(ctx.session, talk.id)
        patient_id = patient_id or talk.patient_id or (entry.patient_id if entry else None)
    message = StaffMessage(
        for_staff=for_staff,
        text=f"From {caller}: {action.text.strip()}" if caller else action.text.strip(),
        callback=action.callback.strip(),
        urgent=action.urgent,
        patient_id=patient_id,
        conversation_id=action.conversation_id,
        written_at=ctx.now,
    )
    ctx.session.add(message)
    ctx.session.flush()
    did(entry, f"message for {message.for_staff}")
    flag = "Urgent message" if action.urgent else "Message"
    return Applied(
        f"{flag} left for {message.for_staff}.",
        record_id=message.id,
        patient_id=patient_id,
    )
