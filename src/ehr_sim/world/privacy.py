"""Privacy rows for the seeded clinic: message preferences, authorised contacts (the patient's
emergency contact, with what they may be told), and records requests waiting at the desk,
some with a valid authorisation and some with a defective one.

Deterministic: its own random stream from the seed, so adding it changes no other rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ehr_sim.domain.identity import phone_digits
from ehr_sim.records import Contact, MessagePreference, RecordsRequest
from ehr_sim.world import catalog

Rows = list[tuple[type[Any], list[dict[str, Any]]]]

PREFERENCE_SHARE = 0.4
CONTACT_SHARE = 0.25
CLINIC_NAME = catalog.CLINIC["clinic_name"]

# (requester, kind, purpose, parts, authorisation changes from a valid one; None: no form)
REQUESTS: list[tuple[str, str, str, tuple[str, ...], dict[str, Any] | None]] = [
    ("Brandt & Keller LLP", "lawyer", "personal injury claim", ("visit notes", "lab results"), {}),
    ("Harmon Legal Group", "lawyer", "litigation", ("complete record",), {"expires_on": None}),
    (
        "Northstar Life Insurance",
        "insurer",
        "life insurance application",
        ("problems",),
        {
            "signed": False,
            "signed_on": None,
        },
    ),
    ("Ohio Orthopaedic Specialists", "provider", "treatment (referral)", ("visit notes",), None),
    ("(the patient)", "patient", "own copy", ("lab results", "immunizations"), None),
    (
        "Columbus Metro Transit, Human Resources",
        "employer",
        "fitness for duty",
        ("visit notes",),
        {
            "expires": -30,
        },
    ),
    (
        "Dillard & Moss Attorneys",
        "lawyer",
        "estate matter",
        ("complete record",),
        {
            "signed_by": "Kevin Marsh",
        },
    ),
    (
        "Keystone Disability Claims",
        "insurer",
        "disability claim",
        ("visit notes",),
        {
            "recipient": "Keystone Care HMO",
        },
    ),
]


def privacy_rows(seed: int, today: date, patients: list[dict[str, Any]]) -> Rows:
    """Message preferences and authorised contacts for some adults, and the desk's pile of
    records requests (pending: nobody has worked them yet)."""
    rng = random.Random(f"{seed}-privacy")
    adults = [p for p in patients if (today - p["dob"]).days >= 18 * 365]
    preferences: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    for p in adults:
        if rng.random() < PREFERENCE_SHARE:
            preferences.append(_preference(rng, p, today))
        if rng.random() < CONTACT_SHARE and p["emergency_contact_relationship"] != "friend":
            contacts.append(_contact(rng, p, today))
    requests = [
        _request(rng, p, today, *template)
        for p, template in zip(rng.sample(adults, len(REQUESTS)), REQUESTS, strict=True)
    ]
    return [
        (MessagePreference, preferences),
        (Contact, contacts),
        (RecordsRequest, requests),
    ]


def _preference(rng: random.Random, p: dict[str, Any], today: date) -> dict[str, Any]:
    methods = ["phone"] + (["mobile"] if p["mobile"] else []) + (["email"] if p["email"] else [])
    only_mobile = bool(p["mobile"]) and rng.random() < 0.4
    return {
        "patient_id": p["id"],
        "voicemail": rng.random() < 0.85,
        "with_someone": rng.random() < 0.5,
        "numbers": phone_digits(p["mobile"]) if only_mobile else "",
        "email": bool(p["email"]) and rng.random() < 0.6,
        "portal": rng.random() < 0.6,
        "preferred": rng.choice([*methods, "portal"]),
        "recorded_on": max(p["registered_on"], today - timedelta(days=rng.randint(20, 900))),
    }


def _contact(rng: random.Random, p: dict[str, Any], today: date) -> dict[str, Any]:
    topics = rng.choice(
        ["appointments", "appointments; billing", "everything", "appointments; medications"]
    )
    start = max(p["registered_on"], today - timedelta(days=rng.randint(30, 1500)))
    revoked = rng.random() < 0.05
    return {
        "patient_id": p["id"],
        "name": p["emergency_contact_name"],
        "relation": p["emergency_contact_relationship"],
        "phone": p["emergency_contact_phone"],
        "knows": "date of birth; address",
        "authorised": not revoked,
        "topics": topics,
        "authorised_from": start,
        "authorised_until": None,
        "given": rng.choice(("verbal", "written")),
        "revoked_on": today - timedelta(days=rng.randint(1, 20)) if revoked else None,
        "revoke_reason": "patient asked" if revoked else "",
    }


def _request(
    rng: random.Random,
    p: dict[str, Any],
    today: date,
    requester: str,
    kind: str,
    purpose: str,
    parts: tuple[str, ...],
    changes: dict[str, Any] | None,
) -> dict[str, Any]:
    name = f"{p['first_name']} {p['last_name']}"
    signed_on = today - timedelta(days=rng.randint(5, 40))
    who = name if kind == "patient" else requester
    row: dict[str, Any] = {
        "patient_id": p["id"],
        "received_on": today - timedelta(days=rng.randint(0, 6)),
        "requester": who,
        "requester_kind": kind,
        "purpose": purpose,
        "parts": "; ".join(parts),
        "status": "pending",
        "status_reason": "",
        "has_authorisation": changes is not None,
        "auth_signed": changes is not None,
        "auth_signed_on": signed_on if changes is not None else None,
        "auth_signed_by": name if changes is not None else "",
        "auth_representative_authority": "",
        "auth_discloser": CLINIC_NAME if changes is not None else "",
        "auth_information": "; ".join(parts) if changes is not None else "",
        "auth_recipient": requester if changes is not None else "",
        "auth_purpose": purpose if changes is not None else "",
        "auth_expires_on": signed_on + timedelta(days=365) if changes is not None else None,
        "auth_expiry_event": "",
        "auth_revoked_on": None,
    }
    for key, value in (changes or {}).items():
        if key == "expires":
            row["auth_expires_on"] = today + timedelta(days=value)
        else:
            row[f"auth_{key}"] = value
    return row
