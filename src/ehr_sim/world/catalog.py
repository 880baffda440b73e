"""The fixed parts of the fake clinic: providers, rooms, visit types, payers, clinical lists.

All names and numbers are invented. Procedure descriptions are our own words.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from ehr_sim.domain.codes import CPT

CLINIC = {
    "clinic_name": "Riverside Family Practice",
    "clinic_address": "1200 Riverside Drive, Suite 200, Columbus, OH 43215",
    "clinic_phone": "(614) 555-0142",
    # The practice as billing provider (CMS-1500 items 25 and 33a): invented numbers; the
    # NPI has a valid check digit.
    "clinic_tax_id": "31-4820917",
    "clinic_npi": "1245367820",
}

# (first, last, credentials, specialty, colour, weekly hours, breaks)
# hours: {weekday: (start, end)}; breaks: (weekday or None, start, end, label)
PROVIDERS: list[tuple[Any, ...]] = [
    (
        "Adaeze",
        "Okafor",
        "MD",
        "Family Medicine",
        "#2f6fb3",
        {d: (time(8), time(17)) for d in range(5)},
        [(None, time(12), time(13), "lunch")],
    ),
    (
        "Rohan",
        "Patel",
        "MD",
        "Internal Medicine",
        "#7b4fb3",
        {d: (time(8, 30), time(16, 30)) for d in range(4)},
        [(None, time(12, 30), time(13, 30), "lunch"), (2, time(15), time(15, 30), "admin time")],
    ),
    (
        "Linh",
        "Nguyen",
        "MD",
        "Pediatrics",
        "#2f9e6e",
        {
            0: (time(8), time(16)),
            1: (time(8), time(16)),
            2: (time(8), time(12)),
            3: (time(8), time(16)),
            4: (time(8), time(16)),
        },
        [(None, time(12), time(13), "lunch")],
    ),
    (
        "Maria",
        "Lopez",
        "NP",
        "Family Nurse Practitioner",
        "#c2762b",
        {
            0: (time(9), time(17)),
            2: (time(9), time(17)),
            4: (time(9), time(17)),
            5: (time(9), time(12)),
        },
        [(None, time(12, 30), time(13), "lunch")],
    ),
]
PEDIATRICIAN = 2  # index in PROVIDERS

ROOMS = [(f"Room {n}", "exam") for n in range(1, 7)] + [("Procedure room", "procedure")]

# code, name, minutes, turnover, new patient, telehealth, co-pay kind, colour, weight
APPOINTMENT_TYPES = [
    ("FU", "Follow-up", 15, 5, False, False, "primary_care", "#d6e6f5", 45),
    ("SICK", "Same-day sick visit", 15, 10, False, False, "primary_care", "#f5dccf", 20),
    ("PHYS", "Annual physical", 30, 10, False, False, "preventive", "#dcefd9", 15),
    ("NEW", "New patient", 45, 10, True, False, "primary_care", "#efe0f5", 10),
    ("TELE", "Telehealth follow-up", 15, 0, False, True, "telehealth", "#e8e8e8", 10),
    ("EST30", "Extended follow-up", 30, 5, False, False, "primary_care", "#d0e1f7", 0),
]

# payer name, code, member-ID pattern, example, phone, plans
# plan: name, kind, copays (primary, specialist, preventive, telehealth) in cents,
#       deductible cents, coinsurance %, referral, prior auth
PAYERS = [
    (
        "Meridian Health",
        "MRH",
        r"[A-Z]{3}\d{7,8}",
        "XJH4002187",
        "(800) 555-0190",
        [
            ("Choice PPO", "PPO", (2500, 5000, 0, 1500), 150000, 20, False, True),
            ("Select PPO", "PPO", (3500, 6000, 0, 2000), 300000, 30, False, True),
        ],
    ),
    (
        "Keystone Care",
        "KSC",
        r"K\d{9}",
        "K204581937",
        "(800) 555-0117",
        [("Keystone HMO", "HMO", (2000, 4000, 0, 1000), 0, 0, True, True)],
    ),
    (
        "Federal Senior Health (simulated Medicare)",
        "FSH",
        r"\d[A-Z][A-Z0-9]\d[A-Z][A-Z0-9]\d[A-Z]{2}\d{2}",
        "1EG4TE5MK73",
        "(800) 555-0133",
        [("Part B", "Medicare", (0, 0, 0, 0), 25700, 20, False, False)],
    ),
    (
        "Lakeshore Medicaid (simulated)",
        "LKM",
        r"[A-Z]{2}\d{8}",
        "OH48210377",
        "(800) 555-0155",
        [("Lakeshore Community Plan", "Medicaid", (0, 0, 0, 0), 0, 0, True, True)],
    ),
]
# Share of patients under 65 on each payer (index into PAYERS), the rest self-pay.
PAYER_MIX = [(0, 0.42), (1, 0.25), (3, 0.20)]

ALLERGIES = [
    ("Penicillin", "Hives", "moderate"),
    ("Sulfa drugs", "Rash", "mild"),
    ("Latex", "Contact dermatitis", "moderate"),
    ("Peanuts", "Anaphylaxis", "severe"),
    ("Codeine", "Nausea and vomiting", "mild"),
    ("Shellfish", "Swelling of lips", "severe"),
    ("Ibuprofen", "Stomach upset", "mild"),
    ("Bee stings", "Anaphylaxis", "severe"),
]

# ICD-10-CM, description, minimum age, medication (name, dose, frequency) or None
CONDITIONS: list[tuple[Any, ...]] = [
    ("I10", "Essential (primary) hypertension", 35, ("Lisinopril", "10 mg", "once daily")),
    (
        "E11.9",
        "Type 2 diabetes mellitus without complications",
        35,
        ("Metformin", "500 mg", "twice daily"),
    ),
    (
        "E78.5",
        "Hyperlipidemia, unspecified",
        40,
        ("Atorvastatin", "20 mg", "once daily at bedtime"),
    ),
    (
        "J45.909",
        "Unspecified asthma, uncomplicated",
        4,
        ("Albuterol HFA", "90 mcg, 2 puffs", "every 4-6 hours as needed"),
    ),
    ("F41.1", "Generalized anxiety disorder", 16, ("Sertraline", "50 mg", "once daily")),
    (
        "K21.9",
        "Gastro-esophageal reflux disease without esophagitis",
        25,
        ("Omeprazole", "20 mg", "once daily before breakfast"),
    ),
    ("E03.9", "Hypothyroidism, unspecified", 30, ("Levothyroxine", "75 mcg", "once daily")),
    ("M54.50", "Low back pain, unspecified", 20, None),
]

LABS: dict[str, list[tuple[str, str, str, tuple[float, float]]]] = {
    "E11.9": [("Hemoglobin A1c", "%", "4.0-5.6", (5.8, 9.5))],
    "E78.5": [("LDL cholesterol", "mg/dL", "<100", (85, 190))],
    "I10": [("Basic metabolic panel: potassium", "mmol/L", "3.5-5.1", (3.4, 5.3))],
    "E03.9": [("TSH", "mIU/L", "0.4-4.0", (0.3, 6.5))],
}
IMAGING = [
    ("Chest X-ray, 2 views", "No acute cardiopulmonary process."),
    ("Lumbar spine X-ray", "Mild degenerative changes at L4-L5. No fracture."),
    ("Right ankle X-ray", "No fracture or dislocation. Soft tissue swelling laterally."),
]

# CPT/HCPCS code -> the clinic's charge in cents (one price for every payer, as offices
# do); descriptions are ours (domain.codes.CPT).
CHARGES = {
    "99202": 11000,
    "99203": 16500,
    "99204": 25000,
    "99205": 32000,
    "99211": 4500,
    "99212": 8000,
    "99213": 13000,
    "99214": 19000,
    "99215": 26000,
    "99395": 21000,
    "99396": 23000,
    "99397": 25000,
    "99392": 18000,
    "99393": 19000,
    "99394": 20000,
    "87880": 3500,
    "93000": 6000,
    "36415": 2000,
    "81002": 1500,
    "90471": 3000,
    "17110": 15000,
    "96372": 4500,
    "90686": 4000,
    "87804": 4000,
    "82962": 1500,
    "J0897": 2800,
}
# Each payer's fee schedule: what it allows per code (the contract price; the rest of the
# charge is the CO-45 write-down). A share of the clinic's charge, with the amounts the
# revenue-cycle scenarios quote set exactly.
ALLOWED_PERCENT = {"MRH": 75, "KSC": 70, "FSH": 62, "LKM": 55}
ALLOWED_EXACT = {
    "MRH": {"99213": 9800, "93000": 4000, "17110": 11800, "99396": 18200, "87880": 2400},
    "KSC": {"99213": 9000, "87880": 2200},
}
FEE_SCHEDULES: dict[str, dict[str, int]] = {
    payer: {
        code: ALLOWED_EXACT.get(payer, {}).get(code, cents * percent // 100)
        for code, cents in CHARGES.items()
    }
    for payer, percent in ALLOWED_PERCENT.items()
}
FEES = {code: (CPT[code], cents) for code, cents in CHARGES.items()}
VISIT_CODES = {
    "FU": ["99213", "99214"],
    "SICK": ["99213", "99212"],
    "NEW": ["99203", "99204"],
    "TELE": ["99212", "99213"],
    "EST30": ["99214"],
}
SICK_REASONS = [
    ("J06.9", "Sore throat and cough"),
    ("J06.9", "Cold symptoms for a week"),
    ("R51.9", "Headache"),
    ("N39.0", "Burning on urination"),
    ("H66.90", "Ear pain"),
    ("R21", "Rash on arms"),
]
CANCEL_REASONS = [
    "Patient ill",
    "Work conflict",
    "Transportation problem",
    "Feeling better",
    "Weather",
    "Childcare",
]
LANGUAGES = [
    ("English", 0.86),
    ("Spanish", 0.08),
    ("Somali", 0.02),
    ("Vietnamese", 0.02),
    ("Arabic", 0.02),
]
CITIES = [
    ("Columbus", "432"),
    ("Westerville", "430"),
    ("Dublin", "430"),
    ("Hilliard", "430"),
    ("Grove City", "431"),
    ("Reynoldsburg", "430"),
    ("Gahanna", "432"),
    ("Worthington", "430"),
]
