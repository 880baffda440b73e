"""Emergencies and rooming: alert a clinician, call 911, prepare a room, room a patient."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.conversations import conversation
from ehr_sim.domain.actions import AlertClinician, Call911, PrepareRoom, RoomPatient
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.records import Appointment, Patient, Room
from ehr_sim.records.engine import ClinicianAlert, EmergencyCall, RoomPreparation

PRIORITIES = ("routine", "urgent", "emergency")
EQUIPMENT = ("ECG cart", "oxygen", "wheelchair", "crash cart", "AED", "stretcher")


def _patient_of(ctx: Context, patient_id: int | None, conversation_id: int | None) -> int | None:
    if patient_id is not None:
        require(ctx.session, Patient, patient_id, "patient")
        return patient_id
    if conversation_id is not None:
        return conversation(ctx, conversation_id).patient_id
    return None


@handles(AlertClinician, changes={Change.SCENARIO})
def alert_clinician(ctx: Context, action: AlertClinician) -> Applied:
    if action.priority not in PRIORITIES:
        raise ActionRefused(f"Priority must be one of: {', '.join(PRIORITIES)}.", code="invalid")
    if not action.clinician.strip():
        raise ActionRefused("Say which clinician you are alerting.", code="invalid")
    if len(action.message.strip()) < 5:
        raise ActionRefused(
            "Tell the clinician what the patient says (symptoms, when they started).",
            code="invalid",
        )
    patient_id = _patient_of(ctx, action.patient_id, action.conversation_id)
    alert = ClinicianAlert(
        clinician=action.clinician.strip(),
        priority=action.priority,
        message=action.message.strip(),
        patient_id=patient_id,
        conversation_id=action.conversation_id,
        sent_at=ctx.now,
    )
    ctx.session.add(alert)
    ctx.session.flush()
    return Applied(
        f"{action.priority.capitalize()} alert sent to {alert.clinician} at {clock(ctx.now)}.",
        record_id=alert.id,
        patient_id=patient_id,
    )


@handles(Call911, changes={Change.SCENARIO})
def call_911(ctx: Context, action: Call911) -> Applied:
    if len(action.condition.strip()) < 5:
        raise ActionRefused(
            "Tell the dispatcher the patient's condition (for example: chest pain spreading "
            "to the left arm, sweating).",
            code="invalid",
        )
    patient_id = _patient_of(ctx, action.patient_id, action.conversation_id)
    call = EmergencyCall(
        condition=action.condition.strip(),
        address_given=action.address_given,
        patient_id=patient_id,
        conversation_id=action.conversation_id,
        called_at=ctx.now,
    )
    ctx.session.add(call)
    ctx.session.flush()
    warnings = () if action.address_given else ("Give the dispatcher the clinic's address.",)
    return Applied(
        f"911 called at {clock(ctx.now)}; an ambulance is on its way.",
        record_id=call.id,
        patient_id=patient_id,
        warnings=warnings,
    )


@handles(PrepareRoom, changes={Change.SCENARIO})
def prepare_room(ctx: Context, action: PrepareRoom) -> Applied:
    room: Room = require(ctx.session, Room, action.room_id, "room")
    unknown = [e for e in action.equipment if e not in EQUIPMENT]
    if unknown:
        raise ActionRefused(f"Unknown equipment: {', '.join(unknown)}.", code="invalid")
    in_use = ctx.session.scalar(
        select(Appointment).where(
            Appointment.room_id == room.id,
            Appointment.status == AppointmentStatus.ROOMED.value,
        )
    )
    if in_use is not None:
        raise ActionRefused(f"{room.name} has a patient in it.", code="room_occupied")
    prep = RoomPreparation(
        room_id=room.id, equipment=", ".join(action.equipment), prepared_at=ctx.now, used_at=None
    )
    ctx.session.add(prep)
    ctx.session.flush()
    extra = f" with {', '.join(action.equipment)}" if action.equipment else ""
    return Applied(f"{room.name} is ready{extra}.", record_id=prep.id)


@handles(
    RoomPatient,
    changes={Change.APPOINTMENTS, Change.SCENARIO},
    subject=(Appointment, "appointment_id"),
)
def room_patient(ctx: Context, action: RoomPatient) -> Applied:
    room: Room = require(ctx.session, Room, action.room_id, "room")
    if action.appointment_id is not None:
        visit: Appointment = require(ctx.session, Appointment, action.appointment_id, "appointment")
        if visit.status != AppointmentStatus.CHECKED_IN.value:
            raise ActionRefused("Check the patient in before rooming them.", code="wrong_status")
        visit.status = AppointmentStatus.ROOMED.value
        visit.room_id = room.id
        patient_id: int | None = visit.patient_id
    elif action.conversation_id is not None:
        talk = conversation(ctx, action.conversation_id)
        talk.room_id = room.id
        patient_id = talk.patient_id
    else:
        raise ActionRefused("Say who you are rooming (a visit or the person at the desk).")
    prep = ctx.session.scalars(
        select(RoomPreparation)
        .where(RoomPreparation.room_id == room.id, RoomPreparation.used_at.is_(None))
        .order_by(RoomPreparation.id.desc())
    ).first()
    if prep is not None:
        prep.used_at = ctx.now
    return Applied(f"Patient taken to {room.name}.", record_id=room.id, patient_id=patient_id)
