"""The in-basket's plain rules: who can be sent a task, priorities and states, the fax
directory and what makes a fax number a number.

All names and numbers are invented (555-01xx numbers are reserved for fiction).
"""

from __future__ import annotations

from dataclasses import dataclass

from ehr_sim.domain.identity import format_phone, phone_digits

CLINIC_FAX = "(614) 555-0143"

SHARED_BOXES = ("front desk", "billing office", "medical records", "nurse line")
"""Boxes the whole team works from, not one person."""
ROLES = ("practice manager", "nurse", "medical assistant", "billing", "scheduling")
"""Roles a message can be left for by title, as callers ask for them ("can the nurse call me
back?"); the practice manager is Angela Ruiz."""

STAFF = {
    "Carlos Mendes, RN": "nurse for Dr. Okafor",
    "Priya Shah, RN": "nurse for Dr. Patel",
    "Jasmine Reed, RN": "nurse for Dr. Nguyen",
    "Dana Brooks, LPN": "nurse for Maria Lopez, NP",
    "Angela Ruiz": "practice manager and privacy officer",
    "Tom Becker": "billing specialist",
}
"""Staff members who are not providers, with what they do."""

POOL = "{provider}'s clinical pool"
"""A provider's clinical team box (the provider and their nurse)."""

PRIORITIES = ("routine", "same day", "urgent")
TASK_KINDS = (
    "refill request",
    "call-back",
    "results to review",
    "form to sign",
    "referral follow-up",
    "records",
    "billing",
    "other",
)
STATES = ("open", "in progress", "done")
CHANNELS = ("task", "message", "portal", "fax", "voicemail")


def canonical(name: str, directory: list[str]) -> str | None:
    """The directory's spelling of `name` (case and spaces ignored), or None."""
    wanted = " ".join(name.split()).casefold()
    for known in directory:
        if known.casefold() == wanted:
            return known
    return None


@dataclass(frozen=True)
class FaxContact:
    """An outside office in the clinic's directory: its fax number and, where the directory
    has it, the phone number its staff answer (a call placed to it is picked up)."""

    name: str
    number: str
    kind: str
    phone: str = ""


FAX_DIRECTORY = (
    FaxContact("Lakeview Pharmacy", "(614) 555-0178", "pharmacy", "(614) 555-0177"),
    FaxContact("Northgate Pharmacy", "(614) 555-0164", "pharmacy", "(614) 555-0163"),
    FaxContact("Central Ohio Reference Lab", "(614) 555-0191", "laboratory", "(614) 555-0190"),
    FaxContact("Mercy Imaging", "(614) 555-0193", "imaging"),
    FaxContact(
        "North Columbus Orthopaedic Associates", "(614) 555-0188", "practice", "(614) 555-0187"
    ),
    FaxContact("Eastside Internal Medicine", "(614) 555-0134", "practice", "(614) 555-0135"),
    FaxContact("Columbus Cardiology Group", "(614) 555-0151", "practice"),
    FaxContact("Brandt & Keller LLP", "(614) 555-0172", "law firm"),
    FaxContact("Meridian Choice provider services", "(800) 555-0110", "payer"),
    FaxContact("Mercy General Hospital HIM", "(614) 555-0146", "hospital"),
    FaxContact("Riverside Imaging Center", "(614) 555-0127", "imaging"),
)


def office_by_phone(digits: str) -> FaxContact | None:
    """The directory's office whose phone number has these ten digits, or None."""
    for entry in FAX_DIRECTORY:
        if entry.phone and phone_digits(entry.phone) == digits:
            return entry
    return None


def fax_number(text: str) -> str | None:
    """`text` as a dialable US fax number "(614) 555-0143", or None if it is not one."""
    digits = phone_digits(text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        return None
    return format_phone(digits)


def directory_entry(*, name: str = "", number: str = "") -> FaxContact | None:
    """The directory's entry with this name (case ignored) or this number."""
    for entry in FAX_DIRECTORY:
        if name and entry.name.casefold() == " ".join(name.split()).casefold():
            return entry
        if number and entry.number == number:
            return entry
    return None
