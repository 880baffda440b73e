"""Privacy rules: messages, authorised contacts and release of information, each answer with
its reason in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ehr_sim.domain.privacy import (
    Authorisation,
    ContactPermission,
    MessagePreferences,
    RecordsRequest,
    Release,
    authorisation_problems,
    may_discuss_with,
    may_leave_message,
    needs_authorisation,
    release_problems,
)

TODAY = date(2026, 11, 23)
MOBILE = "(614) 555-0121"
HOME = "614-555-0188"
CLINIC = "Riverside Family Practice"
FIRM = "Brandt & Keller LLP"

VALID = Authorisation(
    signed=True,
    signed_on=date(2026, 11, 2),
    signed_by="Denise Holloway",
    discloser=CLINIC,
    information=("visit notes", "lab results"),
    recipient=FIRM,
    purpose="litigation",
    expires_on=date(2027, 11, 2),
)
RELEASE = Release(parts=("visit notes",), recipient=FIRM, on=TODAY, clinic_names=(CLINIC,))


def lawyer(auth: Authorisation | None = VALID) -> RecordsRequest:
    return RecordsRequest(
        requester=FIRM, requester_kind="lawyer", authorisation=auth, patient_name="Denise Holloway"
    )


# -- messages ------------------------------------------------------------------------------


def test_with_no_preference_on_file_a_message_may_be_left_with_a_minimum_necessary_warning() -> (
    None
):
    verdict = may_leave_message(None, MOBILE, TODAY)
    assert verdict.allowed
    assert "only your name, the office and the number" in verdict.reason


def test_a_patient_who_said_no_voicemail_is_not_left_one_and_the_reason_gives_the_date() -> None:
    prefs = MessagePreferences(voicemail=False, with_someone=True, recorded_on=date(2026, 3, 4))
    verdict = may_leave_message(prefs, MOBILE, TODAY)
    assert not verdict.allowed
    assert (
        verdict.reason == "The patient asked on 03/04/2026 that we not leave messages on voicemail."
    )
    assert may_leave_message(prefs, MOBILE, TODAY, how="with_someone").allowed


def test_a_message_may_be_left_only_at_the_numbers_the_patient_listed() -> None:
    prefs = MessagePreferences(voicemail=True, numbers=("6145550121",), recorded_on=TODAY)
    assert may_leave_message(prefs, MOBILE, TODAY).allowed
    home = may_leave_message(prefs, HOME, TODAY)
    assert not home.allowed
    assert "only at (614) 555-0121" in home.reason and "not at (614) 555-0188" in home.reason


def test_a_way_of_leaving_messages_never_asked_about_is_allowed_with_a_warning() -> None:
    prefs = MessagePreferences(voicemail=True, with_someone=None, recorded_on=TODAY)
    verdict = may_leave_message(prefs, MOBILE, TODAY, how="with_someone")
    assert verdict.allowed and verdict.warnings


# -- authorised contacts ---------------------------------------------------------------------

MOTHER = ContactPermission(
    name="Carol Whitfield",
    relation="mother",
    topics=("appointments",),
    start=date(2026, 11, 1),
    until=date(2027, 10, 31),
)


def test_a_contact_may_be_told_only_the_topics_the_patient_allowed() -> None:
    assert may_discuss_with(MOTHER, "appointments", TODAY).allowed
    billing = may_discuss_with(MOTHER, "results", TODAY)
    assert not billing.allowed
    assert billing.reason == (
        "Carol Whitfield (mother) may be told only about appointments (times, booking, "
        "cancelling), not about test results."
    )
    everything = replace(MOTHER, topics=("everything",))
    assert may_discuss_with(everything, "results", TODAY).allowed


@pytest.mark.parametrize(
    ("contact", "on", "reason"),
    [
        (replace(MOTHER, authorised=False), TODAY, "is not listed as an authorised contact"),
        (MOTHER, date(2026, 10, 1), "is authorised only from 11/01/2026"),
        (MOTHER, date(2027, 11, 1), "authorisation ended on 10/31/2027"),
        (replace(MOTHER, revoked_on=date(2026, 11, 20)), TODAY, "withdrew"),
    ],
)
def test_a_contact_outside_their_dates_revoked_or_never_listed_may_be_told_nothing(
    contact: ContactPermission, on: date, reason: str
) -> None:
    verdict = may_discuss_with(contact, "appointments", on)
    assert not verdict.allowed and reason in verdict.reason


# -- release of information -------------------------------------------------------------------


def test_a_complete_signed_dated_unexpired_authorisation_has_no_problem() -> None:
    assert authorisation_problems(VALID, RELEASE) == []
    assert release_problems(lawyer(), RELEASE) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"signed": False}, "It is not signed."),
        ({"signed_on": None}, "The signature is not dated."),
        ({"signed_on": date(2026, 12, 1)}, "It is dated 12/01/2026, in the future."),
        ({"signed_by": ""}, "It does not say who signed it."),
        ({"information": ()}, "It does not say what information may be released."),
        ({"discloser": ""}, "It does not name our practice as allowed to release the records."),
        (
            {"discloser": "Eastside Internal Medicine"},
            "It names Eastside Internal Medicine, not our practice, as the one to release.",
        ),
        ({"recipient": ""}, "It does not name who may receive the records."),
        (
            {"recipient": "Acme Insurance"},
            "It allows release to Acme Insurance, not to Brandt & Keller LLP.",
        ),
        ({"purpose": ""}, "It does not state the purpose."),
        ({"expires_on": None}, "It has no expiration date or event."),
        ({"expires_on": date(2026, 11, 1)}, "It expired on 11/01/2026."),
        ({"revoked_on": date(2026, 11, 20)}, "The patient revoked it on 11/20/2026."),
        ({"information": ("lab results",)}, "It does not cover visit notes."),
    ],
)
def test_every_missing_or_wrong_element_of_an_authorisation_is_named(
    change: dict[str, object], problem: str
) -> None:
    assert authorisation_problems(replace(VALID, **change), RELEASE) == [problem]  # type: ignore[arg-type]


def test_an_expiry_event_stands_in_for_an_expiration_date() -> None:
    auth = replace(VALID, expires_on=None, expiry_event="end of the litigation")
    assert authorisation_problems(auth, RELEASE) == []


def test_a_complete_record_authorisation_covers_every_part() -> None:
    auth = replace(VALID, information=("complete record",))
    release = replace(RELEASE, parts=("imaging", "billing"))
    assert authorisation_problems(auth, release) == []


def test_a_blank_form_names_all_its_problems_at_once() -> None:
    problems = authorisation_problems(Authorisation(), RELEASE)
    assert len(problems) == 7
    assert "It is not signed." in problems and "It has no expiration date or event." in problems


def test_a_lawyer_without_any_authorisation_is_refused() -> None:
    assert release_problems(lawyer(None), RELEASE) == [
        "A request from a lawyer or law firm needs the patient's signed authorisation, and "
        "there is none."
    ]


def test_someone_else_signing_must_state_their_authority() -> None:
    by_son = replace(VALID, signed_by="Mark Holloway")
    assert release_problems(lawyer(by_son), RELEASE) == [
        "It was signed by Mark Holloway, not the patient, and does not say what authority "
        "they have to sign."
    ]
    with_poa = replace(by_son, representative_authority="health care power of attorney")
    assert release_problems(lawyer(with_poa), RELEASE) == []


@pytest.mark.parametrize("kind", ["patient", "provider", "health_plan"])
def test_the_patient_and_treatment_or_payment_need_no_authorisation(kind: str) -> None:
    request = RecordsRequest(requester="Someone", requester_kind=kind)
    assert needs_authorisation(request) is not None
    assert release_problems(request, replace(RELEASE, recipient="Someone")) == []


def test_a_release_must_name_known_parts() -> None:
    request = RecordsRequest(requester="Dana Reyes", requester_kind="patient")
    assert release_problems(request, replace(RELEASE, parts=())) == [
        "Choose which records to release."
    ]
    assert release_problems(request, replace(RELEASE, parts=("diary",))) == [
        "Unknown record part: diary."
    ]
