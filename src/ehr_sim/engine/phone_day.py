"""The office phone's day (pure): when the living clinic's callers ring and why, who picks up
when the front desk calls a patient, and how long a caller lets a line ring. All worked out
from a seed and the day alone, so a resumed clinic rings the same calls."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

PHONES_OPEN = time(8, 30)
PHONES_CLOSE = time(16, 45)
GAP_MINUTES = (9, 26)  # between one caller and the next
RING_OUT = timedelta(seconds=90)  # an unanswered caller hangs up after this


class Topic(StrEnum):
    """Why a caller of the living clinic calls."""

    CONFIRMATION = "confirmation"
    REFILL = "refill"
    BILLING = "billing"
    WRONG_NUMBER = "wrong number"


TOPIC_WEIGHTS = {Topic.CONFIRMATION: 4, Topic.REFILL: 3, Topic.BILLING: 2, Topic.WRONG_NUMBER: 1}
FOR_WHOM = {
    Topic.CONFIRMATION: "front desk",
    Topic.REFILL: "nurse line",
    Topic.BILLING: "billing office",
    Topic.WRONG_NUMBER: "(nobody here)",
}


@dataclass(frozen=True)
class PlannedCall:
    """A call the living clinic rings at `at`; `pick` chooses its patient from a list."""

    key: str
    at: datetime
    topic: Topic
    pick: float  # in [0, 1): which of the day's candidate patients calls

    def patient_index(self, count: int) -> int:
        return min(int(self.pick * count), count - 1) if count else -1


def plan_calls(seed: int, day: date) -> list[PlannedCall]:
    """The day's incoming calls, in order (none at weekends)."""
    if day.weekday() >= 5:
        return []
    rng = random.Random(f"phone-day/{seed}/{day.isoformat()}")
    topics = list(TOPIC_WEIGHTS)
    weights = [TOPIC_WEIGHTS[t] for t in topics]
    at = datetime.combine(day, PHONES_OPEN) + timedelta(minutes=rng.randint(0, 6))
    close = datetime.combine(day, PHONES_CLOSE)
    calls: list[PlannedCall] = []
    while at <= close:
        topic = rng.choices(topics, weights)[0]
        calls.append(PlannedCall(f"{day.isoformat()}/{len(calls) + 1}", at, topic, rng.random()))
        at += timedelta(minutes=rng.randint(*GAP_MINUTES), seconds=rng.randint(0, 59))
    return calls


def caller_words(topic: Topic, name: str, *, when: str = "", medicine: str = "") -> str:
    """What the caller says when the line is answered."""
    if topic is Topic.CONFIRMATION:
        visit = f"my appointment {when}" if when else "my appointment"
        return f"Hi, this is {name}. I'm calling to confirm {visit}."
    if topic is Topic.REFILL:
        what = f"my {medicine}" if medicine else "one of my prescriptions"
        return f"Hello, it's {name}. I need a refill on {what}; I'm almost out."
    if topic is Topic.BILLING:
        return f"Hi, {name} here. I got a statement and I don't understand what I owe."
    return "Oh, sorry, is this Lakeview Pizza? I must have the wrong number."


class Reach(StrEnum):
    """Who picks up when the front desk calls a patient's number."""

    PATIENT = "patient"
    SOMEONE_ELSE = "someone else"
    VOICEMAIL = "voicemail"


def reach(seed: int, patient_id: int, day: date) -> Reach:
    """Who answers the patient's phone today: the same answer all day, for a resumed clinic."""
    roll = random.Random(f"reach/{seed}/{patient_id}/{day.isoformat()}").random()
    if roll < 0.5:
        return Reach.PATIENT
    return Reach.SOMEONE_ELSE if roll < 0.7 else Reach.VOICEMAIL
