"""Privacy actions on the seeded clinic: message preferences, authorised contacts, records
requests and their release (a disclosure on the chart), the screen-lock setting. Every refusal
is plain and logged, and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ehr_sim.app.queries.privacy import idle_lock_minutes, privacy_view
from ehr_sim.domain.actions import (
    AddAuthorisedContact,
    LogRecordsRequest,
    RecordMessagePreferences,
    ReleaseRecords,
    RevokeAuthorisedContact,
    SetScreenLock,
    ViewChart,
)
from ehr_sim.domain.identity import phone_digits
from ehr_sim.records import (
    ActionRecord,
    Contact,
    Disclosure,
    MessagePreference,
    Patient,
    RecordsRequest,
)

from ..seeded import TODAY, Clinic

CLINIC_NAME = "Riverside Family Practice"
FIRM = "Brandt & Keller LLP"


def refused_and_logged(clinic: Clinic, action: object, code: str) -> str:
    """Perform `action`, which must be refused with `code`, change nothing and be logged."""
    before = clinic.snapshot()
    outcome = clinic.perform(action)
    assert (outcome.done, outcome.code) == (False, code), outcome.message
    assert clinic.snapshot() == before
    with clinic.db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None
        assert (last.action_type, last.outcome) == (type(action).__name__, "refused")
    return outcome.message


def logged_patient(clinic: Clinic, seq: int) -> int | None:
    """The patient the log entry `seq` is filed under (the chart's audit trail)."""
    with clinic.db.reading() as s:
        return s.scalars(select(ActionRecord.patient_id).where(ActionRecord.seq == seq)).one()


def patient(clinic: Clinic, *, mobile: bool = True) -> Patient:
    (pid,) = clinic.adults(1, lambda p: bool(p.mobile) == mobile and bool(p.email))
    with clinic.db.reading() as s:
        found = s.get(Patient, pid)
        assert found is not None
        return found


def lawyer_request(patient_id: int, **changes: object) -> LogRecordsRequest:
    values: dict[str, object] = {
        "patient_id": patient_id,
        "requester": FIRM,
        "requester_kind": "lawyer",
        "purpose": "personal injury claim",
        "parts": ("visit notes",),
        "has_authorisation": True,
        "signed": True,
        "signed_on": TODAY - timedelta(days=21),
        "signed_by": "",
        "discloser": CLINIC_NAME,
        "information": ("visit notes", "lab results"),
        "recipient": FIRM,
        "auth_purpose": "litigation",
        "expires_on": TODAY + timedelta(days=300),
    }
    values.update(changes)
    return LogRecordsRequest(**values)  # type: ignore[arg-type]


# -- message preferences ---------------------------------------------------------------------


def test_message_preferences_are_recorded_dated_today_and_shown_on_the_privacy_tab(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    done = clinic.perform(
        RecordMessagePreferences(
            patient_id=p.id,
            voicemail=False,
            with_someone=False,
            numbers=(p.mobile,),
            portal=True,
            preferred="portal",
        )
    )
    assert done.done, done.message
    assert "no voicemail" in done.message
    view = privacy_view(clinic.db, p.id, today=TODAY)
    assert view.preferences is not None
    assert (view.preferences.voicemail, view.preferences.recorded_on) == (False, TODAY)
    assert view.preferences.numbers == (phone_digits(p.mobile),)
    again = clinic.perform(
        RecordMessagePreferences(patient_id=p.id, voicemail=True, with_someone=False)
    )
    assert again.done
    with clinic.db.reading() as s:
        rows = s.scalars(select(MessagePreference).where(MessagePreference.patient_id == p.id))
        assert [r.voicemail for r in rows] == [True]  # updated, not a second row


def test_a_message_number_that_is_not_on_the_chart_is_refused(clinic: Clinic) -> None:
    p = patient(clinic)
    message = refused_and_logged(
        clinic,
        RecordMessagePreferences(
            patient_id=p.id, voicemail=True, with_someone=False, numbers=("614-555-9999",)
        ),
        "number_not_on_file",
    )
    assert "(614) 555-9999 is not one of" in message


def test_a_preferred_way_that_is_unknown_or_not_on_file_is_refused(clinic: Clinic) -> None:
    p = patient(clinic, mobile=False)
    refused_and_logged(
        clinic,
        RecordMessagePreferences(
            patient_id=p.id, voicemail=True, with_someone=True, preferred="fax"
        ),
        "invalid",
    )
    message = refused_and_logged(
        clinic,
        RecordMessagePreferences(
            patient_id=p.id, voicemail=True, with_someone=True, preferred="mobile"
        ),
        "not_on_file",
    )
    assert "has no mobile phone on file" in message


# -- authorised contacts ---------------------------------------------------------------------


def test_an_authorised_contact_is_added_with_topics_and_dates_and_can_be_revoked(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    added = clinic.perform(
        AddAuthorisedContact(
            patient_id=p.id,
            person="Carol Whitfield",
            relation="mother",
            topics=("appointments",),
            until=TODAY + timedelta(days=365),
        )
    )
    assert added.done, added.message
    assert "may be told about appointments" in added.message
    (row,) = [
        c for c in privacy_view(clinic.db, p.id, today=TODAY).contacts if c.id == added.record_id
    ]
    assert (row.status, row.start, row.topics, row.given) == (
        "Authorised",
        TODAY,
        ("appointments",),
        "verbal",
    )
    twice = refused_and_logged(
        clinic,
        AddAuthorisedContact(
            patient_id=p.id, person="carol whitfield", relation="mother", topics=("billing",)
        ),
        "already_authorised",
    )
    assert "already an authorised contact" in twice
    assert added.record_id is not None
    refused_and_logged(
        clinic, RevokeAuthorisedContact(contact_id=added.record_id, reason=""), "reason_required"
    )
    revoked = clinic.perform(
        RevokeAuthorisedContact(contact_id=added.record_id, reason="patient asked by phone")
    )
    assert revoked.done and logged_patient(clinic, revoked.seq) == p.id
    (row,) = [
        c for c in privacy_view(clinic.db, p.id, today=TODAY).contacts if c.id == added.record_id
    ]
    assert (row.status, row.active) == ("Revoked 11/23/2026", False)
    refused_and_logged(
        clinic,
        RevokeAuthorisedContact(contact_id=added.record_id, reason="again"),
        "not_authorised",
    )


def test_a_known_person_who_was_not_authorised_becomes_authorised_without_a_duplicate(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    with clinic.db.writing() as s:
        s.add(Contact(patient_id=p.id, name="Jenna Ruiz", relation="partner", phone="", knows=""))
    added = clinic.perform(
        AddAuthorisedContact(
            patient_id=p.id, person="Jenna Ruiz", relation="partner", topics=("everything",)
        )
    )
    assert added.done
    with clinic.db.reading() as s:
        rows = list(
            s.scalars(
                select(Contact).where(Contact.patient_id == p.id, Contact.name == "Jenna Ruiz")
            )
        )
    assert [(r.authorised, r.topics) for r in rows] == [(True, "everything")]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"topics": ()}, "may be told"),
        ({"topics": ("gossip",)}, "Unknown topic 'gossip'"),
        ({"given": "telepathy"}, "verbal or written"),
        ({"person": "C"}, "full name"),
        ({"until": TODAY - timedelta(days=1)}, "cannot end before it starts"),
        ({"phone": "555"}, "10-digit"),
    ],
)
def test_an_authorised_contact_without_what_they_may_be_told_or_with_bad_dates_is_refused(
    clinic: Clinic, changes: dict[str, object], words: str
) -> None:
    p = patient(clinic)
    values: dict[str, object] = {
        "patient_id": p.id,
        "person": "Carol Whitfield",
        "relation": "mother",
        "topics": ("appointments",),
    } | changes
    outcome = clinic.perform(AddAuthorisedContact(**values))  # type: ignore[arg-type]
    assert not outcome.done and words in outcome.message


