"""Billing codes and what they mean, in our own words: CARC, RARC, group and frequency codes,
CPT short descriptions, and ICD-10-CM lookups from the packaged public table.

CPT descriptors and the X12 code texts are licensed or long; the meanings here are written
for a trainee. ICD-10-CM comes from the `simple-icd-10-cm` package (the public CDC/CMS
tabular list), loaded on first use because reading it takes a second or two.
"""

from __future__ import annotations

import threading
import warnings
from types import ModuleType

from ehr_sim.domain.claims import Frequency

GROUP_CODES: dict[str, str] = {
    "CO": "Contractual obligation: the provider's contract with the payer covers this amount; "
    "the patient may not be billed for it.",
    "PR": "Patient responsibility: the patient owes this amount (deductible, coinsurance, "
    "co-payment or a service the plan does not cover).",
    "OA": "Other adjustment: neither the provider's contract nor the patient (often a "
    "duplicate or another payer's share).",
    "PI": "Payer-initiated reduction: the payer reduced the amount for its own reasons; "
    "the patient may not be billed for it.",
}

# CARC -> (what it means, the usual front-office fix)
CARC: dict[str, tuple[str, str]] = {
    "1": ("Deductible: the patient has not yet met the plan's deductible.", "Bill the patient."),
    "2": (
        "Coinsurance: the patient's percentage share of the allowed amount.",
        "Bill the patient.",
    ),
    "3": ("Co-payment: the fixed amount the patient pays for this kind of visit.", "Collect it."),
    "4": (
        "The procedure code does not fit the modifier sent, or a required modifier is missing.",
        "Correct the modifier and send a replacement claim.",
    ),
    "11": (
        "The diagnosis does not support the procedure billed.",
        "Check the codes and diagnosis pointers with the coder, then resubmit.",
    ),
    "15": (
        "The prior authorization number is missing, invalid or not for this service.",
        "Add the right number (item 23) and send a replacement claim.",
    ),
    "16": (
        "The claim lacks information or has a submission or billing error; a remark code "
        "says what.",
        "Read the remark code, correct that field, and send a replacement claim.",
    ),
    "18": (
        "Exact duplicate of a claim or service the payer already has.",
        "Do not send it again: check the status of the original claim.",
    ),
    "22": (
        "Another payer may be primary (coordination of benefits).",
        "Confirm the coverage order with the patient; bill the primary payer first.",
    ),
    "23": (
        "What the earlier payer already paid or adjusted (the secondary payer's view of it).",
        "Nothing to fix: post it as the primary payer's share.",
    ),
    "27": (
        "The service was outside the coverage's dates (before it began or after it ended).",
        "Check the eligibility history; bill the right payer or the patient.",
    ),
    "29": (
        "The time limit for filing the claim has passed.",
        "Appeal only with proof the claim was filed on time; otherwise write it off.",
    ),
    "31": (
        "The payer cannot identify the patient as its insured.",
        "Compare member ID, name and date of birth with the card; correct and resubmit.",
    ),
    "45": (
        "The charge is above the payer's fee schedule: the contractual write-down.",
        "Post the adjustment; never bill the patient for it.",
    ),
    "50": (
        "The payer judged the service not medically necessary.",
        "Appeal with the clinical notes; bill the patient only with a signed waiver.",
    ),
    "96": (
        "A charge the plan does not cover; a remark code usually says why.",
        "Read the remark; bill the patient only if the plan makes it their responsibility.",
    ),
    "97": (
        "Paid as part of another service on the claim (bundled).",
        "Check bundling and modifiers; otherwise adjust it off.",
    ),
    "109": (
        "This payer does not cover the claim: send it to the correct payer.",
        "Find the right payer and bill it.",
    ),
    "197": (
        "Prior authorization or pre-certification was required and is absent.",
        "Obtain the authorization if the payer allows it after the fact, or appeal.",
    ),
    "204": (
        "The patient's current benefit plan does not cover this service.",
        "Check the plan's benefits; the patient may be responsible.",
    ),
    "242": (
        "Services not provided by network or primary care providers (referral absent).",
        "Obtain the PCP referral (items 17/17b) and resubmit.",
    ),
}

