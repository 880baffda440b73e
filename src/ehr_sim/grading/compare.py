"""Compare values the way a real office would: tolerant where formatting does not matter.

"12 Elm St." equals "12 elm street"; "(614) 555-0100" equals "614.555.0100". Codes, member
IDs and dates compare exactly (after trimming spaces), because there a character matters.
"""

from __future__ import annotations

import re
from typing import Any

ABBREVIATIONS = {
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "rd": "road",
    "dr": "drive",
    "ln": "lane",
    "ct": "court",
    "blvd": "boulevard",
    "pl": "place",
    "cir": "circle",
    "hwy": "highway",
    "pkwy": "parkway",
    "apt": "apartment",
    "ste": "suite",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}
_WORD = re.compile(r"[a-z0-9]+")


def tolerant_key(value: Any) -> str:
    """A form of `value` that ignores case, punctuation, spacing and street abbreviations."""
    if value is None:
        return ""
    text = str(value).casefold().strip()
    digits = re.sub(r"\D", "", text)
    if digits and re.fullmatch(r"[\d\s().+\-]+", text) and len(digits) >= 7:
        return digits[-10:]  # a phone number: only its digits matter
    words = _WORD.findall(text)
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def same(actual: Any, expected: Any, *, tolerant: bool) -> bool:
    if tolerant:
        return tolerant_key(actual) == tolerant_key(expected)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(actual == expected)
    if actual is None or expected is None:
        return actual is None and expected is None
    return str(actual).strip() == str(expected).strip()
