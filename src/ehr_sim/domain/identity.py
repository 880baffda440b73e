"""Patient identity: normalised names, phone digits, likely-duplicate detection."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from difflib import SequenceMatcher

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation removed: 'O'Brien-Núñez' -> 'obriennunez'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode().lower()
    return _NON_ALNUM.sub("", ascii_only).replace(" ", "")


def same_full_name(heard: str, first: str, last: str) -> bool:
    """A name as the caller gave it ("Dana Reyes", "Reyes, Dana") is the chart's name."""
    said = normalise_name(heard)
    return said in (normalise_name(first + last), normalise_name(last + first)) and bool(said)


def phone_digits(phone: str) -> str:
    """Digits of a US phone number without the leading country code."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def format_phone(phone: str) -> str:
    digits = phone_digits(phone)
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return phone


def is_valid_phone(phone: str) -> bool:
    return len(phone_digits(phone)) == 10


def name_similarity(a_first: str, a_last: str, b_first: str, b_last: str) -> float:
    """0..1 similarity of two full names, tolerant of typos and swapped first/last."""
    a = normalise_name(a_first) + " " + normalise_name(a_last)
    b = normalise_name(b_first) + " " + normalise_name(b_last)
    swapped = normalise_name(b_last) + " " + normalise_name(b_first)
    return max(SequenceMatcher(None, a, b).ratio(), SequenceMatcher(None, a, swapped).ratio())


def is_likely_duplicate(
    first: str, last: str, dob: date, other_first: str, other_last: str, other_dob: date
) -> bool:
    """Same date of birth and a close name: registration should warn before creating."""
    return dob == other_dob and name_similarity(first, last, other_first, other_last) >= 0.8


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