# RARC -> what it adds to the reason code
RARC: dict[str, str] = {
    "N382": "The patient identifier (member ID) is missing, incomplete or invalid.",
    "MA130": "The claim has missing or invalid information and could not be processed, so "
    "there are no appeal rights: send a corrected claim.",
    "N290": "The rendering provider's identifier (NPI) is missing, incomplete or invalid.",
    "M51": "A procedure code is missing, incomplete or invalid.",
    "M76": "A diagnosis is missing, incomplete or invalid.",
    "N130": "See the plan's benefit documents for limits on this service.",
    "N54": "The claim does not match the services that were authorized in advance.",
    "N30": "The patient is not eligible for this service.",
    "M86": "Already paid for the same or a similar service within the allowed time frame.",
    "N20": "Not payable together with another service given on the same date.",
    "MA04": "A secondary payment needs the primary payer's name and payment details.",
    "N286": "The referring provider's identifier is missing, incomplete or invalid.",
    "N115": "The decision follows a local coverage determination (the payer's coverage rules).",
    "N211": "This decision may not be appealed.",
    "M127": "The patient's medical record for this service is missing.",
}

FREQUENCIES: dict[int, tuple[str, str]] = {
    Frequency.ORIGINAL: (
        "1 — Original",
        "A first claim for this service. Right after a rejection (the claim never reached "
        "processing). Sent again for a service the payer already processed, it is a "
        "duplicate and is denied (CO-18).",
    ),
    Frequency.REPLACEMENT: (
        "7 — Replacement of a prior claim",
        "Corrects a claim the payer processed (for example after a denial). Needs the "
        "payer's claim number from the remittance; the replacement carries today's "
        "coverage and corrections and takes the place of the original.",
    ),
    Frequency.VOID: (
        "8 — Void/cancel of a prior claim",
        "Cancels a claim the payer processed (sent in error, wrong patient or payer). "
        "Needs the payer's claim number; nothing replaces it.",
    ),
}

# CPT/HCPCS -> our own short description (CPT descriptors are licensed).
CPT: dict[str, str] = {
    "99202": "New patient office visit, straightforward",
    "99203": "New patient office visit, low complexity",
    "99204": "New patient office visit, moderate complexity",
    "99205": "New patient office visit, high complexity",
    "99212": "Established patient office visit, straightforward",
    "99213": "Established patient office visit, low complexity",
    "99214": "Established patient office visit, moderate complexity",
    "99215": "Established patient office visit, high complexity",
    "99392": "Preventive visit, established patient, age 1-4",
    "99393": "Preventive visit, established patient, age 5-11",
    "99394": "Preventive visit, established patient, age 12-17",
    "99395": "Preventive visit, established patient, age 18-39",
    "99396": "Preventive visit, established patient, age 40-64",
    "99397": "Preventive visit, established patient, 65 and over",
    "93000": "Electrocardiogram (ECG) with tracing and report",
    "36415": "Drawing blood from a vein",
    "81002": "Urine dipstick test, by hand, no microscope",
    "87880": "Rapid strep test",
    "90471": "Giving one vaccine by injection",
    "99211": "Established patient office visit, may not need the provider present",
    "17110": "Destroying benign skin lesions such as warts, up to 14",
    "96372": "Injection of a drug under the skin or into a muscle",
    "90686": "Flu vaccine, preservative free, for injection",
    "87804": "Rapid flu test",
    "82962": "Blood glucose by a home-type meter",
    "J0897": "Injection, denosumab, per 1 mg",
}

# Evaluation and management (office and preventive visits): modifier 25 goes on these.
EM_CODES = frozenset(code for code in CPT if code.startswith("992") or code.startswith("993"))
# Tests a CLIA-waived office lab may run; a payer may want QW on them.
CLIA_WAIVED = frozenset({"87880", "87804", "82962", "81002"})

# Modifier -> our short description of when it is used.
MODIFIERS: dict[str, str] = {
    "25": "A separate, significant office visit on the same day as a procedure "
    "(goes on the visit code).",
    "59": "A distinct procedure, not part of another one billed that day (never on a visit code).",
    "QW": "A test done under a CLIA waiver (only on a waived lab test).",
    "GA": "A signed waiver of liability (ABN) is on file (Medicare).",
}


def describe_group(code: str) -> str:
    """What a group code (CO, PR, OA, PI) means for who pays."""
    key = code.strip().upper()
    return GROUP_CODES.get(key, f"Group code {key or '?'} is not one EHR Sim knows.")


