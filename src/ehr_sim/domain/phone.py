"""The office phone's plain rules: its lines, what a line shows, and what a voicemail must not
say (minimum necessary: no diagnosis, no results, no reason for the visit)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

LINES = 6
"""Lines on the front desk's set; a call that finds them all busy goes to the office voicemail."""
PARK_ORBIT = 700
"""A parked call on line N is picked up from any phone at extension 700 + N."""


class LineState(StrEnum):
    """What a line's lamp shows."""

    IDLE = "idle"
    RINGING = "ringing"
    ACTIVE = "active"
    ON_HOLD = "on hold"
    PARKED = "parked"
    CONSULTING = "consulting"  # warm transfer: the caller holds while you speak to a colleague
    VOICEMAIL = "voicemail"  # an outgoing call reached an answering machine


def line_state(status: str, *, parked: bool, consulting: str) -> LineState:
    """The lamp of a line holding a call in `status` (a conversation's status)."""
    if status == "waiting":
        return LineState.RINGING
    if status == "voicemail":
        return LineState.VOICEMAIL
    if status == "on_hold":
        if consulting:
            return LineState.CONSULTING
        return LineState.PARKED if parked else LineState.ON_HOLD
    if status == "active":
        return LineState.ACTIVE
    return LineState.IDLE


OPEN_STATUSES = ("waiting", "active", "on_hold", "voicemail")
"""Conversation statuses that keep a line busy."""

# Words that put protected details on an answering machine anyone in the house can play.
_RESULTS = re.compile(
    r"\b(results?|labs?|lab work|blood ?work|tests?|test results|x-?rays?|mri|ct scan|"
    r"biopsy|a1c|cholesterol|potassium|glucose|sugar levels?|pap|mammogram|"
    r"positive|negative|abnormal|normal range)\b",
    re.IGNORECASE,
)
_DIAGNOSES = re.compile(
    r"\b(diabet\w*|cancer|tumou?r|pregnan\w*|hiv|std|sti|infection|depress\w*|anxiety|"
    r"hypertension|blood pressure|asthma|copd|dementia|diagnos\w*|condition|prescriptions?|"
    r"medications?|refills?)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(follow[- ]?up (for|on|about)|appointment (for|about)|visit (for|about)|"
    r"about your (knee|back|shoulder|heart|test|results|surgery|procedure|referral)|"
    r"referral|procedure|surgery|physical exam|annual physical)\b",
    re.IGNORECASE,
)


class Concern(StrEnum):
    """A kind of protected detail a voicemail gave away."""

    RESULTS = "results"
    DIAGNOSIS = "diagnosis"
    REASON = "reason for the visit"


CONCERN_WORDS = {
    Concern.RESULTS: "test results",
    Concern.DIAGNOSIS: "a diagnosis or medicine",
    Concern.REASON: "the reason for the visit",
}


def voicemail_concerns(text: str, *, chart_words: Iterable[str] = ()) -> tuple[Concern, ...]:
    """The protected details `text` names, in a fixed order; `chart_words` are the patient's
    own problems, medicines and visit reasons (any of them in the text is a diagnosis or a
    reason)."""
    found: set[Concern] = set()
    if _RESULTS.search(text):
        found.add(Concern.RESULTS)
    if _DIAGNOSES.search(text):
        found.add(Concern.DIAGNOSIS)
    if _REASON.search(text):
        found.add(Concern.REASON)
    said = f" {_words(text)} "
    for phrase in chart_words:
        key = _words(phrase)
        if len(key) >= 4 and f" {key} " in said:
            found.add(Concern.DIAGNOSIS)
    return tuple(c for c in Concern if c in found)


def concern_warning(concerns: Iterable[Concern]) -> str:
    """One plain sentence about what a voicemail should not have said."""
    named = [CONCERN_WORDS[c] for c in concerns]
    if not named:
        return ""
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return (
        f"Minimum necessary: this voicemail mentions {listed}. Anyone who plays it hears "
        "that; leave only your name, the office and a number to call back."
    )


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
