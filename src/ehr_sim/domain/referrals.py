"""Referrals and prior authorisation: the rules, as pure functions of plain values.

A referral is the PCP's order for a specialist: who refers, to whom, why (diagnosis and
reason), how many visits and until when. HMO plans (`requires_referral`) pay for specialist
care only through one that is valid on the visit date. A prior authorisation is the payer's
permission for a service (CPT codes) before it is done; the approved number goes on the
claim (CMS-1500 item 23). The payer is simulated: its answer follows from the request alone,
so the same request always gets the same answer.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class ReferralStatus(StrEnum):
    """Where a referral is, in the order it usually moves."""

    ORDERED = "ordered"  # written from the provider's order, not sent yet
    SENT = "sent"  # packet faxed to the specialist
    SCHEDULED = "scheduled"  # the specialist's office booked the patient
    SEEN = "seen"  # the patient saw the specialist
    CONSULT_RECEIVED = "consult_received"  # the consult note came back and is filed
    CLOSED = "closed"  # loop closed (or nothing more will come)
    DENIED = "denied"  # the plan refused the referral


REFERRAL_STATUS_WORDS: dict[str, str] = {
    "ordered": "ordered",
    "sent": "sent",
    "scheduled": "scheduled",
    "seen": "seen",
    "consult_received": "consult note received",
    "closed": "closed",
    "denied": "denied by the plan",
}
# Statuses a trainee may set with UpdateReferral, and which ones each may follow.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    "ordered": frozenset({"closed"}),
    "sent": frozenset({"scheduled", "seen", "closed"}),
    "scheduled": frozenset({"scheduled", "seen", "closed"}),
    "seen": frozenset({"closed"}),
    "consult_received": frozenset({"closed"}),
    "closed": frozenset(),
    "denied": frozenset({"closed"}),
}
# Statuses in which a referral still covers a specialist visit.
COVERING = frozenset({"ordered", "sent", "scheduled", "seen", "consult_received"})
# Statuses that wait for something to come back from the specialist.
WAITING = frozenset({"sent", "scheduled", "seen"})
FOLLOW_UP_DAYS = 14
MAX_VISITS = 12
MAX_VALID_DAYS = 366


class AuthStatus(StrEnum):
    SUBMITTED = "submitted"  # with the payer, no answer read yet
    PENDED = "pended"  # the payer wants more information
    APPROVED = "approved"
    DENIED = "denied"


AUTH_STATUS_WORDS: dict[str, str] = {
    "submitted": "submitted, waiting for the payer",
    "pended": "pended for information",
    "approved": "approved",
    "denied": "denied",
}
AUTH_VALID_DAYS = 60
RETRO_AUTH_DAYS = 30
"""The simulated payers authorise a service already given (a retro request) up to this many
calendar days after its date, with complete clinical records; after that only an appeal."""
# Services payers commonly want authorised first, in our own words (CPT descriptors are
# licensed): code -> short description.
AUTH_SERVICES: dict[str, str] = {
    "72148": "MRI lumbar spine without contrast",
    "72158": "MRI lumbar spine without, then with contrast",
    "70553": "MRI brain without, then with contrast",
    "73721": "MRI knee joint without contrast",
    "74177": "CT abdomen and pelvis with contrast",
    "78452": "Nuclear heart stress test, multiple studies",
    "95810": "Overnight sleep study in a lab",
}

# Specialties that are primary care: an HMO patient sees them without a referral.
PRIMARY_CARE = frozenset(
    {
        "family medicine",
        "internal medicine",
        "pediatrics",
        "family nurse practitioner",
        "general practice",
    }
)


def is_specialist(specialty: str) -> bool:
    """A provider whose visits an HMO treats as specialist care (not primary care)."""
    return specialty.strip().lower() not in PRIMARY_CARE


@dataclass(frozen=True)
class ReferralFacts:
    """What the booking rule needs to know of one referral on file."""

    specialty: str
    status: str
    valid_from: date
    valid_to: date
    visits: int
    visits_used: int = 0
    specialist_npi: str = ""


def covers(referral: ReferralFacts, specialty: str, on: date, npi: str = "") -> bool:
    """Whether `referral` covers a visit in `specialty` (with the provider `npi`, when the
    referral names one) on `on`."""
    return (
        referral.status in COVERING
        and referral.specialty.strip().lower() == specialty.strip().lower()
        and (not npi or not referral.specialist_npi or referral.specialist_npi == npi)
        and referral.valid_from <= on <= referral.valid_to
        and referral.visits_used < referral.visits
    )


def specialist_visit_problem(
    *,
    requires_referral: bool,
    specialty: str,
    visit_date: date,
    referrals: Iterable[ReferralFacts],
    npi: str = "",
) -> str | None:
    """Why a visit may not be paid for lack of a referral, in plain words; None when it is fine.

    The booking screen warns with it (the visit is still booked: the patient may pay
    themselves, or the referral may come before the visit); the payer denies such a claim
    with CO-242."""
    if not requires_referral or not is_specialist(specialty):
        return None
    if any(covers(r, specialty, visit_date, npi) for r in referrals):
        return None
    return (
        f"The patient's plan needs a PCP referral for {specialty} visits, and none on file "
        f"covers {visit_date:%m/%d/%Y}: without one the plan will deny the visit (CO-242)."
    )


def validity_problem(valid_from: date, valid_to: date, visits: int) -> str | None:
    """Why a referral's dates or visit count cannot be right, in plain words; None if fine."""
    if visits < 1:
        return "A referral allows at least one visit."
    if visits > MAX_VISITS:
        return f"A referral allows at most {MAX_VISITS} visits; ask the provider for a new one."
    if valid_to < valid_from:
        return "The referral ends before it starts: check the validity dates."
    if (valid_to - valid_from).days > MAX_VALID_DAYS:
        return "A referral is valid for a year at most: check the validity dates."
    return None


