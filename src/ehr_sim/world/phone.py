"""The office voicemail box as the front desk finds it in the morning: messages left after
hours by patients (a cancellation, a refill, a question about a bill or about results) and
one caller with the wrong number."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain.clinic_days import is_clinic_day
from ehr_sim.records.phone import Voicemail

Rows = list[tuple[type[Any], list[dict[str, Any]]]]

# (what the caller says; {name} and {number} filled in), in the order they are left.
MESSAGES = (
    "Hi, this is {name}. I need to cancel my appointment; I'll call back to reschedule. "
    "My number is {number}.",
    "Hello, it's {name}. I'm almost out of one of my medicines and need a refill. "
    "Please call me at {number}.",
    "This is {name}, calling about a bill I got in the mail. I don't understand the "
    "amount. You can reach me at {number}.",
    "Hi, {name} here. Has the doctor looked at my lab work yet? Call me back at {number}.",
)
WRONG_NUMBER = "Hey Mike, it's Jen, are we still on for lunch Saturday? Call me back."


def voicemail_rows(*, seed: int, today: date, patients: list[dict[str, Any]]) -> Rows:
    """The messages waiting on `today`'s morning, left since the last clinic day closed."""
    rng = random.Random(f"voicemail/{seed}")
    last = today - timedelta(days=1)
    while not is_clinic_day(last):
        last -= timedelta(days=1)
    moment = datetime.combine(last, time(17, 20))
    adults = [p for p in patients if (today - p["dob"]).days >= 18 * 365] or patients
    rows: list[dict[str, Any]] = []
    for text in (*MESSAGES, WRONG_NUMBER):
        moment += timedelta(minutes=rng.randint(25, 160))
        if text == WRONG_NUMBER:
            caller, number, patient_id = "Unknown caller", "(614) 555-0148", None
        else:
            patient = rng.choice(adults)
            caller = f"{patient['first_name']} {patient['last_name']}"
            number = patient["mobile"] or patient["phone"]
            patient_id = patient["id"]
        rows.append(
            {
                "caller": caller,
                "number": number,
                "patient_id": patient_id,
                "left_at": moment,
                "text": text.format(name=caller, number=number),
                "plan_key": None,
                "heard_at": None,
                "note": "",
                "deleted_at": None,
            }
        )
    return [(Voicemail, rows)]
