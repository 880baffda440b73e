"""The clearinghouse's front-end edits: what sends a claim back before any payer sees it.

A rejection names the claim field (CMS-1500 item) and says what is wrong; the claim is fixed
and sent again as a new original (frequency 1): it never reached the payer, so there is
nothing to replace. A denial is different: the payer processed the claim (see domain/claims).
Categories follow the 277CA claim status categories: A6 missing information, A7 invalid
information, A8 a field that does not agree with another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ehr_sim.domain.claims import DIAGNOSIS_LETTERS, MAX_DIAGNOSES

MISSING = "A6"
INVALID = "A7"
RELATIONAL = "A8"
CATEGORY_WORDS = {
    MISSING: "missing information",
    INVALID: "invalid information",
    RELATIONAL: "fields that do not agree",
}


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit over '80840' + the first nine."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed("80840" + npi)):
        digit = int(char)
        if i % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


@dataclass(frozen=True, slots=True)
class SubmittedLine:
    line_no: int
    service_date: date
    cpt: str
    units: int
    pointers: tuple[str, ...]
    charge_cents: int


@dataclass(frozen=True, slots=True)
class Submission:
    """A claim as the clearinghouse reads it (the handler copies it from the records)."""

    claim_id: int
    sent_on: date
    payer: str
    member_id: str
    member_id_pattern: str
    member_id_example: str
    patient_name: str
    patient_dob: date | None
    patient_sex: str
    insured_name: str
    relationship: str
    billing_npi: str
    rendering_npi: str
    tax_id: str
    service_date: date
    diagnoses: tuple[str, ...]
    lines: tuple[SubmittedLine, ...]
    total_cents: int


@dataclass(frozen=True, slots=True)
class Rejection:
    """One failed edit: the 277CA category, the claim field, and what is wrong."""

    category: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.category} {CATEGORY_WORDS[self.category]}: {self.field}: {self.message}"


def front_end_edits(claim: Submission) -> list[Rejection]:
    """Every edit the claim fails, in item order; an empty list means it goes to the payer."""
    found: list[Rejection] = []
    found += _required(claim)
    found += _identifiers(claim)
    found += _diagnoses(claim)
    found += _dates(claim)
    found += _lines(claim)
    return found


def rejection_text(rejections: list[Rejection]) -> str:
    """The report's text for a claim, one edit per line."""
    return "\n".join(str(r) for r in rejections)


_REQUIRED = (
    ("member_id", "item 1a insured's ID number"),
    ("patient_name", "item 2 patient's name"),
    ("patient_dob", "item 3 patient's birth date"),
    ("patient_sex", "item 3 patient's sex"),
    ("insured_name", "item 4 insured's name"),
    ("relationship", "item 6 patient relationship to insured"),
    ("tax_id", "item 25 federal tax ID number"),
    ("billing_npi", "item 33a billing provider NPI"),
    ("rendering_npi", "item 24J rendering provider NPI"),
)


def _required(claim: Submission) -> list[Rejection]:
    found = []
    for name, field in _REQUIRED:
        value = getattr(claim, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            found.append(Rejection(MISSING, field, "required, and empty on this claim."))
    if not claim.diagnoses:
        found.append(Rejection(MISSING, "item 21 diagnosis", "at least one diagnosis is required."))
    if not claim.lines:
        found.append(Rejection(MISSING, "item 24 service lines", "at least one is required."))
    return found


def member_id_rejection(member_id: str, pattern: str, example: str, payer: str) -> Rejection | None:
    """The edit on item 1a: a member ID not in the payer's format (an empty one is missing)."""
    member = member_id.strip()
    if not member or re.fullmatch(pattern, member) is not None:
        return None
    return Rejection(
        INVALID,
        "item 1a insured's ID number",
        f"'{member}' is not a {payer} member ID (they look like {example}); check it against "
        "the card.",
    )


def _identifiers(claim: Submission) -> list[Rejection]:
    wrong_member = member_id_rejection(
        claim.member_id, claim.member_id_pattern, claim.member_id_example, claim.payer
    )
    found = [wrong_member] if wrong_member else []
    for npi, field in (
        (claim.billing_npi, "item 33a billing provider NPI"),
        (claim.rendering_npi, "item 24J rendering provider NPI"),
    ):
        if npi.strip() and not npi_is_valid(npi.strip()):
            found.append(
                Rejection(
                    INVALID,
                    field,
                    f"{npi} is not a valid NPI (ten digits with a check digit); check it "
                    "against the NPI registry.",
                )
            )
    return found


def _diagnoses(claim: Submission) -> list[Rejection]:
    found = []
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        found.append(
            Rejection(INVALID, "item 21 diagnosis", f"at most {MAX_DIAGNOSES} (A-L) per claim.")
        )
    for letter, code in zip(DIAGNOSIS_LETTERS, claim.diagnoses, strict=False):
        if "." in code or not code.isalnum() or not 3 <= len(code) <= 7:
            found.append(
                Rejection(
                    INVALID,
                    f"item 21{letter} diagnosis",
                    f"'{code}' is not sent as an ICD-10-CM code (3 to 7 letters and digits, "
                    "no dot).",
                )
            )
    letters = DIAGNOSIS_LETTERS[: len(claim.diagnoses)]
    for line in claim.lines:
        field = f"item 24E line {line.line_no} diagnosis pointer"
        if not line.pointers:
            found.append(Rejection(MISSING, field, "each line points to a diagnosis (A-L)."))
        for pointer in line.pointers:
            if pointer not in letters:
                found.append(
                    Rejection(
                        RELATIONAL,
                        field,
                        f"pointer {pointer} points to no diagnosis in item 21.",
                    )
                )
        if len(line.pointers) > 4:
            found.append(Rejection(INVALID, field, "at most four pointers per line."))
    return found


def _dates(claim: Submission) -> list[Rejection]:
    found = []
    if claim.service_date > claim.sent_on:
        found.append(
            Rejection(
                INVALID,
                "item 24A date of service",
                f"{claim.service_date:%m/%d/%Y} is after the claim was sent "
                f"({claim.sent_on:%m/%d/%Y}): a service is billed once it is done.",
            )
        )
    for line in claim.lines:
        if line.service_date > claim.sent_on:
            found.append(
                Rejection(
                    INVALID,
                    f"item 24A line {line.line_no} date of service",
                    f"{line.service_date:%m/%d/%Y} is in the future.",
                )
            )
    if claim.patient_dob is not None and claim.patient_dob > claim.service_date:
        found.append(
            Rejection(
                RELATIONAL,
                "item 3 patient's birth date",
                f"{claim.patient_dob:%m/%d/%Y} is after the date of service.",
            )
        )
    return found


def _lines(claim: Submission) -> list[Rejection]:
    found = []
    for line in claim.lines:
        where = f"item 24 line {line.line_no}"
        if not line.cpt.strip():
            found.append(Rejection(MISSING, f"{where} procedure code (24D)", "required."))
        if line.charge_cents <= 0:
            found.append(Rejection(INVALID, f"{where} charges (24F)", "must be more than $0."))
        if line.units < 1:
            found.append(Rejection(INVALID, f"{where} units (24G)", "must be at least 1."))
    if claim.lines and sum(line.charge_cents for line in claim.lines) != claim.total_cents:
        found.append(
            Rejection(
                RELATIONAL, "item 28 total charge", "does not equal the sum of the lines (24F)."
            )
        )
    return found
