"""The referral side of the seeded clinic: the specialist directory with each plan's network,
referrals in every state, consult notes that came back, and prior authorisations.

Consistent with the patients' plans: an HMO referral carries the plan's number and an
in-network specialist, unless the plan denied it (out of network); a specialist visit in the
past falls inside its referral's dates. Drawn from its own random stream, so the rest of the
world is the same with or without it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain import referrals as rules
from ehr_sim.records import ChartDocument, PriorAuth, Referral, Specialist, SpecialistNetwork
from ehr_sim.world import catalog

Rows = list[tuple[type[Any], list[dict[str, Any]]]]

# name, practice, specialty, NPI body (9 digits; the check digit is worked out), phone, fax,
# address, plans whose network it is NOT in (by plan name), plans with no network on file.
SPECIALISTS: list[tuple[str, str, str, str, str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "Amir Haddad, MD",
        "Columbus Heart Associates",
        "Cardiology",
        "124578903",
        "(614) 555-0171",
        "(614) 555-0179",
        "410 W Tenth Ave, Columbus, OH 43210",
        (),
        (),
    ),
    (
        "Helen Brandt, MD",
        "Buckeye Heart Institute",
        "Cardiology",
        "136925804",
        "(614) 555-0181",
        "(614) 555-0182",
        "88 E Broad St, Columbus, OH 43215",
        ("Keystone HMO", "Lakeshore Community Plan"),
        (),
    ),
    (
        "Samuel Osei, MD",
        "Central Ohio Endocrinology",
        "Endocrinology",
        "147036915",
        "(614) 555-0191",
        "(614) 555-0192",
        "2200 N Limestone Rd, Westerville, OH 43081",
        (),
        (),
    ),
    (
        "Priya Raman, MD",
        "Scioto Gastroenterology",
        "Gastroenterology",
        "158147026",
        "(614) 555-0201",
        "(614) 555-0202",
        "5100 Frantz Rd, Dublin, OH 43017",
        ("Select PPO",),
        (),
    ),
    (
        "Daniel Kowalski, MD",
        "Olentangy Orthopedics",
        "Orthopedics",
        "169258137",
        "(614) 555-0211",
        "(614) 555-0212",
        "3535 Olentangy River Rd, Columbus, OH 43214",
        (),
        ("Part B",),
    ),
    (
        "Grace Whitfield, MD",
        "Capital Dermatology",
        "Dermatology",
        "170369248",
        "(614) 555-0221",
        "(614) 555-0222",
        "1480 Dublin Rd, Columbus, OH 43215",
        ("Keystone HMO",),
        (),
    ),
    (
        "Tomas Herrera, MD",
        "Riverside Neurology Group",
        "Neurology",
        "181470359",
        "(614) 555-0231",
        "(614) 555-0232",
        "3705 Olentangy River Rd, Columbus, OH 43214",
        (),
        (),
    ),
    (
        "Naomi Feld, MD",
        "Worthington Allergy & Asthma",
        "Allergy and Immunology",
        "192581460",
        "(614) 555-0241",
        "(614) 555-0242",
        "6400 Huntley Rd, Worthington, OH 43085",
        (),
        ("Lakeshore Community Plan",),
    ),
]

# specialty -> (ICD-10-CM, reason) the referring provider writes
REASONS: dict[str, list[tuple[str, str]]] = {
    "Cardiology": [
        ("R00.2", "Palpitations for 3 weeks; ECG attached"),
        ("I10", "Hypertension not controlled on two medications"),
    ],
    "Endocrinology": [("E11.65", "Type 2 diabetes with A1c above 9 despite treatment")],
    "Gastroenterology": [("K21.9", "Reflux not better after 8 weeks of omeprazole")],
    "Orthopedics": [("M25.561", "Right knee pain after a fall, still swollen at 4 weeks")],
    "Dermatology": [("L82.1", "Changing pigmented lesion on the back")],
    "Neurology": [("G43.909", "Migraines more than 8 days a month")],
    "Allergy and Immunology": [("J30.9", "Allergic rhinitis for allergy testing")],
}
DOCUMENTS = ["Last office note", "Medication list", "Insurance card", "Problem list"]
# Every state, in the share they usually have on a worklist.
STATES = [
    "ordered",
    "sent",
    "sent",
    "scheduled",
    "scheduled",
    "seen",
    "consult_received",
    "consult_received",
    "closed",
    "closed",
    "denied",
]
IMAGING, HOSPITAL, SLEEP = (
    "Riverside Imaging Center",
    "Mercy General Hospital",
    "Columbus Sleep Center",
)
# code, diagnosis, clinical reason, where it is done
AUTH_REQUESTS = [
    (
        "72148",
        "M54.16",
        "Leg pain and numbness for 8 weeks; 6 weeks of physical therapy done",
        IMAGING,
    ),
    ("73721", "M25.561", "Knee locking and swelling after a twisting injury, 6 weeks", IMAGING),
    ("70553", "G43.909", "New pattern of headaches with numbness in the left hand", IMAGING),
    ("95810", "G47.33", "Loud snoring and witnessed pauses in breathing; sleepy by day", SLEEP),
    ("78452", "R07.9", "Chest pain on exertion; resting ECG normal", HOSPITAL),
]
# What a payer denies: a screening diagnosis, no symptoms (not medically necessary).
DENIED_REQUEST = (
    "70553",
    "Z82.0",
    "Family history of epilepsy; no symptoms, wants a scan",
    IMAGING,
)
AUTH_STATES = ["submitted", "pended", "approved", "approved", "approved", "denied"]
REFERRAL_SHARE = 0.07
AUTH_SHARE = 0.03


def npi_with_check_digit(body: str) -> str:
    """A 9-digit body with its NPI check digit (Luhn over the 80840 prefix)."""
    digits = [int(c) for c in "80840" + body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def plans() -> list[dict[str, Any]]:
    """The catalogue's plans with the ids the generator gives them (in order)."""
    found: list[dict[str, Any]] = []
    for payer in catalog.PAYERS:
        for plan in payer[5]:
            found.append(
                {
                    "id": len(found) + 1,
                    "name": plan[0],
                    "payer_code": payer[1],
                    "requires_referral": plan[5],
                    "requires_prior_auth": plan[6],
                }
            )
    return found


