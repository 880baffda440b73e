"""Referrals, consult notes and prior authorisations through the gateway: each action, each
refusal and each warning, checked in the records and the action log."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ehr_sim.domain.actions import (
    BookAppointment,
    CheckPriorAuthStatus,
    CreateReferral,
    FileConsultNote,
    RequestPriorAuth,
    SendReferralPacket,
    UpdatePriorAuth,
    UpdateReferral,
)
from ehr_sim.records import (
    ActionRecord,
    ChartDocument,
    PriorAuth,
    Provider,
    ProviderHours,
    Referral,
    Specialist,
    StaffMessage,
)
from ehr_sim.world.referrals import npi_with_check_digit

from ..seeded import FREE_MONDAY, TODAY, Clinic, at


def specialist(clinic: Clinic, practice: str) -> int:
    return clinic._id(select(Specialist.id).where(Specialist.practice == practice))


def refer(clinic: Clinic, patient: int, practice: str = "Columbus Heart Associates", **kw: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "patient_id": patient,
        "provider_id": clinic.provider("Okafor"),
        "specialist_id": specialist(clinic, practice),
        "icd10": "R00.2",
        "reason": "Palpitations for three weeks",
        "visits": 3,
        "valid_from": TODAY,
        "valid_to": TODAY + timedelta(days=90),
        "documents": ("Last office note", "ECG"),
    }
    values.update(kw)
    return clinic.perform(CreateReferral(**values))  # type: ignore[arg-type]


def referral(clinic: Clinic, referral_id: int) -> Referral:
    with clinic.db.reading() as s:
        row = s.get(Referral, referral_id)
        assert row is not None
        return row


def last_log(clinic: Clinic) -> ActionRecord:
    with clinic.db.reading() as s:
        return s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()  # type: ignore[return-value]


def test_an_hmo_referral_in_network_is_written_with_the_plans_number_and_no_warning(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    done = refer(clinic, patient)
    assert done.done, done.message
    assert done.warnings == ()
    row = referral(clinic, done.record_id or 0)
    assert (row.status, row.icd10, row.visits, row.in_network) == ("ordered", "R00.2", 3, True)
    assert row.number.startswith("KSCR") and row.number in done.message
    assert row.documents.splitlines() == ["Last office note", "ECG"]


def test_a_referral_out_of_the_plans_network_warns_in_plain_words_and_the_log_keeps_it(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    done = refer(clinic, patient, practice="Buckeye Heart Institute")
    assert done.done
    (warning,) = done.warnings
    assert "out of network for Keystone HMO" in warning and "will not pay" in warning
    logged = last_log(clinic)
    assert logged.action_type == "CreateReferral" and "out of network" in logged.message
    assert json.loads(logged.result)["warnings"] == [warning]
    assert referral(clinic, done.record_id or 0).in_network is False


def test_a_referral_with_a_bad_diagnosis_no_reason_or_no_visits_is_refused_and_nothing_kept(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    for changes, words in (
        ({"icd10": "R00"}, "heading"),
        ({"icd10": "Q99.99X"}, "not an ICD-10-CM code"),
        ({"reason": " "}, "reason"),
        ({"visits": 0}, "at least one visit"),
        ({"valid_to": TODAY - timedelta(days=1)}, "ends before it starts"),
        ({"specialist_id": 999}, "no specialist"),
    ):
        refused = refer(clinic, patient, **changes)
        assert not refused.done and words in refused.message, (changes, refused.message)
    with clinic.db.reading() as s:
        assert s.scalars(select(Referral).where(Referral.patient_id == patient)).all() == []


def test_a_retro_hmo_referral_is_written_with_a_warning(clinic: Clinic) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    done = refer(clinic, patient, valid_from=TODAY - timedelta(days=10))
    assert done.done and any("retro referral" in w for w in done.warnings)


def test_the_packet_goes_once_sets_a_follow_up_date_and_the_loop_closes_with_the_consult(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    referral_id = refer(clinic, patient).record_id or 0
    sent = clinic.perform(
        SendReferralPacket(
            referral_id=referral_id, documents=("Medication list", "ECG"), follow_up_days=10
        )
    )
    assert sent.done, sent.message
    assert "(614) 555-0179" in sent.message and "12/03/2026" in sent.message
    row = referral(clinic, referral_id)
    assert row.status == "sent" and row.follow_up_on == date(2026, 12, 3)
    assert row.documents.splitlines() == ["Last office note", "ECG", "Medication list"]
    again = clinic.perform(SendReferralPacket(referral_id=referral_id))
    assert not again.done and "already sent" in again.message

    visit = datetime.combine(TODAY + timedelta(days=8), time(10))
    booked = clinic.perform(
        UpdateReferral(referral_id=referral_id, status="scheduled", appointment_at=visit)
    )
    assert booked.done and "12/01/2026 10:00 AM" in booked.message
    seen = clinic.perform(UpdateReferral(referral_id=referral_id, status="seen"))
    assert seen.done and referral(clinic, referral_id).visits_used == 1
    filed = clinic.perform(
        FileConsultNote(
            patient_id=patient,
            referral_id=referral_id,
            title="Cardiology consult note",
            received_from="Columbus Heart Associates",
            summary="Holter monitor ordered",
        )
    )
    assert filed.done and "routed it to Dr. Okafor" in filed.message
    assert referral(clinic, referral_id).status == "consult_received"
    with clinic.db.reading() as s:
        document = s.get(ChartDocument, filed.record_id)
        assert document is not None
        assert (document.patient_id, document.routed_to_id) == (patient, clinic.provider("Okafor"))
    closed = clinic.perform(UpdateReferral(referral_id=referral_id, status="closed"))
    assert closed.done and referral(clinic, referral_id).closed_at is not None


def follow_up_tasks(clinic: Clinic, referral_id: int) -> list[tuple[str, str, datetime | None]]:
    with clinic.db.reading() as s:
        return [
            (t.for_staff, t.status, t.due_at)
            for t in s.scalars(
                select(StaffMessage).where(
                    StaffMessage.kind == "referral follow-up",
                    StaffMessage.subject.startswith(f"Referral {referral_id} follow-up"),
                )
            )
        ]


def test_a_sent_referral_puts_a_follow_up_task_in_the_front_desk_in_basket_until_the_note_comes(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    referral_id = refer(clinic, patient).record_id or 0
    assert follow_up_tasks(clinic, referral_id) == []
    clinic.perform(SendReferralPacket(referral_id=referral_id, follow_up_days=10))
    due = datetime.combine(date(2026, 12, 3), time(9))
    assert follow_up_tasks(clinic, referral_id) == [("front desk", "open", due)]
    moved = clinic.perform(
        UpdateReferral(
            referral_id=referral_id,
            status="scheduled",
            follow_up_days=20,
            appointment_at=datetime.combine(TODAY + timedelta(days=8), time(10)),
        )
    )
    assert moved.done, moved.message
    later = datetime.combine(TODAY + timedelta(days=20), time(9))
    assert follow_up_tasks(clinic, referral_id) == [("front desk", "open", later)]
    clinic.perform(
        FileConsultNote(
            patient_id=patient,
            referral_id=referral_id,
            title="Cardiology consult note",
            received_from="Columbus Heart Associates",
        )
    )
    assert [status for _, status, _ in follow_up_tasks(clinic, referral_id)] == ["done"]


def test_referral_updates_refuse_a_wrong_step_a_missing_date_and_a_silent_close(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    referral_id = refer(clinic, patient).record_id or 0
    wrong = clinic.perform(UpdateReferral(referral_id=referral_id, status="seen"))
    assert not wrong.done and "ordered can move to closed" in wrong.message
    clinic.perform(SendReferralPacket(referral_id=referral_id))
    no_date = clinic.perform(UpdateReferral(referral_id=referral_id, status="scheduled"))
    assert not no_date.done and "appointment date" in no_date.message
    late = datetime.combine(TODAY + timedelta(days=120), time(9))
    outside = clinic.perform(
        UpdateReferral(referral_id=referral_id, status="scheduled", appointment_at=late)
    )
    assert outside.done and "outside the referral's dates" in outside.warnings[0]
    silent = clinic.perform(UpdateReferral(referral_id=referral_id, status="closed"))
    assert not silent.done and "Say why" in silent.message
    reasoned = clinic.perform(
        UpdateReferral(referral_id=referral_id, status="closed", note="Patient declined the visit")
    )
    assert reasoned.done and "Patient declined" in referral(clinic, referral_id).notes


def test_a_consult_note_for_another_patients_referral_is_refused(clinic: Clinic) -> None:
    patient, _ = clinic.insured_adult("Keystone Care")
    other = clinic.self_pay_adult()
    referral_id = refer(clinic, patient).record_id or 0
    refused = clinic.perform(
        FileConsultNote(
            patient_id=other,
            referral_id=referral_id,
            title="Cardiology consult note",
            received_from="Columbus Heart Associates",
        )
    )
    assert not refused.done and "another patient" in refused.message


def test_outside_records_without_a_referral_go_to_the_patients_pcp(clinic: Clinic) -> None:
    patient = clinic.self_pay_adult()
    filed = clinic.perform(
        FileConsultNote(
            patient_id=patient,
            kind="records",
            title="ER note and CT report",
            received_from="Mercy General HIM",
        )
    )
    assert filed.done, filed.message
    assert "outside records" in filed.message


def prior_auth(clinic: Clinic, patient: int, **kw: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "patient_id": patient,
        "provider_id": clinic.provider("Patel"),
        "codes": ("72148",),
        "icd10": "M54.16",
        "clinical_reason": "Eight weeks of leg pain with numbness; six weeks of PT done",
        "servicing": "Riverside Imaging Center",
    }
    values.update(kw)
    return clinic.perform(RequestPriorAuth(**values))  # type: ignore[arg-type]


def auth(clinic: Clinic, auth_id: int) -> PriorAuth:
    with clinic.db.reading() as s:
        row = s.get(PriorAuth, auth_id)
        assert row is not None
        return row


def test_a_prior_auth_without_codes_is_refused_in_plain_words(clinic: Clinic) -> None:
    patient, _ = clinic.insured_adult("Meridian Health")
    refused = prior_auth(clinic, patient, codes=())
    assert (refused.done, refused.code) == (False, "no_codes")
    assert "needs the CPT/HCPCS codes" in refused.message
    assert last_log(clinic).outcome == "refused"
    bad = prior_auth(clinic, patient, codes=("MRI",))
    assert not bad.done and "not a CPT or HCPCS code" in bad.message


def test_a_self_pay_patient_has_no_payer_to_ask(clinic: Clinic) -> None:
    refused = prior_auth(clinic, clinic.self_pay_adult())
    assert not refused.done and "no insurance" in refused.message


def test_pended_for_notes_then_approved_with_a_number_and_a_code_change_needs_a_new_approval(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.insured_adult("Meridian Health")
    requested = prior_auth(clinic, patient)
    assert requested.done, requested.message
    auth_id = requested.record_id or 0
    assert auth(clinic, auth_id).status == "submitted"
    pended = clinic.perform(CheckPriorAuthStatus(prior_auth_id=auth_id))
    assert pended.done and "Pended: send the clinical notes" in pended.message
    nothing = clinic.perform(UpdatePriorAuth(prior_auth_id=auth_id))
    assert not nothing.done and "nothing would change" in nothing.message
    answered = clinic.perform(
        UpdatePriorAuth(prior_auth_id=auth_id, attachments=("PT discharge summary",))
    )
    assert answered.done and auth(clinic, auth_id).status == "submitted"
    approved = clinic.perform(CheckPriorAuthStatus(prior_auth_id=auth_id))
    row = auth(clinic, auth_id)
    assert (row.status, row.valid_from, row.valid_to) == (
        "approved",
        TODAY,
        TODAY + timedelta(days=60),
    )
    assert row.number.startswith("MRHA") and row.number in approved.message
    changed = clinic.perform(UpdatePriorAuth(prior_auth_id=auth_id, codes=("72158",)))
    assert changed.done
    row = auth(clinic, auth_id)
    assert (row.status, row.codes, row.number) == ("submitted", "72158", "")


def test_a_screening_diagnosis_is_denied_with_a_reason(clinic: Clinic) -> None:
    patient, _ = clinic.insured_adult("Meridian Health")
    auth_id = prior_auth(clinic, patient, icd10="Z13.89", attachments=("Office note",)).record_id
    denied = clinic.perform(CheckPriorAuthStatus(prior_auth_id=auth_id or 0))
    assert denied.done and "Denied:" in denied.message and "medically necessary" in denied.message


def test_a_plan_without_prior_auth_rules_gets_the_request_with_a_warning(clinic: Clinic) -> None:
    patient, _ = clinic.insured_adult("Federal Senior Health (simulated Medicare)")
    done = prior_auth(clinic, patient)
    assert done.done and "does not ask for prior authorisation" in done.warnings[0]


def add_cardiologist(clinic: Clinic) -> int:
    """A visiting cardiologist who holds clinic here on Mondays."""
    with clinic.db.writing() as s:
        provider = Provider(
            npi=npi_with_check_digit("124578903"),  # as in the directory
            first_name="Amir",
            last_name="Haddad",
            credentials="MD",
            specialty="Cardiology",
            colour="#aa3333",
        )
        s.add(provider)
        s.flush()
        s.add(ProviderHours(provider_id=provider.id, weekday=0, start=time(8), end=time(17)))
        return provider.id


def book_cardiology(clinic: Clinic, patient: int, provider: int, hour: int):  # type: ignore[no-untyped-def]
    return clinic.perform(
        BookAppointment(
            patient_id=patient,
            provider_id=provider,
            type_id=clinic.visit_type("FU"),
            start=at(hour, day=FREE_MONDAY),
            reason="Palpitations",
        )
    )


def test_an_hmo_specialist_visit_without_a_referral_is_booked_with_a_warning_not_refused(
    clinic: Clinic,
) -> None:
    cardiologist = add_cardiologist(clinic)
    patient, _ = clinic.insured_adult("Keystone Care")
    booked = book_cardiology(clinic, patient, cardiologist, 9)
    assert booked.done, booked.message
    (warning,) = booked.warnings
    assert "needs a PCP referral for Cardiology" in warning and "CO-242" in warning
    assert "CO-242" in last_log(clinic).message


def test_with_a_valid_referral_or_a_ppo_or_a_pcp_the_booking_has_no_warning(
    clinic: Clinic,
) -> None:
    cardiologist = add_cardiologist(clinic)
    hmo, _ = clinic.insured_adult("Keystone Care")
    ppo, _ = clinic.insured_adult("Meridian Health")
    refer(clinic, hmo, valid_to=FREE_MONDAY + timedelta(days=30))
    assert book_cardiology(clinic, hmo, cardiologist, 9).warnings == ()
    assert book_cardiology(clinic, ppo, cardiologist, 10).warnings == ()
    assert clinic.book(hmo, at(11)).warnings == ()  # Dr. Okafor: primary care
