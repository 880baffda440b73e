"""Validation of the registration form's fields, shared by the gateway and the UI."""

from __future__ import annotations

import re
from datetime import date

from ehr_sim.domain.identity import is_valid_phone

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
    ]
)
SEXES = {"F": "Female", "M": "Male", "X": "Unknown / other"}
REQUIRED = (
    "first_name",
    "last_name",
    "dob",
    "sex",
    "address1",
    "city",
    "state",
    "zip_code",
    "phone",
)
LABELS = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "dob": "Date of birth",
    "sex": "Sex",
    "address1": "Address",
    "address2": "Address line 2",
    "city": "City",
    "state": "State",
    "zip_code": "ZIP code",
    "phone": "Phone",
    "mobile": "Mobile",
    "email": "Email",
    "preferred_language": "Preferred language",
    "emergency_contact_name": "Emergency contact",
    "emergency_contact_relationship": "Emergency contact relationship",
    "emergency_contact_phone": "Emergency contact phone",
}
EDITABLE = tuple(LABELS)
_NAME = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ '\-.]*$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def parse_date(text: str) -> date:
    """Read MM/DD/YYYY or YYYY-MM-DD; raise ValueError with a plain message otherwise."""
    text = text.strip()
    for pattern, order in (
        (r"^(\d{1,2})/(\d{1,2})/(\d{4})$", "mdy"),
        (r"^(\d{4})-(\d{2})-(\d{2})$", "ymd"),
    ):
        match = re.match(pattern, text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise ValueError(f"{text} is not a real date") from None
    raise ValueError(f"'{text}' is not a date; use MM/DD/YYYY")


def field_problem(name: str, value: str, *, today: date) -> str | None:
    """What is wrong with one demographic field's value, or None."""
    label = LABELS.get(name, name)
    value = value.strip()
    if not value:
        return f"{label} is required." if name in REQUIRED else None
    if name in ("first_name", "last_name", "middle_name", "preferred_name") and not _NAME.match(
        value
    ):
        return f"{label} may hold only letters, spaces, hyphens and apostrophes."
    if name == "dob":
        try:
            born = parse_date(value)
        except ValueError as exc:
            return f"{label}: {exc}."
        if born > today:
            return f"{label} cannot be in the future ({born:%m/%d/%Y})."
        if today.year - born.year > 120:
            return f"{label} {born:%m/%d/%Y} would make the patient older than 120."
    if name == "sex" and value not in SEXES:
        return f"{label} must be F, M or X."
    if name == "state" and value.upper() not in US_STATES:
        return f"'{value}' is not a US state code (for example OH)."
    if name == "zip_code" and not _ZIP.match(value):
        return f"'{value}' is not a ZIP code (5 digits, or ZIP+4 like 43215-1234)."
    if name in ("phone", "mobile", "emergency_contact_phone") and not is_valid_phone(value):
        return f"{label} '{value}' is not a 10-digit US phone number."
    if name == "email" and not _EMAIL.match(value):
        return f"'{value}' is not an email address."
    return None


def form_problems(fields: dict[str, str], *, today: date) -> dict[str, str]:
    """Every problem in a registration form, keyed by field name."""
    problems = {}
    for name in set(REQUIRED) | set(fields):
        problem = field_problem(name, fields.get(name, ""), today=today)
        if problem:
            problems[name] = problem
    return problems