def directory_rows() -> Rows:
    specialists, networks = [], []
    known_plans = plans()
    for sid, row in enumerate(SPECIALISTS, start=1):
        name, practice, specialty, body, phone, fax, address, outside, unknown = row
        specialists.append(
            {
                "id": sid,
                "name": name,
                "practice": practice,
                "specialty": specialty,
                "npi": npi_with_check_digit(body),
                "phone": phone,
                "fax": fax,
                "address": address,
            }
        )
        networks += [
            {"specialist_id": sid, "plan_id": plan["id"], "in_network": plan["name"] not in outside}
            for plan in known_plans
            if plan["name"] not in unknown
        ]
    return [(Specialist, specialists), (SpecialistNetwork, networks)]


def referral_rows(
    *,
    seed: int,
    today: date,
    patients: list[dict[str, Any]],
    coverages: list[dict[str, Any]],
) -> Rows:
    """Referrals, consult notes and prior authorisations for some adult patients."""
    rng = random.Random(seed * 7919 + 11)
    by_plan = {p["id"]: p for p in plans()}
    primary = {
        c["patient_id"]: c for c in coverages if c["rank"] == 1 and c.get("terminated_on") is None
    }
    adults = [p for p in patients if (today - p["dob"]).days >= 18 * 365]
    chosen = [p for p in adults if rng.random() < REFERRAL_SHARE]
    referrals: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    for index, patient in enumerate(chosen):
        state = STATES[index % len(STATES)]
        coverage = primary.get(patient["id"])
        plan = by_plan[coverage["plan_id"]] if coverage else None
        hmo = bool(plan and plan["requires_referral"])
        specialist_id, in_network = _specialist(rng, plan, state == "denied" and hmo)
        if state == "denied" and not hmo:
            state = "closed"
        referrals.append(
            _referral(
                rng,
                len(referrals) + 1,
                patient,
                coverage,
                plan,
                specialist_id,
                in_network,
                state,
                today,
            )
        )
        if state in ("consult_received", "closed") and referrals[-1]["appointment_at"]:
            row = referrals[-1]
            documents.append(
                {
                    "id": len(documents) + 1,
                    "patient_id": patient["id"],
                    "referral_id": row["id"],
                    "kind": "consult_note",
                    "title": f"{SPECIALISTS[specialist_id - 1][2]} consult note",
                    "received_from": SPECIALISTS[specialist_id - 1][1],
                    "summary": "Seen in consultation; recommendations in the note.",
                    "received_at": row["appointment_at"] + timedelta(days=rng.randint(2, 6)),
                    "routed_to_id": row["provider_id"],
                    "reviewed_at": (
                        row["appointment_at"] + timedelta(days=7) if state == "closed" else None
                    ),
                }
            )
    auths = _auth_rows(rng, adults, primary, by_plan, today)
    return [(Referral, referrals), (ChartDocument, documents), (PriorAuth, auths)]


def _specialist(
    rng: random.Random, plan: dict[str, Any] | None, out_of_network: bool
) -> tuple[int, bool | None]:
    """A specialist for the plan: in its network, or out of it when the plan denied it."""
    options: list[tuple[int, bool | None]] = []
    for sid, row in enumerate(SPECIALISTS, start=1):
        if plan is None:
            options.append((sid, None))
            continue
        inside: bool | None = None if plan["name"] in row[8] else plan["name"] not in row[7]
        if (inside is False) == out_of_network:
            options.append((sid, inside))
    return rng.choice(options)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))))


