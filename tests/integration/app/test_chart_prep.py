"""Chart prep over the seeded clinic: tomorrow's open visits with what each lacks, fixed by
the actions the list offers; referral records plug in from outside."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ehr_sim.app.handlers.checkin import primary_coverage
from ehr_sim.app.queries import chart_prep as prep_query
from ehr_sim.app.queries.chart_prep import PrepRow, chart_prep, prep_day
from ehr_sim.domain.actions import (
    CancelAppointment,
    MarkDocumentReceived,
    UpdateInsurance,
    VerifyEligibility,
)
from ehr_sim.domain.chart_prep import FlagKind
from ehr_sim.records import ActionRecord, Coverage, ExpectedDocument, Plan, Provider

from ..seeded import TODAY, Clinic

TOMORROW = date(2026, 11, 24)


def row_of(rows: list[PrepRow], appointment_id: int) -> PrepRow:
    return next(r for r in rows if r.appointment_id == appointment_id)


def test_chart_prep_looks_at_the_next_clinic_day() -> None:
    assert prep_day(TODAY) == TOMORROW
    assert prep_day(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday -> Monday


def test_every_open_visit_tomorrow_is_listed_by_time_and_a_cancelled_one_is_not(
    clinic: Clinic,
) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    assert len(rows) > 20
    assert [r.start for r in rows] == sorted(r.start for r in rows)
    gone = rows[0].appointment_id
    assert clinic.perform(CancelAppointment(appointment_id=gone, reason="Work conflict")).done
    assert gone not in [r.appointment_id for r in chart_prep(clinic.db, TOMORROW)]


def test_verifying_eligibility_clears_the_visits_insurance_flag(clinic: Clinic) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    visit = next(r for r in rows if any(f.action == "VerifyEligibility" for f in r.flags))
    assert clinic.perform(VerifyEligibility(appointment_id=visit.appointment_id)).done
    after = row_of(chart_prep(clinic.db, TOMORROW), visit.appointment_id)
    assert not [f for f in after.flags if f.kind is FlagKind.INSURANCE]


def test_coverage_ended_before_the_visit_is_flagged_with_its_end_date(clinic: Clinic) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    with clinic.db.reading() as s:
        insured = next((r, c) for r in rows if (c := primary_coverage(s, r.patient_id)) is not None)
    visit, coverage = insured
    ended = clinic.perform(
        UpdateInsurance(
            coverage_id=coverage.id,
            changes={"terminated_on": "10/31/2026"},
            reason="Patient says the plan ended",
        )
    )
    assert ended.done, ended.message
    flags = row_of(chart_prep(clinic.db, TOMORROW), visit.appointment_id).flags
    insurance = [f for f in flags if f.kind is FlagKind.INSURANCE]
    assert len(insurance) == 1 and insurance[0].problem.endswith("ended 10/31/2026.")


def test_an_outside_document_not_received_is_flagged_until_marked_received_once(
    clinic: Clinic,
) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    visit, flag = next((r, f) for r in rows for f in r.flags if f.kind is FlagKind.OUTSIDE)
    assert flag.document_id is not None
    done = clinic.perform(MarkDocumentReceived(expected_document_id=flag.document_id))
    assert done.done and "received" in done.message
    assert done.record_id == flag.document_id
    after = row_of(chart_prep(clinic.db, TOMORROW), visit.appointment_id)
    assert flag.document_id not in [f.document_id for f in after.flags]
    again = clinic.perform(MarkDocumentReceived(expected_document_id=flag.document_id))
    assert not again.done and again.code == "already_received"
    with clinic.db.reading() as s:
        logged = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert logged is not None
        assert (logged.outcome, logged.patient_id) == ("refused", visit.patient_id)


def test_the_world_has_documents_both_received_and_outstanding_for_tomorrow(
    clinic: Clinic,
) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    visits = {r.appointment_id for r in rows}
    with clinic.db.reading() as s:
        docs = s.scalars(
            select(ExpectedDocument).where(ExpectedDocument.appointment_id.in_(visits))
        ).all()
    assert {d.received_on is None for d in docs} == {True, False}


def test_an_hmo_specialist_visit_is_flagged_until_a_referral_source_says_one_is_on_file(
    clinic: Clinic,
) -> None:
    rows = chart_prep(clinic.db, TOMORROW)
    with clinic.db.writing() as s:
        hmo_patients = set(
            s.scalars(
                select(Coverage.patient_id)
                .join(Plan, Plan.id == Coverage.plan_id)
                .where(Plan.requires_referral, Coverage.rank == 1)
            )
        )
        visit = next(r for r in rows if r.patient_id in hmo_patients)
        provider = s.scalars(
            select(Provider).where(Provider.last_name == visit.provider_name.split()[-1])
        ).one()
        provider.specialty = "Cardiology"  # a specialist joins the practice
    flagged = row_of(chart_prep(clinic.db, TOMORROW), visit.appointment_id)
    assert FlagKind.REFERRAL in [f.kind for f in flagged.flags]
    source = lambda _session, ids: {visit.appointment_id} & set(ids)  # noqa: E731
    prep_query.REFERRAL_SOURCES.append(source)
    try:
        cleared = row_of(chart_prep(clinic.db, TOMORROW), visit.appointment_id)
    finally:
        prep_query.REFERRAL_SOURCES.remove(source)
    assert FlagKind.REFERRAL not in [f.kind for f in cleared.flags]