# -- records requests and release ------------------------------------------------------------


def test_a_request_with_a_valid_authorisation_is_released_and_the_disclosure_is_on_the_chart(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    logged = clinic.perform(lawyer_request(p.id, signed_by=f"{p.first_name} {p.last_name}"))
    assert logged.done and logged.message.endswith("ready to release.")
    assert logged.record_id is not None
    released = clinic.perform(ReleaseRecords(request_id=logged.record_id, parts=("visit notes",)))
    assert released.done, released.message
    assert logged_patient(clinic, released.seq) == p.id
    view = privacy_view(clinic.db, p.id, today=TODAY)
    (disclosure,) = view.disclosures
    assert (disclosure.recipient, disclosure.parts, disclosure.disclosed_at.date()) == (
        FIRM,
        ("visit notes",),
        TODAY,
    )
    assert disclosure.basis.startswith(f"Authorisation signed by {p.first_name} {p.last_name}")
    assert view.requests[0].status == "released"
    again = refused_and_logged(
        clinic,
        ReleaseRecords(request_id=logged.record_id, parts=("visit notes",)),
        "already_released",
    )
    assert "already released" in again


def test_a_request_whose_authorisation_has_no_expiration_is_put_on_hold_and_release_is_refused(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    logged = clinic.perform(
        lawyer_request(p.id, signed_by=f"{p.first_name} {p.last_name}", expires_on=None)
    )
    assert logged.done
    assert logged.warnings == ("It has no expiration date or event.",)
    assert "on hold" in logged.message
    assert logged.record_id is not None
    message = refused_and_logged(
        clinic,
        ReleaseRecords(request_id=logged.record_id, parts=("visit notes", "imaging")),
        "invalid_authorisation",
    )
    assert message == (
        f"Not released to {FIRM}: It has no expiration date or event. "
        "It does not cover imaging reports."
    )
    with clinic.db.reading() as s:
        assert s.scalars(select(Disclosure).where(Disclosure.patient_id == p.id)).first() is None
        request = s.get(RecordsRequest, logged.record_id)
        assert request is not None and request.status == "on_hold"


def test_a_lawyer_with_no_authorisation_at_all_is_refused_but_the_patient_is_not(
    clinic: Clinic,
) -> None:
    p = patient(clinic)
    bare = clinic.perform(
        LogRecordsRequest(
            patient_id=p.id, requester=FIRM, requester_kind="lawyer", parts=("visit notes",)
        )
    )
    assert bare.record_id is not None
    message = refused_and_logged(
        clinic,
        ReleaseRecords(request_id=bare.record_id, parts=("visit notes",)),
        "invalid_authorisation",
    )
    assert "needs the patient's signed authorisation, and there is none" in message
    own = clinic.perform(
        LogRecordsRequest(
            patient_id=p.id,
            requester=f"{p.first_name} {p.last_name}",
            requester_kind="patient",
            parts=("lab results",),
        )
    )
    assert own.done and own.record_id is not None
    released = clinic.perform(ReleaseRecords(request_id=own.record_id, parts=("lab results",)))
    assert released.done
    (disclosure,) = privacy_view(clinic.db, p.id, today=TODAY).disclosures
    assert "own records" in disclosure.basis


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"requester": "  "}, "Say who is asking"),
        ({"requester_kind": "neighbour"}, "what kind of requester"),
        ({"parts": ("diary",)}, "Unknown record part 'diary'"),
    ],
)
def test_a_records_request_without_a_requester_or_with_unknown_parts_is_refused(
    clinic: Clinic, changes: dict[str, object], words: str
) -> None:
    p = patient(clinic)
    outcome = clinic.perform(lawyer_request(p.id, **changes))
    assert not outcome.done and words in outcome.message


