"""The clearinghouse's front-end edits: each one names the field it stops a claim on."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ehr_sim.domain.clearinghouse import (
    Submission,
    SubmittedLine,
    front_end_edits,
    npi_is_valid,
    rejection_text,
)

SEEN = date(2026, 11, 20)
GOOD = Submission(
    claim_id=1,
    sent_on=date(2026, 11, 23),
    payer="Meridian Health",
    member_id="XJH4002187",
    member_id_pattern=r"[A-Z]{3}\d{7,8}",
    member_id_example="XJH4002187",
    patient_name="Tran, Lily",
    patient_dob=date(2017, 7, 6),
    patient_sex="F",
    insured_name="Daniel Tran",
    relationship="child",
    billing_npi="1245367820",
    rendering_npi="1234567893",
    tax_id="31-4820917",
    service_date=SEEN,
    diagnoses=("J020",),
    lines=(
        SubmittedLine(1, SEEN, "99213", 1, ("A",), 13000),
        SubmittedLine(2, SEEN, "87880", 1, ("A",), 3500),
    ),
    total_cents=16500,
)


def fields(claim: Submission) -> list[str]:
    return [r.field for r in front_end_edits(claim)]


def test_a_complete_claim_passes_every_edit() -> None:
    assert front_end_edits(GOOD) == []


@pytest.mark.parametrize(
    ("npi", "valid"),
    [("1234567893", True), ("1245367820", True), ("1234567890", False), ("123456789", False)],
)
def test_an_npi_is_checked_by_its_luhn_check_digit(npi: str, valid: bool) -> None:
    assert npi_is_valid(npi) is valid


def test_a_missing_rendering_npi_is_named_as_missing_information() -> None:
    (rejection,) = front_end_edits(dataclasses.replace(GOOD, rendering_npi=""))

    assert (rejection.category, rejection.field) == ("A6", "item 24J rendering provider NPI")
    assert "required" in str(rejection)


def test_a_billing_npi_with_a_wrong_check_digit_is_invalid_information() -> None:
    (rejection,) = front_end_edits(dataclasses.replace(GOOD, billing_npi="1245367821"))

    assert (rejection.category, rejection.field) == ("A7", "item 33a billing provider NPI")
    assert "check digit" in rejection.message


def test_a_member_id_that_is_not_the_payers_format_is_rejected_with_an_example() -> None:
    (rejection,) = front_end_edits(dataclasses.replace(GOOD, member_id="XJH40021"))

    assert rejection.field == "item 1a insured's ID number"
    assert "XJH40021" in rejection.message and "XJH4002187" in rejection.message


def test_a_pointer_to_no_diagnosis_is_a_relational_error_on_that_line() -> None:
    lines = (GOOD.lines[0], dataclasses.replace(GOOD.lines[1], pointers=("A", "C")))
    (rejection,) = front_end_edits(dataclasses.replace(GOOD, lines=lines))

    assert (rejection.category, rejection.field) == (
        "A8",
        "item 24E line 2 diagnosis pointer",
    )
    assert "pointer C" in rejection.message


def test_a_line_with_no_pointer_and_a_dotted_code_are_both_reported() -> None:
    lines = (dataclasses.replace(GOOD.lines[0], pointers=()), GOOD.lines[1])
    claim = dataclasses.replace(GOOD, lines=lines, diagnoses=("J02.0",))

    assert fields(claim) == ["item 21A diagnosis", "item 24E line 1 diagnosis pointer"]


def test_a_service_date_after_the_claim_date_is_rejected() -> None:
    later = date(2026, 11, 30)
    lines = tuple(dataclasses.replace(line, service_date=later) for line in GOOD.lines)
    claim = dataclasses.replace(GOOD, service_date=later, lines=lines)

    assert fields(claim) == [
        "item 24A date of service",
        "item 24A line 1 date of service",
        "item 24A line 2 date of service",
    ]


def test_a_birth_date_after_the_visit_disagrees_with_it() -> None:
    claim = dataclasses.replace(GOOD, patient_dob=date(2026, 11, 21))

    assert [(r.category, r.field) for r in front_end_edits(claim)] == [
        ("A8", "item 3 patient's birth date")
    ]


def test_lines_that_do_not_add_up_to_the_total_are_caught() -> None:
    assert fields(dataclasses.replace(GOOD, total_cents=16000)) == ["item 28 total charge"]


def test_several_missing_fields_are_each_named_in_the_report() -> None:
    claim = dataclasses.replace(GOOD, member_id=" ", insured_name="", diagnoses=())
    rejections = front_end_edits(claim)
    text = rejection_text(rejections)

    assert [r.field for r in rejections][:3] == [
        "item 1a insured's ID number",
        "item 4 insured's name",
        "item 21 diagnosis",
    ]
    assert text.count("\n") == len(rejections) - 1
    assert text.startswith("A6 missing information: item 1a insured's ID number")