def _referral(
    rng: random.Random,
    rid: int,
    patient: dict[str, Any],
    coverage: dict[str, Any] | None,
    plan: dict[str, Any] | None,
    specialist_id: int,
    in_network: bool | None,
    state: str,
    today: date,
) -> dict[str, Any]:
    specialty = SPECIALISTS[specialist_id - 1][2]
    icd10, reason = rng.choice(REASONS[specialty])
    # How long ago it was written, by how far along it is.
    age = {
        "ordered": (0, 2),
        "sent": (1, 10),
        "scheduled": (3, 20),
        "seen": (20, 40),
        "consult_received": (25, 70),
        "closed": (60, 160),
        "denied": (2, 30),
    }[state]
    written = today - timedelta(days=rng.randint(*age))
    valid_to = written + timedelta(days=rng.choice((90, 180)))
    created_at = _at(written, rng)
    sent_at = (
        created_at + timedelta(hours=rng.randint(1, 20)) if state not in ("ordered",) else None
    )
    appointment_at: datetime | None = None
    visits_used = 0
    if state == "scheduled":
        appointment_at = _at(today + timedelta(days=rng.randint(1, 30)), rng)
    elif state in ("seen", "consult_received", "closed"):
        appointment_at = _at(written + timedelta(days=rng.randint(7, 18)), rng)
        visits_used = 1
    follow_up = None
    if state in rules.WAITING and sent_at is not None:
        # Some are overdue: nothing came back by the follow-up date.
        follow_up = rules.follow_up_due(sent_at.date(), rng.choice((7, 14, 21)))
    hmo = bool(plan and plan["requires_referral"])
    number = (
        rules.referral_number(plan["payer_code"], patient["id"], specialist_id, written)
        if hmo and plan is not None and state != "denied"
        else ""
    )
    return {
        "id": rid,
        "patient_id": patient["id"],
        "provider_id": patient["pcp_id"],
        "specialist_id": specialist_id,
        "coverage_id": coverage["id"] if coverage else None,
        "reason": reason,
        "icd10": icd10,
        "visits": rng.choice((1, 1, 2, 3)),
        "visits_used": visits_used,
        "valid_from": written,
        "valid_to": valid_to,
        "documents": "\n".join(rng.sample(DOCUMENTS, 2)),
        "status": state,
        "number": number,
        "in_network": in_network,
        "created_at": created_at,
        "sent_at": sent_at if state != "denied" else None,
        "appointment_at": appointment_at,
        "follow_up_on": follow_up,
        "closed_at": _at(written + timedelta(days=40), rng) if state == "closed" else None,
        "notes": (
            f"{written:%m/%d/%Y}: plan denied the referral: specialist out of network."
            if state == "denied"
            else ""
        ),
    }


def _auth_rows(
    rng: random.Random,
    adults: list[dict[str, Any]],
    primary: dict[int, dict[str, Any]],
    by_plan: dict[int, dict[str, Any]],
    today: date,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    candidates = [
        p
        for p in adults
        if p["id"] in primary and by_plan[primary[p["id"]]["plan_id"]]["requires_prior_auth"]
    ]
    for patient in candidates:
        if rng.random() >= AUTH_SHARE:
            continue
        state = AUTH_STATES[len(rows) % len(AUTH_STATES)]
        coverage = primary[patient["id"]]
        plan = by_plan[coverage["plan_id"]]
        code, icd10, reason, servicing = (
            DENIED_REQUEST if state == "denied" else rng.choice(AUTH_REQUESTS)
        )
        requested = _at(today - timedelta(days=rng.randint(0, 40)), rng)
        attachments = "" if state == "pended" else "Office note\nTherapy notes"
        decided = requested + timedelta(days=rng.randint(1, 5))
        row: dict[str, Any] = {
            "id": len(rows) + 1,
            "patient_id": patient["id"],
            "provider_id": patient["pcp_id"],
            "coverage_id": coverage["id"],
            "codes": code,
            "icd10": icd10,
            "clinical_reason": reason,
            "servicing": servicing,
            "attachments": attachments,
            "status": state,
            "payer_message": "",
            "number": "",
            "valid_from": None,
            "valid_to": None,
            "requested_at": requested,
            "decided_at": None,
        }
        if state in ("pended", "approved", "denied"):
            decision = rules.decide_prior_auth(
                payer_code=plan["payer_code"],
                patient_id=patient["id"],
                codes=(code,),
                icd10=icd10,
                clinical_reason=reason,
                attachments=tuple(attachments.splitlines()),
                decided_on=decided.date(),
            )
            assert decision.status == state, (state, decision)
            row.update(
                payer_message=decision.reason,
                number=decision.number,
                valid_from=decision.valid_from,
                valid_to=decision.valid_to,
                decided_at=decided,
            )
        rows.append(row)
    return rows
