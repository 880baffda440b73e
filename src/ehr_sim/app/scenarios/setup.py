"""Lay a scenario's setup records over the generated clinic and name them by reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.named_records import KINDS_KEY
from ehr_sim.app.handlers.registration import keep_search_columns, next_mrn
from ehr_sim.app.handlers.scheduling import ACTIVE
from ehr_sim.app.scenarios.setup_records import apply_more_setup, delete_generated_visits
from ehr_sim.domain.claims import ClaimStatus, NoteKind
from ehr_sim.domain.money import Money
from ehr_sim.packs.schema import Scenario
from ehr_sim.packs.when import parse_when
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Contact,
    Coverage,
    Medication,
    Note,
    Patient,
    Payer,
    Plan,
    Provider,
    Room,
)

NINE = time(9, 0)  # a setup note written on a day without a time was written at nine
ROOM_MARGIN = timedelta(minutes=15)  # longer than any visit type's cleaning time


def apply_setup(session: Session, scenario: Scenario, day0: date) -> dict[str, Any]:
    """Insert the setup records; returns {ref: id, ..., "__kinds__": {ref: table}}."""
    setup = scenario.setup
    providers = {p.last_name.lower(): p for p in session.scalars(select(Provider))}
    types = {t.code: t for t in session.scalars(select(AppointmentType))}
    refs: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    for free in setup.keep_free:
        start = parse_when(free.start).at(day0)
        end = start + timedelta(minutes=free.minutes)
        _clear(session, providers[free.provider].id, start, end)
        if _free_room(session, start, end) is None:
            _clear_room(session, start, end)
    for ref, p in setup.patients.items():
        patient = Patient(
            mrn=next_mrn(session),
            first_name=p.first_name,
            middle_name="",
            last_name=p.last_name,
            preferred_name="",
            dob=parse_when(p.dob).on(day0),
            sex=p.sex,
            address1=p.address1,
            address2="",
            city=p.city,
            state=p.state,
            zip_code=p.zip_code,
            phone=p.phone,
            mobile=p.mobile,
            email=p.email,
            preferred_language="English",
            emergency_contact_name="; ".join(p.authorised_contacts),
            emergency_contact_relationship="authorised contact" if p.authorised_contacts else "",
            emergency_contact_phone="",
            photo_id_seen_on=day0 - timedelta(days=400),
            privacy_notice="acknowledged" if p.privacy_notice else None,
            privacy_notice_on=day0 - timedelta(days=400) if p.privacy_notice else None,
            pcp_id=providers[p.pcp].id if p.pcp else None,
            registered_on=day0 - timedelta(days=400),
        )
        keep_search_columns(patient)
        session.add(patient)
        session.flush()
        refs[ref], kinds[ref] = patient.id, "patients"
        for med in p.medications:
            session.add(
                Medication(
                    patient_id=patient.id,
                    name=med.name,
                    dose=med.dose,
                    frequency=med.frequency,
                    started_on=parse_when(med.started).on(day0),
                    refills_left=med.refills_left,
                )
            )
        for note in p.chart_notes:
            written = parse_when(note.written)
            at = written.at(day0) if written.clock else datetime.combine(written.on(day0), NINE)
            session.add(
                Note(
                    patient_id=patient.id,
                    kind=NoteKind.CHART.value,
                    text=note.text,
                    written_at=at,
                    author=note.author,
                )
            )
        for listed in p.authorised_contacts:  # "Marco Reyes (husband)": on the Privacy tab too
            name, _, relation = listed.partition("(")
            session.add(
                Contact(
                    patient_id=patient.id,
                    name=name.strip()[:120],
                    relation=relation.strip(" )")[:40] or "authorised contact",
                    phone="",
                    knows="",
                    authorised=True,
                    topics="everything",
                    authorised_from=patient.registered_on,
                    given="written",
                )
            )
    for ref, c in setup.coverages.items():
        holder = session.get(Patient, refs[c.patient])
        assert holder is not None
        plans = select(Plan).join(Payer).where(Payer.payer_code == c.payer)
        if c.plan is not None:
            plans = plans.where(Plan.name == c.plan)
        plan = session.scalars(plans.order_by(Plan.id)).first()
        assert plan is not None
        coverage = Coverage(
            patient_id=holder.id,
            plan_id=plan.id,
            rank=c.rank,
            member_id=c.member_id,
            group_number=c.group_number,
            subscriber_name=c.subscriber_name or f"{holder.first_name} {holder.last_name}",
            subscriber_dob=(
                parse_when(c.subscriber_dob).on(day0) if c.subscriber_dob else holder.dob
            ),
            subscriber_relationship=c.subscriber_relationship or "self",
            effective_on=parse_when(c.effective).on(day0),
            terminated_on=parse_when(c.terminated).on(day0) if c.terminated else None,
            deductible_met_cents=0,
        )
        session.add(coverage)
        session.flush()
        refs[ref], kinds[ref] = coverage.id, "coverages"
    for ref, a in setup.appointments.items():
        visit_type = types[a.type]
        start = parse_when(a.start).at(day0)
        end = start + timedelta(minutes=visit_type.minutes)
        provider = providers[a.provider]
        if start.date() >= day0:  # a past visit is history: the day's other visits stay
            _clear(session, provider.id, start, end)
        appointment = Appointment(
            patient_id=refs[a.patient],
            provider_id=provider.id,
            type_id=visit_type.id,
            room_id=None if visit_type.telehealth else _free_room(session, start, end),
            start=start,
            end=end,
            status=a.status,
            reason=a.reason,
            booked_at=datetime.combine(day0 - timedelta(days=14), datetime.min.time()),
            checked_in_at=None,
            confirmed_at=None,
        )
        session.add(appointment)
        session.flush()
        refs[ref], kinds[ref] = appointment.id, "appointments"
    if setup.claims:
        from ehr_sim.app.handlers.claims import create_claim

        for ref, cl in setup.claims.items():
            claim = create_claim(
                session,
                patient_id=refs[cl.patient],
                coverage_id=refs[cl.coverage],
                provider_id=providers[cl.provider].id,
                service_date=parse_when(cl.service_date).on(day0),
                submitted_at=parse_when(cl.submitted).at(day0),
                diagnoses=list(cl.diagnoses),
                lines=[
                    (
                        ln.cpt,
                        list(ln.modifiers),
                        ln.units,
                        Money.parse(ln.charge).cents,
                        list(ln.pointers),
                    )
                    for ln in cl.lines
                ],
            )
            claim.status = ClaimStatus(cl.status).value
            claim.rejection_reason = cl.rejection.strip()
            refs[ref], kinds[ref] = claim.id, "claims"
    start = datetime.combine(day0, time.fromisoformat(scenario.world.start))
    apply_more_setup(session, setup, day0, refs, kinds, start=start)
    refs[KINDS_KEY] = kinds
    return refs


def _clear(session: Session, provider_id: int, start: datetime, end: datetime) -> None:
    """Remove generated visits that would clash with the scenario's own."""
    clashing = select(Appointment.id).where(
        Appointment.provider_id == provider_id,
        Appointment.start < end,
        Appointment.end > start,
        Appointment.start > start - timedelta(days=1),
    )
    delete_generated_visits(session, list(session.scalars(clashing)))


def _clear_room(session: Session, start: datetime, end: datetime) -> None:
    """Free the first exam room (with cleaning margins) by removing generated visits there."""
    first_room = session.scalar(select(Room.id).where(Room.kind == "exam").order_by(Room.id))
    clashing = select(Appointment.id).where(
        Appointment.room_id == first_room,
        Appointment.start < end + ROOM_MARGIN,
        Appointment.end > start - ROOM_MARGIN,
        Appointment.start > start - timedelta(days=1),
    )
    delete_generated_visits(session, list(session.scalars(clashing)))


def _free_room(session: Session, start: datetime, end: datetime) -> int | None:
    busy = set(
        session.scalars(
            select(Appointment.room_id).where(
                Appointment.start < end + ROOM_MARGIN,
                Appointment.end > start - ROOM_MARGIN,
                Appointment.start > start - timedelta(days=1),
                Appointment.status.in_(ACTIVE),
            )
        )
    )
    rooms = session.scalars(select(Room.id).where(Room.kind == "exam").order_by(Room.id))
    return next((r for r in rooms if r not in busy), None)
