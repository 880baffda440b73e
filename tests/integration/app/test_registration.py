"""Registering patients and correcting their records: validation, duplicates, amendments."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ehr_sim.app.gateway import Change
from ehr_sim.app.queries.patients import chart, search_patients
from ehr_sim.domain.actions import (
    AddCoverage,
    RegisterPatient,
    UpdateDemographics,
    UpdateInsurance,
    ViewChart,
)
from ehr_sim.records import ActionRecord, Amendment, Coverage, Patient, Plan

from ..seeded import Clinic

NEW_PATIENT = RegisterPatient(
    first_name="Ximena",
    last_name="Quarles-Oyelaran",
    dob=date(1991, 6, 14),
    sex="F",
    address1="48 Larkspur Lane",
    city="Columbus",
    state="oh",
    zip_code="43215",
    phone="614.555.0123",
    mobile="(614) 555-0177",
    email="ximena@example.com",
)


def patient_row(clinic: Clinic, patient_id: int) -> Patient:
    with clinic.db.reading() as s:
        patient = s.get(Patient, patient_id)
    assert patient is not None
    return patient


def amendments(clinic: Clinic, patient_id: int) -> list[Amendment]:
    with clinic.db.reading() as s:
        query = select(Amendment).where(Amendment.patient_id == patient_id).order_by(Amendment.id)
        return list(s.scalars(query))


class TestRegister:
    def test_a_new_patient_gets_the_next_mrn_and_can_be_found(self, clinic: Clinic) -> None:
        with clinic.db.reading() as s:
            highest = int(s.scalar(select(func.max(Patient.mrn))) or 0)
        outcome = clinic.perform(NEW_PATIENT)

        assert outcome.done, outcome.message
        assert outcome.changes == {Change.PATIENTS, Change.AUDIT}
        assert outcome.details["mrn"] == str(highest + 1)
        assert outcome.message == (f"Registered Ximena Quarles-Oyelaran, MRN {highest + 1}.")
        patient = patient_row(clinic, outcome.record_id or 0)
        assert (patient.state, patient.registered_on) == ("OH", date(2026, 11, 23))
        assert (patient.phone_digits, patient.mobile_digits) == ("6145550123", "6145550177")
        assert patient.privacy_notice is None and patient.photo_id_seen_on is None
        found = search_patients(clinic.db, "quarles")
        assert [row.id for row in found] == [patient.id]
        assert [row.id for row in search_patients(clinic.db, "06/14/1991")] == [patient.id]

    def test_each_registration_gets_its_own_mrn(self, clinic: Clinic) -> None:
        first = clinic.perform(NEW_PATIENT)
        second = clinic.perform(
            dataclasses.replace(NEW_PATIENT, first_name="Bartholomew", last_name="Vance")
        )
        assert first.done and second.done
        assert int(second.details["mrn"]) == int(first.details["mrn"]) + 1
        with clinic.db.reading() as s:
            mrns = list(s.scalars(select(Patient.mrn)))
        assert len(mrns) == len(set(mrns))

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (
                {"dob": date(2026, 11, 24)},
                "Date of birth cannot be in the future (11/24/2026).",
            ),
            (
                {"zip_code": "4321"},
                "'4321' is not a ZIP code (5 digits, or ZIP+4 like 43215-1234).",
            ),
            ({"phone": "555-0123"}, "Phone '555-0123' is not a 10-digit US phone number."),
            ({"city": " "}, "City is required."),
            ({"last_name": ""}, "Last name is required."),
            ({"state": "Ohio"}, "'Ohio' is not a US state code (for example OH)."),
            ({"sex": "female"}, "Sex must be F, M or X."),
        ],
    )
    def test_a_form_with_a_problem_is_refused_in_plain_words(
        self, clinic: Clinic, change: dict[str, Any], message: str
    ) -> None:
        before = clinic.row_counts()["patients"]
        outcome = clinic.perform(dataclasses.replace(NEW_PATIENT, **change))
        assert not outcome.done
        assert outcome.code == "invalid"
        assert outcome.message == message
        assert clinic.row_counts()["patients"] == before

    def test_every_problem_is_listed_at_once(self, clinic: Clinic) -> None:
        outcome = clinic.perform(dataclasses.replace(NEW_PATIENT, city="", zip_code="x"))
        assert "City is required." in outcome.message
        assert "'x' is not a ZIP code" in outcome.message

    def test_an_unknown_primary_care_provider_is_refused(self, clinic: Clinic) -> None:
        outcome = clinic.perform(dataclasses.replace(NEW_PATIENT, pcp_id=99))
        assert not outcome.done
        assert outcome.message == "There is no primary care provider with id 99."


class TestLikelyDuplicate:
    def existing(self, clinic: Clinic) -> Patient:
        return patient_row(clinic, clinic.adults(1)[0])

    def test_a_close_name_with_the_same_birth_date_is_refused(self, clinic: Clinic) -> None:
        twin = self.existing(clinic)
        outcome = clinic.perform(
            dataclasses.replace(
                NEW_PATIENT,
                first_name=twin.first_name + "e",
                last_name=twin.last_name,
                dob=twin.dob,
            )
        )
        assert not outcome.done
        assert outcome.code == "likely_duplicate"
        assert outcome.message == (
            f"Possible duplicate: {twin.first_name} {twin.last_name}, born {twin.dob:%m/%d/%Y}, "
            f"is already registered (MRN {twin.mrn}). Open that chart, or confirm this is a "
            "different person."
        )

    def test_swapped_first_and_last_names_are_a_likely_duplicate(self, clinic: Clinic) -> None:
        twin = self.existing(clinic)
        outcome = clinic.perform(
            dataclasses.replace(
                NEW_PATIENT, first_name=twin.last_name, last_name=twin.first_name, dob=twin.dob
            )
        )
        assert outcome.code == "likely_duplicate"

    def test_confirming_a_different_person_registers_them(self, clinic: Clinic) -> None:
        twin = self.existing(clinic)
        same = dataclasses.replace(
            NEW_PATIENT, first_name=twin.first_name, last_name=twin.last_name, dob=twin.dob
        )
        assert clinic.perform(same).code == "likely_duplicate"
        outcome = clinic.perform(dataclasses.replace(same, confirmed_not_duplicate=True))
        assert outcome.done, outcome.message
        assert outcome.details["mrn"] != twin.mrn
        matches = [r for r in search_patients(clinic.db, twin.last_name) if r.dob == twin.dob]
        assert len(matches) >= 2

    def test_the_same_name_on_another_birth_date_is_no_duplicate(self, clinic: Clinic) -> None:
        twin = self.existing(clinic)
        outcome = clinic.perform(
            dataclasses.replace(
                NEW_PATIENT,
                first_name=twin.first_name,
                last_name=twin.last_name,
                dob=date(1950, 1, 1) if twin.dob != date(1950, 1, 1) else date(1951, 1, 1),
            )
        )
        assert outcome.done, outcome.message


class TestUpdateDemographics:
    def test_each_changed_field_becomes_an_amendment(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        old = patient_row(clinic, patient_id)
        outcome = clinic.perform(
            UpdateDemographics(
                patient_id=patient_id,
                changes={"last_name": "Vandermeer", "zip_code": "43017", "city": old.city},
                reason="Married; checked against new ID",
            )
        )
        assert outcome.done, outcome.message
        assert outcome.message.lower() == (
            f"updated last name, zip code for {old.first_name} vandermeer.".lower()
        )
        rows = amendments(clinic, patient_id)
        assert [(a.field, a.old_value, a.new_value) for a in rows] == [
            ("last_name", old.last_name, "Vandermeer"),
            ("zip_code", old.zip_code, "43017"),
        ]
        assert {a.reason for a in rows} == {"Married; checked against new ID"}
        assert {a.action_seq for a in rows} == {outcome.seq}
        assert {a.record_type for a in rows} == {"patient"}
        assert {a.amended_at for a in rows} == {clinic.clock.now()}
        new = patient_row(clinic, patient_id)
        assert (new.last_name, new.last_norm, new.zip_code) == ("Vandermeer", "vandermeer", "43017")
        assert patient_id in [r.id for r in search_patients(clinic.db, "vanderm")]

    def test_the_chart_shows_the_amendment(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        clinic.perform(
            UpdateDemographics(
                patient_id=patient_id, changes={"phone": "(614) 555-0999"}, reason="new number"
            )
        )
        shown = chart(clinic.db, patient_id)
        assert shown is not None
        assert shown.amendments[0].field == "phone"
        assert shown.amendments[0].new_value == "(614) 555-0999"

    def test_a_birth_date_is_stored_as_a_date(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        outcome = clinic.perform(
            UpdateDemographics(
                patient_id=patient_id, changes={"dob": "02/28/1970"}, reason="typo at registration"
            )
        )
        assert outcome.done, outcome.message
        assert patient_row(clinic, patient_id).dob == date(1970, 2, 28)
        assert amendments(clinic, patient_id)[-1].new_value == "1970-02-28"

    def test_a_correction_needs_a_reason(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        outcome = clinic.perform(
            UpdateDemographics(patient_id=patient_id, changes={"city": "Dublin"}, reason="")
        )
        assert not outcome.done
        assert outcome.code == "reason_required"
        assert "Give a reason for the correction" in outcome.message
        assert amendments(clinic, patient_id) == []

    def test_a_correction_that_changes_nothing_is_refused(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        old = patient_row(clinic, patient_id)
        outcome = clinic.perform(
            UpdateDemographics(
                patient_id=patient_id,
                changes={"city": old.city, "state": old.state.lower()},
                reason="checked",
            )
        )
        assert outcome.message == (
            "Nothing was changed: the new values are the same as those on file."
        )

    def test_an_invalid_new_value_is_refused(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        outcome = clinic.perform(
            UpdateDemographics(
                patient_id=patient_id, changes={"phone": "555-01"}, reason="new number"
            )
        )
        assert outcome.message == "Phone '555-01' is not a 10-digit US phone number."
        assert amendments(clinic, patient_id) == []

    def test_fields_outside_the_form_cannot_be_changed(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        outcome = clinic.perform(
            UpdateDemographics(patient_id=patient_id, changes={"mrn": "1"}, reason="oops")
        )
        assert outcome.message == "These fields cannot be changed here: mrn."


def meridian_plan(clinic: Clinic) -> Plan:
    with clinic.db.reading() as s:
        return s.scalars(select(Plan).where(Plan.name == "Choice PPO")).one()


def coverage_row(clinic: Clinic, coverage_id: int) -> Coverage:
    with clinic.db.reading() as s:
        coverage = s.get(Coverage, coverage_id)
    assert coverage is not None
    return coverage


class TestCoverage:
    def test_adding_coverage_keeps_the_card_details(self, clinic: Clinic) -> None:
        patient_id = clinic.self_pay_adult()
        outcome = clinic.perform(
            AddCoverage(
                patient_id=patient_id,
                plan_id=meridian_plan(clinic).id,
                member_id=" XJH4002187 ",
                subscriber_name="Pat Doe",
                subscriber_dob=date(1980, 5, 5),
                subscriber_relationship="spouse",
                group_number="G12345",
                effective_on=date(2026, 1, 1),
            )
        )
        assert outcome.done, outcome.message
        assert outcome.changes == {Change.COVERAGES, Change.AUDIT}
        coverage = coverage_row(clinic, outcome.record_id or 0)
        assert (coverage.patient_id, coverage.member_id, coverage.rank) == (
            patient_id,
            "XJH4002187",
            1,
        )
        assert coverage.subscriber_relationship == "spouse"

    def test_a_member_id_in_the_wrong_format_is_refused(self, clinic: Clinic) -> None:
        outcome = clinic.perform(
            AddCoverage(
                patient_id=clinic.self_pay_adult(),
                plan_id=meridian_plan(clinic).id,
                member_id="12345",
                subscriber_name="Pat Doe",
                subscriber_dob=date(1980, 5, 5),
                effective_on=date(2026, 1, 1),
            )
        )
        assert outcome.code == "invalid_member_id"
        assert outcome.message == (
            "'12345' is not a Meridian Health member ID; they look like XJH4002187."
        )

    def test_updating_insurance_writes_an_amendment_on_the_patient(self, clinic: Clinic) -> None:
        patient_id, coverage_id = clinic.insured_adult()
        old = coverage_row(clinic, coverage_id)
        outcome = clinic.perform(
            UpdateInsurance(
                coverage_id=coverage_id,
                changes={"member_id": "ABC12345678", "terminated_on": "12/31/2026"},
                reason="New card shown at the desk",
            )
        )
        assert outcome.done, outcome.message
        assert outcome.message.lower() == "updated member id, end date on the coverage."
        coverage = coverage_row(clinic, coverage_id)
        assert (coverage.member_id, coverage.terminated_on) == ("ABC12345678", date(2026, 12, 31))
        rows = amendments(clinic, patient_id)
        assert [(a.record_type, a.record_id, a.field, a.old_value, a.new_value) for a in rows] == [
            ("coverage", coverage_id, "member_id", old.member_id, "ABC12345678"),
            ("coverage", coverage_id, "terminated_on", "", "2026-12-31"),
        ]
        assert {a.action_seq for a in rows} == {outcome.seq}

    def test_a_new_member_id_in_the_wrong_format_is_refused(self, clinic: Clinic) -> None:
        _, coverage_id = clinic.insured_adult()
        old = coverage_row(clinic, coverage_id)
        outcome = clinic.perform(
            UpdateInsurance(
                coverage_id=coverage_id, changes={"member_id": "K204581937"}, reason="new card"
            )
        )
        assert outcome.code == "invalid_member_id"
        assert coverage_row(clinic, coverage_id).member_id == old.member_id

    def test_an_insurance_update_needs_a_reason(self, clinic: Clinic) -> None:
        _, coverage_id = clinic.insured_adult()
        outcome = clinic.perform(
            UpdateInsurance(coverage_id=coverage_id, changes={"group_number": "G1"}, reason="")
        )
        assert outcome.code == "reason_required"

    def test_an_insurance_update_that_changes_nothing_is_refused(self, clinic: Clinic) -> None:
        _, coverage_id = clinic.insured_adult()
        old = coverage_row(clinic, coverage_id)
        outcome = clinic.perform(
            UpdateInsurance(
                coverage_id=coverage_id, changes={"member_id": old.member_id}, reason="checked"
            )
        )
        assert outcome.message == (
            "Nothing was changed: the new values are the same as those on file."
        )

    def test_coverage_cannot_end_before_it_starts(self, clinic: Clinic) -> None:
        _, coverage_id = clinic.insured_adult()
        old = coverage_row(clinic, coverage_id)
        day_before = old.effective_on.replace(year=old.effective_on.year - 1)
        outcome = clinic.perform(
            UpdateInsurance(
                coverage_id=coverage_id,
                changes={"terminated_on": f"{day_before:%m/%d/%Y}"},
                reason="payer letter",
            )
        )
        assert outcome.message == "The coverage cannot end before it starts."

    def test_a_date_that_does_not_exist_is_refused(self, clinic: Clinic) -> None:
        _, coverage_id = clinic.insured_adult()
        outcome = clinic.perform(
            UpdateInsurance(
                coverage_id=coverage_id, changes={"terminated_on": "02/30/2027"}, reason="letter"
            )
        )
        assert outcome.message == "End date: 02/30/2027 is not a real date."


def test_opening_a_chart_is_logged_against_the_patient_and_changes_nothing(
    clinic: Clinic,
) -> None:
    (patient_id,) = clinic.adults(1)
    before = clinic.snapshot()
    outcome = clinic.perform(ViewChart(patient_id=patient_id, purpose="check-in"))
    assert outcome.done
    assert outcome.changes == {Change.AUDIT}
    assert "Opened the chart of" in outcome.message
    assert clinic.snapshot() == before
    with clinic.db.reading() as s:
        log = s.scalars(select(ActionRecord).where(ActionRecord.seq == outcome.seq)).one()
    assert (log.action_type, log.patient_id, log.outcome) == ("ViewChart", patient_id, "done")
    shown = chart(clinic.db, patient_id)
    assert shown is not None and shown.audit[0].seq == outcome.seq