def test_releasing_a_request_that_does_not_exist_is_refused(clinic: Clinic) -> None:
    refused_and_logged(
        clinic, ReleaseRecords(request_id=99999, parts=("visit notes",)), "not_found"
    )


def test_the_seeded_desk_holds_requests_some_valid_and_some_with_named_problems(
    clinic: Clinic,
) -> None:
    with clinic.db.reading() as s:
        requests = list(s.scalars(select(RecordsRequest)))
    assert len(requests) == 8 and {r.status for r in requests} == {"pending"}
    problems = {
        r.requester_kind: privacy_view(clinic.db, r.patient_id, today=TODAY).requests[0].problems
        for r in requests
        if r.requester_kind in ("provider", "patient")
    }
    assert problems == {"provider": (), "patient": ()}
    found = [
        p
        for r in requests
        for row in privacy_view(clinic.db, r.patient_id, today=TODAY).requests
        for p in row.problems
    ]
    assert "It has no expiration date or event." in found
    assert "It is not signed." in found
    assert any(p.startswith("It expired on") for p in found)
    valid = [r for r in requests if r.requester == FIRM]
    assert len(valid) == 1
    released = clinic.perform(ReleaseRecords(request_id=valid[0].id, parts=("visit notes",)))
    assert released.done, released.message


# -- screen lock and chart access --------------------------------------------------------------


def test_the_idle_lock_is_a_clinic_setting_from_zero_to_four_hours(clinic: Clinic) -> None:
    assert idle_lock_minutes(clinic.db) == 5
    assert clinic.perform(SetScreenLock(minutes=2)).done
    assert idle_lock_minutes(clinic.db) == 2
    message = refused_and_logged(clinic, SetScreenLock(minutes=999), "invalid")
    assert "0 (never lock) to 240 minutes" in message


def test_opening_a_chart_logs_the_work_reason_or_that_none_was_given(clinic: Clinic) -> None:
    p = patient(clinic)
    with_reason = clinic.perform(ViewChart(patient_id=p.id, purpose="phone call"))
    without = clinic.perform(ViewChart(patient_id=p.id))
    assert with_reason.message.endswith("Reason: a call about the patient.")
    assert without.message.endswith("No work reason given.")