def _carc_key(code: str) -> str:
    key = code.strip().upper()
    if "-" in key:  # "CO-16" -> "16"
        key = key.split("-", 1)[1]
    return key.lstrip("0") or key


def describe_carc(code: str) -> str:
    """What a Claim Adjustment Reason Code means ('16' or 'CO-16')."""
    key = _carc_key(code)
    found = CARC.get(key)
    if found is None:
        return f"Reason code {key}: not in EHR Sim's list; look it up in the payer's code list."
    return found[0]


def carc_fix(code: str) -> str:
    """The usual front-office fix for a CARC, or '' when EHR Sim does not know the code."""
    found = CARC.get(_carc_key(code))
    return found[1] if found else ""


def describe_rarc(code: str) -> str:
    """What a Remittance Advice Remark Code adds (for example N382)."""
    key = code.strip().upper()
    return RARC.get(
        key, f"Remark code {key}: not in EHR Sim's list; look it up in the payer's code list."
    )


def describe_frequency(code: int) -> str:
    """'7 — Replacement of a prior claim'."""
    found = FREQUENCIES.get(code)
    return found[0] if found else f"{code} — not a claim frequency code EHR Sim uses"


def describe_cpt(code: str) -> str:
    return CPT.get(code.strip().upper(), "")


def describe_modifier(code: str) -> str:
    return MODIFIERS.get(code.strip().upper(), "")


# ICD-10-CM ---------------------------------------------------------------------------

_icd_lock = threading.Lock()
_icd_table: ModuleType | None = None


def _icd10() -> ModuleType:
    """The ICD-10-CM table, read from the package on first use (once per process)."""
    global _icd_table
    with _icd_lock:
        if _icd_table is None:
            with warnings.catch_warnings():
                # The package reads its data with importlib.resources.read_text, which
                # Python 3.11 marks as deprecated; nothing for us to act on.
                warnings.simplefilter("ignore", DeprecationWarning)
                import simple_icd_10_cm  # type: ignore[import-untyped]
            _icd_table = simple_icd_10_cm
        return _icd_table


def load_icd10() -> None:
    """Read the ICD-10-CM table now (for example when the billing view is first shown)."""
    _icd10()


def icd10_for_claim(code: str) -> str:
    """The claim-ready form: upper case, no dot, no spaces ('e11.9 ' -> 'E119')."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def icd10_with_dot(code: str) -> str:
    """The form people read: a dot after the third character ('E119' -> 'E11.9')."""
    bare = icd10_for_claim(code)
    return f"{bare[:3]}.{bare[3:]}" if len(bare) > 3 else bare


def _in_table(code: str) -> bool:
    bare = icd10_for_claim(code)
    return 3 <= len(bare) <= 7 and bare.isalnum() and bool(_icd10().is_valid_item(bare))


def icd10_description(code: str) -> str | None:
    """The table's description of a code (with or without the dot); None if it is not a code."""
    if not _in_table(code):
        return None
    return str(_icd10().get_description(icd10_for_claim(code)))


def is_valid_icd10(code: str) -> bool:
    """A billable ICD-10-CM code: in the table and at its most specific level."""
    return _in_table(code) and bool(_icd10().is_leaf(icd10_for_claim(code)))


def icd10_problem(code: str) -> str | None:
    """Why a code cannot go on a claim, in plain words; None when it can."""
    shown = icd10_with_dot(code)
    if not _in_table(code):
        return f"{shown or 'This'} is not an ICD-10-CM code: check it against the chart."
    if is_valid_icd10(code):
        return None
    children = [icd10_with_dot(c) for c in _icd10().get_children(icd10_for_claim(code))]
    more = f" such as {', '.join(children[:3])}" if children else ""
    return f"{shown} is a heading, not a billable code: use a more specific code{more}."


def icd10_specificity_warning(code: str) -> str | None:
    """A billable but unspecified code: worth a second look at the chart, not a refusal."""
    description = icd10_description(code)
    if description is None or not is_valid_icd10(code):
        return None
    if "unspecified" in description.lower():
        return (
            f"{icd10_with_dot(code)} ({description}) is billable but unspecified: if the "
            "visit note says more (type, side, cause), use the more specific code."
        )
    return None
