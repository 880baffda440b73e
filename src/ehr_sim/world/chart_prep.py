"""Documents expected before visits: outside labs and imaging, hospital records, school and
sports forms. Most past ones arrived; some for the next clinic day's visits have not, so chart
prep has something to find. Deterministic from the seed and the reference date."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ehr_sim.domain.clinic_days import next_clinic_day
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import ExpectedDocument

# kind, name, source; a form is for a child's physical
OUTSIDE = [
    ("lab", "Hemoglobin A1c", "Central Ohio Reference Lab"),
    ("lab", "Lipid panel", "Central Ohio Reference Lab"),
    ("imaging", "Chest X-ray report", "Riverside Imaging Center"),
    ("imaging", "Lumbar spine X-ray report", "Riverside Imaging Center"),
    ("records", "ER note", "Mercy General Hospital"),
    ("records", "Discharge summary", "Mercy General Hospital"),
]
SCHOOL_FORM = ("form", "School sports physical form (parent signature)", "")
SHARE_WITH_DOCUMENTS = 0.18
SHARE_RECEIVED = 0.4
OPEN = (AppointmentStatus.SCHEDULED.value, AppointmentStatus.CONFIRMED.value)


def expected_document_rows(
    *,
    seed: int,
    today: date,
    appointments: list[dict[str, Any]],
    type_codes: dict[int, str],
    dob: dict[int, date],
) -> list[tuple[type[Any], list[dict[str, Any]]]]:
    """Expected documents for last week's visits (received) and the next clinic day's (some not)."""
    rng = random.Random(f"chart-prep/{seed}")
    prep_day = next_clinic_day(today + timedelta(days=1))
    rows: list[dict[str, Any]] = []
    for visit in appointments:
        day = visit["start"].date()
        if not today - timedelta(days=7) <= day <= prep_day:
            continue
        if day == prep_day and visit["status"] not in OPEN:
            continue
        code = type_codes[visit["type_id"]]
        child = (day - dob[visit["patient_id"]]).days < 18 * 365
        if code == "PHYS" and child and rng.random() < 0.5:
            kind, name, source = SCHOOL_FORM
        elif code in ("FU", "EST30", "NEW") and rng.random() < SHARE_WITH_DOCUMENTS:
            kind, name, source = rng.choice(OUTSIDE)
        else:
            continue
        requested = day - timedelta(days=rng.randint(3, 14))
        arrived = day < prep_day or rng.random() < SHARE_RECEIVED
        rows.append(
            {
                "id": len(rows) + 1,
                "patient_id": visit["patient_id"],
                "appointment_id": visit["id"],
                "kind": kind,
                "name": name,
                "source": source,
                "requested_on": requested if kind != "form" else None,
                "received_on": min(today, requested + timedelta(days=2)) if arrived else None,
            }
        )
    return [(ExpectedDocument, rows)]