def network_warning(specialist: str, plan: str, in_network: bool | None) -> str | None:
    """The plain warning for a referral outside the patient's plan network; None inside it."""
    if in_network:
        return None
    if in_network is None:
        return f"{specialist}'s network status for {plan} is not on file: check it with the plan."
    return (
        f"{specialist} is out of network for {plan}: the plan will not pay for a non-emergency "
        "visit there. Offer an in-network specialist, or tell the patient they would pay "
        "themselves."
    )


def _digits(*parts: object, length: int = 8) -> str:
    value = zlib.crc32("|".join(str(p) for p in parts).encode())
    return f"{value % 10**length:0{length}d}"


def referral_number(payer_code: str, patient_id: int, specialist_id: int, on: date) -> str:
    """The number the plan gives a referral it records (deterministic)."""
    return f"{payer_code[:3].upper()}R{_digits(patient_id, specialist_id, on)}"


def follow_up_due(sent_on: date, days: int = FOLLOW_UP_DAYS) -> date:
    return sent_on + timedelta(days=days)


def needs_follow_up(status: str, due: date | None, today: date) -> bool:
    """A referral nothing has come back on by its follow-up date."""
    return status in WAITING and due is not None and due <= today


# Prior authorisation --------------------------------------------------------------------


def cpt_problem(codes: Sequence[str]) -> str | None:
    """Why a request's procedure codes cannot go to the payer; None when they can."""
    if not codes:
        return "A prior authorisation request needs the CPT/HCPCS codes of the service."
    for code in codes:
        bare = code.strip().upper()
        if not (len(bare) == 5 and bare[:4].isdigit() and bare[4].isalnum()) and not (
            len(bare) == 5 and bare[0].isalpha() and bare[1:].isdigit()
        ):
            return f"{code!r} is not a CPT or HCPCS code (five characters, such as 72148)."
    return None


@dataclass(frozen=True)
class AuthDecision:
    """The simulated payer's answer to a prior authorisation request."""

    status: AuthStatus
    reason: str
    number: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


def decide_prior_auth(
    *,
    payer_code: str,
    patient_id: int,
    codes: Sequence[str],
    icd10: str,
    clinical_reason: str,
    attachments: Sequence[str],
    decided_on: date,
    service_date: date | None = None,
) -> AuthDecision:
    """The payer's answer, the same for the same request:

    - a service already given (`service_date`, a retro request) more than RETRO_AUTH_DAYS
      before the decision: denied, only an appeal is left;
    - no clinical notes attached: pended, asking for them;
    - a screening or encounter diagnosis (Z codes) for the service: denied, not medically
      necessary;
    - otherwise approved for those codes, with a number, valid 60 days from the decision
      (from the date of service, for a retro request)."""
    if service_date is not None and (decided_on - service_date).days > RETRO_AUTH_DAYS:
        return AuthDecision(
            AuthStatus.DENIED,
            f"Denied: the service on {service_date:%m/%d/%Y} was given more than "
            f"{RETRO_AUTH_DAYS} days ago, past the window for a retro authorisation; only an "
            "appeal can be considered now.",
        )
    if not [a for a in attachments if a.strip()]:
        return AuthDecision(
            AuthStatus.PENDED,
            "Pended: send the clinical notes that support the request (office notes, "
            "therapy or test results).",
        )
    if icd10.strip().upper().startswith("Z") or len(clinical_reason.strip()) < 10:
        return AuthDecision(
            AuthStatus.DENIED,
            "Denied: the diagnosis and notes do not show the service is medically necessary "
            "(CO-50 if it is done anyway). The provider may appeal with more documentation.",
        )
    number = f"{payer_code[:3].upper()}A{_digits(patient_id, *sorted(codes), decided_on)}"
    start = min(service_date, decided_on) if service_date is not None else decided_on
    return AuthDecision(
        AuthStatus.APPROVED,
        f"Approved for {', '.join(codes)}, valid {start:%m/%d/%Y} to "
        f"{start + timedelta(days=AUTH_VALID_DAYS):%m/%d/%Y}.",
        number,
        start,
        start + timedelta(days=AUTH_VALID_DAYS),
    )


@dataclass(frozen=True)
class AuthFacts:
    status: str
    codes: tuple[str, ...]
    number: str
    valid_from: date | None
    valid_to: date | None


def auth_number_for(cpt: str, on: date, auths: Iterable[AuthFacts]) -> str | None:
    """The approved number that covers `cpt` on `on` (for claim item 23), or None."""
    for auth in auths:
        if (
            auth.status == AuthStatus.APPROVED
            and cpt.strip().upper() in auth.codes
            and auth.valid_from is not None
            and auth.valid_to is not None
            and auth.valid_from <= on <= auth.valid_to
        ):
            return auth.number
    return None
