"""X12 files the billing office sends and receives: the 837P claim batch (005010X222A1) and the
835 remittance (005010X221A1), written from plain dataclasses.

The writers are pure: data in, text out. They refuse (with `X12Problem`) what would make a file a
payer turns back: a frequency code other than 1/7/8, a replacement or void without the original
claim number, a diagnosis pointer to no diagnosis, an 835 that does not balance. Amounts are
integer cents; the text carries them as plain decimals (13500 -> 135, 2960 -> 29.6).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

ELEMENT = "*"
REPETITION = "^"
COMPONENT = ":"
SEGMENT = "~"
FREQUENCIES = (1, 7, 8)  # original, replacement, void
MAX_DIAGNOSES = 12
MAX_LINES = 50
MAX_POINTERS = 4
MAX_MODIFIERS = 4
PATIENT_CONTROL_MAX = 20
ADJUSTMENT_GROUPS = ("CO", "PR", "OA", "PI")
# The relationship of a dependent patient to the subscriber (PAT01); "18" is self.
SELF = "18"


class X12Problem(ValueError):
    """A claim or remittance that cannot be written as a valid X12 file; says which and why."""


# -- shared values ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    zip_code: str
    line2: str = ""


@dataclass(frozen=True)
class Envelope:
    """Who sends the interchange to whom, its control number and when it was made."""

    sender_id: str
    receiver_id: str
    control_number: int
    created_at: datetime
    production: bool = False  # ISA15: P production, T test


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    middle_name: str = ""
    dob: date | None = None
    sex: str = "U"  # F, M or U
    address: Address | None = None


# -- 837P ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Submitter:
    name: str
    etin: str  # the submitter's ID at the clearinghouse
    contact: str
    phone: str  # digits only


@dataclass(frozen=True)
class Receiver:
    name: str
    receiver_id: str


@dataclass(frozen=True)
class BillingProvider:
    name: str
    npi: str
    tax_id: str  # EIN, nine digits
    address: Address
    taxonomy: str = ""


@dataclass(frozen=True)
class RenderingProvider:
    last_name: str
    first_name: str
    npi: str
    taxonomy: str = ""


@dataclass(frozen=True)
class Subscriber:
    """The insured: their member ID, group, plan type, and how the patient is related to them."""

    person: Person
    member_id: str
    payer_name: str
    payer_id: str
    group_number: str = ""
    filing_indicator: str = "CI"  # SBR09: CI, 12 (PPO), HM, MB, MC...
    responsibility: str = "P"  # SBR01: P primary, S secondary, T tertiary
    patient_relationship: str = SELF  # PAT01 when not "18"


@dataclass(frozen=True)
class ServiceLine:
    procedure: str  # CPT/HCPCS
    charge_cents: int
    service_date: date
    pointers: tuple[int, ...]  # 1-based positions in the claim's diagnoses
    units: int = 1
    modifiers: tuple[str, ...] = ()
    place_of_service: str = ""  # only when it differs from the claim's


@dataclass(frozen=True)
class ProfessionalClaim:
    """One claim (loop 2300) with its patient, subscriber, payer and lines."""

    patient_control_number: str
    patient: Person
    subscriber: Subscriber
    diagnoses: tuple[str, ...]  # ICD-10-CM, principal first; written without the dot
    lines: tuple[ServiceLine, ...]
    frequency: int = 1
    original_claim_number: str = ""  # the payer's number of the claim replaced or voided
    place_of_service: str = "11"
    prior_auth_number: str = ""
    rendering: RenderingProvider | None = None

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)


@dataclass(frozen=True)
class ClaimBatch:
    """Everything one 837P interchange carries: one billing provider's claims."""

    envelope: Envelope
    submitter: Submitter
    receiver: Receiver
    billing: BillingProvider
    claims: tuple[ProfessionalClaim, ...]
    batch_id: str = "1"


# -- 835 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Adjustment:
    group: str  # CO, PR, OA, PI
    reason: str  # CARC
    amount_cents: int


@dataclass(frozen=True)
class PaidLine:
    """One service line as the payer paid it (loop 2110)."""

    procedure: str
    charge_cents: int
    paid_cents: int
    service_date: date
    units: int = 1
    modifiers: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARCs


@dataclass(frozen=True)
class PaidClaim:
    """One claim as the payer processed it (loop 2100): CLP, CAS, patient, lines."""

    patient_control_number: str
    status: str  # CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal
    charge_cents: int
    paid_cents: int
    filing_indicator: str  # CLP06: 12, HM, MB, MC...
    payer_claim_number: str
    patient: Person
    member_id: str
    frequency: int = 1
    place_of_service: str = "11"
    adjustments: tuple[Adjustment, ...] = ()  # claim-level CAS
    lines: tuple[PaidLine, ...] = ()

    @property
    def patient_responsibility_cents(self) -> int:
        every = self.adjustments + tuple(a for line in self.lines for a in line.adjustments)
        return sum(a.amount_cents for a in every if a.group == "PR")


@dataclass(frozen=True)
class ProviderAdjustment:
    """A PLB entry: positive takes money back (recoupment), negative adds (interest)."""

    reason: str  # WO, L6, FB, ...
    reference: str
    amount_cents: int


@dataclass(frozen=True)
class Payer:
    name: str
    payer_id: str
    address: Address
    phone: str  # digits only
    tax_id: str  # nine digits; TRN03 is "1" followed by it
    contact: str = "PROVIDER SERVICES"


@dataclass(frozen=True)
class Payee:
    name: str
    npi: str


@dataclass(frozen=True)
class Payment:
    """One check or EFT from one payer to the practice, with the claims it pays (one ST..SE)."""

    payer: Payer
    payee: Payee
    paid_on: date
    trace_number: str  # the check or EFT number (TRN02)
    claims: tuple[PaidClaim, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    fiscal_period_end: date | None = None  # PLB02 (default: paid_on)
    method: str = "CHK"

    @property
    def total_cents(self) -> int:
        """BPR02: what the check is for, the claims' payments less the provider adjustments."""
        return sum(c.paid_cents for c in self.claims) - sum(
            p.amount_cents for p in self.provider_adjustments
        )


@dataclass(frozen=True)
class RemittanceFile:
    envelope: Envelope
    payments: tuple[Payment, ...]


# -- text helpers ----------------------------------------------------------------------------
def amount(cents: int) -> str:
    """Cents as an X12 decimal: 13500 -> '135', 2960 -> '29.6', -2500 -> '-25'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}" if part == 0 else f"{sign}{whole}.{part:02d}".rstrip("0")


def clean(text: str) -> str:
    """Upper case ASCII with no delimiters, single spaces and no spaces at either end."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.upper().translate(_NO_DELIMITERS).split())


_NO_DELIMITERS = str.maketrans(dict.fromkeys(ELEMENT + REPETITION + COMPONENT + SEGMENT, " "))


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def npi_ok(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit over the 80840 prefix (CMS)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 24  # what the 80840 prefix adds
    for i, ch in enumerate(reversed(npi[:9])):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(npi[9])


def diagnosis_code(code: str) -> str:
    """ICD-10-CM as a claim carries it: upper case, no dot ('J06.9' -> 'J069')."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def _segment(*elements: str) -> str:
    items = list(elements)
    while len(items) > 1 and items[-1] == "":
        items.pop()
    return ELEMENT.join(items) + SEGMENT


def _composite(*parts: str) -> str:
    items = list(parts)
    while len(items) > 1 and items[-1] == "":
        items.pop()
    return COMPONENT.join(items)


def _d8(day: date) -> str:
    return f"{day:%Y%m%d}"


def _zip(text: str) -> str:
    return digits(text)


def _isa(envelope: Envelope, sender: str, receiver: str) -> str:
    created = envelope.created_at
    return _segment(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        f"{clean(sender):<15.15}",
        "ZZ",
        f"{clean(receiver):<15.15}",
        f"{created:%y%m%d}",
        f"{created:%H%M}",
        REPETITION,
        "00501",
        f"{envelope.control_number % 10**9:09d}",
        "0",
        "P" if envelope.production else "T",
        COMPONENT,
    )


def _wrap(
    envelope: Envelope,
    functional_id: str,
    version: str,
    groups: list[tuple[str, str, list[list[str]]]],
) -> str:
    """ISA, then per group (sender, receiver, transactions) GS..GE, then IEA; each transaction
    is its segments from the one after ST to the one before SE."""
    created = envelope.created_at
    control = f"{envelope.control_number % 10**9:09d}"
    out = [_isa(envelope, envelope.sender_id, envelope.receiver_id)]
    for number, (sender, receiver, transactions) in enumerate(groups, start=1):
        out.append(
            _segment(
                "GS",
                functional_id,
                clean(sender),
                clean(receiver),
                f"{created:%Y%m%d}",
                f"{created:%H%M}",
                str(number),
                "X",
                version,
            )
        )
        for st_number, body in enumerate(transactions, start=1):
            st_control = f"{st_number:04d}"
            st = (
                _segment("ST", "837", st_control, version)
                if functional_id == "HC"
                else _segment("ST", "835", st_control)  # the 835's ST03 is "not used"
            )
            out.append(st)
            out.extend(body)
            out.append(_segment("SE", str(len(body) + 2), st_control))
        out.append(_segment("GE", str(len(transactions)), str(number)))
    out.append(_segment("IEA", str(len(groups)), control))
    return "\n".join(out) + "\n"


# -- 837P ------------------------------------------------------------------------------------
def write_837(batch: ClaimBatch) -> str:
    """The batch as one 837P interchange (one ISA/GS/ST), one segment per line."""
    if not batch.claims:
        raise X12Problem("there are no claims to write")
    billing = batch.billing
    if not npi_ok(billing.npi):
        raise X12Problem(f"the billing provider's NPI {billing.npi!r} is not a valid NPI")
    if len(digits(billing.tax_id)) != 9:
        raise X12Problem(f"the billing provider's tax ID {billing.tax_id!r} is not nine digits")
    created = batch.envelope.created_at
    body = [
        _segment("BHT", "0019", "00", clean(batch.batch_id), f"{created:%Y%m%d}", f"{created:%H%M}", "CH"),
        _segment("NM1", "41", "2", clean(batch.submitter.name), "", "", "", "", "46", clean(batch.submitter.etin)),
        _segment("PER", "IC", clean(batch.submitter.contact), "TE", digits(batch.submitter.phone)),
        _segment("NM1", "40", "2", clean(batch.receiver.name), "", "", "", "", "46", clean(batch.receiver.receiver_id)),
        _segment("HL", "1", "", "20", "1"),
    ]  # fmt: skip
    if billing.taxonomy:
        body.append(_segment("PRV", "BI", "PXC", clean(billing.taxonomy)))
    body.append(_segment("NM1", "85", "2", clean(billing.name), "", "", "", "", "XX", billing.npi))
    body += _address(billing.address)
    body.append(_segment("REF", "EI", digits(billing.tax_id)))
    hl = 1
    for claim in batch.claims:
        try:
            segments, hl = _claim_segments(claim, hl)
        except X12Problem as problem:
            raise X12Problem(f"claim {claim.patient_control_number}: {problem}") from None
        body += segments
    return _wrap(
        batch.envelope, "HC", "005010X222A1", [(batch.envelope.sender_id, batch.envelope.receiver_id, [body])]
    )  # fmt: skip


def _address(address: Address) -> list[str]:
    return [
        _segment("N3", clean(address.line1), clean(address.line2)),
        _segment("N4", clean(address.city), clean(address.state), _zip(address.zip_code)),
    ]


def _name(qualifier: str, person: Person, id_qualifier: str = "", id_value: str = "") -> str:
    return _segment(
        "NM1",
        qualifier,
        "1",
        clean(person.last_name),
        clean(person.first_name),
        clean(person.middle_name),
        "",
        "",
        id_qualifier,
        clean(id_value),
    )


def _dmg(person: Person) -> list[str]:
    if person.dob is None:
        return []
    sex = person.sex.upper() if person.sex.upper() in ("F", "M") else "U"
    return [_segment("DMG", "D8", _d8(person.dob), sex)]


def check_claim(claim: ProfessionalClaim) -> None:
    """Refuse a claim a payer would turn back for its form (frequency, F8, pointers, NPI)."""
    if not claim.patient_control_number or len(claim.patient_control_number) > PATIENT_CONTROL_MAX:
        raise X12Problem(
            f"the patient control number must be 1 to {PATIENT_CONTROL_MAX} characters"
        )
    if claim.frequency not in FREQUENCIES:
        raise X12Problem(f"frequency code {claim.frequency} is not 1 (original), 7 or 8")
    if claim.frequency in (7, 8) and not claim.original_claim_number.strip():
        raise X12Problem(f"a frequency {claim.frequency} claim needs the original claim number")
    if claim.frequency == 1 and claim.original_claim_number.strip():
        raise X12Problem("an original claim (frequency 1) carries no original claim number")
    if not claim.diagnoses or len(claim.diagnoses) > MAX_DIAGNOSES:
        raise X12Problem(f"a claim needs 1 to {MAX_DIAGNOSES} diagnoses")
    if not claim.lines or len(claim.lines) > MAX_LINES:
        raise X12Problem(f"a claim needs 1 to {MAX_LINES} service lines")
    if claim.rendering is not None and not npi_ok(claim.rendering.npi):
        raise X12Problem(f"the rendering provider's NPI {claim.rendering.npi!r} is not valid")
    if claim.patient.dob is None or (
        claim.subscriber.patient_relationship == SELF and claim.subscriber.person.dob is None
    ):
        raise X12Problem("the patient's date of birth is missing")
    for who, person in (("patient", claim.patient), ("subscriber", claim.subscriber.person)):
        if not clean(person.last_name):
            raise X12Problem(f"the {who}'s last name is missing")
    if not claim.subscriber.member_id.strip():
        raise X12Problem("the subscriber's member ID is missing")
    for number, line in enumerate(claim.lines, start=1):
        if not 1 <= len(line.pointers) <= MAX_POINTERS or any(
            not 1 <= p <= len(claim.diagnoses) for p in line.pointers
        ):
            raise X12Problem(
                f"line {number}'s diagnosis pointers {list(line.pointers)} must name 1 to "
                f"{MAX_POINTERS} of the claim's {len(claim.diagnoses)} diagnoses"
            )
        if len(line.modifiers) > MAX_MODIFIERS:
            raise X12Problem(f"line {number} has more than {MAX_MODIFIERS} modifiers")
        if line.charge_cents < 0 or line.units < 1:
            raise X12Problem(f"line {number} has a negative charge or no units")


def _claim_segments(claim: ProfessionalClaim, hl: int) -> tuple[list[str], int]:
    check_claim(claim)
    sub = claim.subscriber
    is_patient = sub.patient_relationship == SELF
    parent = hl + 1
    out = [
        _segment("HL", str(parent), "1", "22", "0" if is_patient else "1"),
        _segment(
            "SBR", sub.responsibility, SELF if is_patient else "", clean(sub.group_number),
            "", "", "", "", "", clean(sub.filing_indicator),
        ),
        _name("IL", sub.person, "MI", sub.member_id),
    ]  # fmt: skip
    if sub.person.address is not None:
        out += _address(sub.person.address)
    out += _dmg(sub.person)
    out.append(
        _segment("NM1", "PR", "2", clean(sub.payer_name), "", "", "", "", "PI", clean(sub.payer_id))
    )
    hl = parent
    if not is_patient:
        hl += 1
        out += [
            _segment("HL", str(hl), str(parent), "23", "0"),
            _segment("PAT", sub.patient_relationship),
            _name("QC", claim.patient),
        ]
        if claim.patient.address is not None:
            out += _address(claim.patient.address)
        out += _dmg(claim.patient)
    out.append(
        _segment(
            "CLM",
            clean(claim.patient_control_number),
            amount(claim.total_cents),
            "",
            "",
            _composite(claim.place_of_service, "B", str(claim.frequency)),
            "Y",
            "A",
            "Y",
            "Y",
        )
    )
    if claim.prior_auth_number.strip():
        out.append(_segment("REF", "G1", clean(claim.prior_auth_number)))
    if claim.frequency in (7, 8):
        out.append(_segment("REF", "F8", clean(claim.original_claim_number)))
    codes = [diagnosis_code(c) for c in claim.diagnoses]
    out.append(
        _segment("HI", *(_composite("ABK" if i == 0 else "ABF", c) for i, c in enumerate(codes)))
    )
    rendering = claim.rendering
    if rendering is not None:
        out.append(
            _segment(
                "NM1", "82", "1", clean(rendering.last_name), clean(rendering.first_name),
                "", "", "", "XX", rendering.npi,
            )
        )  # fmt: skip
        if rendering.taxonomy:
            out.append(_segment("PRV", "PE", "PXC", clean(rendering.taxonomy)))
    for number, line in enumerate(claim.lines, start=1):
        pos = line.place_of_service if line.place_of_service != claim.place_of_service else ""
        out += [
            _segment("LX", str(number)),
            _segment(
                "SV1",
                _composite("HC", clean(line.procedure), *(clean(m) for m in line.modifiers)),
                amount(line.charge_cents),
                "UN",
                str(line.units),
                pos,
                "",
                _composite(*(str(p) for p in line.pointers)),
            ),
            _segment("DTP", "472", "D8", _d8(line.service_date)),
        ]
    return out, hl


# -- 835 -------------------------------------------------------------------------------------
def write_835(remittances: RemittanceFile) -> str:
    """The payments as one 835 interchange: a GS per payer, an ST..SE per payment."""
    if not remittances.payments:
        raise X12Problem("there are no payments to write")
    groups: dict[str, list[list[str]]] = {}
    for payment in remittances.payments:
        groups.setdefault(payment.payer.payer_id, []).append(_payment_segments(payment))
    return _wrap(
        remittances.envelope,
        "HP",
        "005010X221A1",
        [(payer, remittances.envelope.receiver_id, bodies) for payer, bodies in groups.items()],
    )


def check_balance(claim: PaidClaim) -> None:
    """Refuse a claim whose lines or total do not add up (charge - adjustments = paid)."""
    for number, line in enumerate(claim.lines, start=1):
        adjusted = sum(a.amount_cents for a in line.adjustments)
        if line.charge_cents - adjusted != line.paid_cents:
            raise X12Problem(
                f"claim {claim.patient_control_number} line {number}: charge {amount(line.charge_cents)} "
                f"less adjustments {amount(adjusted)} is not the payment {amount(line.paid_cents)}"
            )
    every = claim.adjustments + tuple(a for line in claim.lines for a in line.adjustments)
    adjusted = sum(a.amount_cents for a in every)
    if claim.charge_cents - adjusted != claim.paid_cents:
        raise X12Problem(
            f"claim {claim.patient_control_number}: charge {amount(claim.charge_cents)} less "
            f"adjustments {amount(adjusted)} is not the payment {amount(claim.paid_cents)}"
        )
    for a in every:
        if a.group not in ADJUSTMENT_GROUPS:
            raise X12Problem(f"claim {claim.patient_control_number}: group code {a.group!r}")


def _payment_segments(payment: Payment) -> list[str]:
    for claim in payment.claims:
        check_balance(claim)
    total = payment.total_cents
    if total < 0:
        raise X12Problem(f"payment {payment.trace_number} would be negative ({amount(total)})")
    payer, payee = payment.payer, payment.payee
    if not npi_ok(payee.npi):
        raise X12Problem(f"the payee's NPI {payee.npi!r} is not a valid NPI")
    method = payment.method if total else "NON"
    out = [
        _segment(
            "BPR", "I" if total else "H", amount(total), "C", method,
            "", "", "", "", "", "", "", "", "", "", "", _d8(payment.paid_on),
        ),
        _segment("TRN", "1", clean(payment.trace_number), "1" + digits(payer.tax_id)),
        _segment("DTM", "405", _d8(payment.paid_on)),
        _segment("N1", "PR", clean(payer.name)),
        *_address(payer.address),
        _segment("PER", "BL", clean(payer.contact), "TE", digits(payer.phone)),
        _segment("N1", "PE", clean(payee.name), "XX", payee.npi),
    ]  # fmt: skip
    for number, claim in enumerate(payment.claims, start=1):
        out.append(_segment("LX", str(number)))
        out += _paid_claim(claim)
    if payment.provider_adjustments:
        fiscal = payment.fiscal_period_end or payment.paid_on
        for start in range(0, len(payment.provider_adjustments), 6):
            pairs: list[str] = []
            for plb in payment.provider_adjustments[start : start + 6]:
                pairs += [
                    _composite(clean(plb.reason), clean(plb.reference)),
                    amount(plb.amount_cents),
                ]
            out.append(_segment("PLB", payee.npi, _d8(fiscal), *pairs))
    return out


def _cas(adjustments: Iterable[Adjustment]) -> list[str]:
    """One CAS per group code, up to six reason/amount pairs each."""
    by_group: dict[str, list[Adjustment]] = {}
    for a in adjustments:
        by_group.setdefault(a.group, []).append(a)
    out = []
    for group, items in by_group.items():
        for start in range(0, len(items), 6):
            triplets: list[str] = []
            for a in items[start : start + 6]:
                triplets += [clean(a.reason), amount(a.amount_cents), ""]
            out.append(_segment("CAS", group, *triplets))
    return out


def _paid_claim(claim: PaidClaim) -> list[str]:
    out = [
        _segment(
            "CLP",
            clean(claim.patient_control_number),
            claim.status,
            amount(claim.charge_cents),
            amount(claim.paid_cents),
            amount(claim.patient_responsibility_cents),
            clean(claim.filing_indicator),
            clean(claim.payer_claim_number),
            claim.place_of_service,
            str(claim.frequency),
        ),
        *_cas(claim.adjustments),
        _name("QC", claim.patient, "MI", claim.member_id),
    ]
    for line in claim.lines:
        out += [
            _segment(
                "SVC",
                _composite("HC", clean(line.procedure), *(clean(m) for m in line.modifiers)),
                amount(line.charge_cents),
                amount(line.paid_cents),
                "",
                str(line.units),
            ),
            _segment("DTM", "472", _d8(line.service_date)),
            *_cas(line.adjustments),
            *(_segment("LQ", "HE", clean(code)) for code in line.remarks),
        ]
    return out


__all__ = [
    "Address",
    "Adjustment",
    "BillingProvider",
    "ClaimBatch",
    "Envelope",
    "PaidClaim",
    "PaidLine",
    "Payee",
    "Payer",
    "Payment",
    "Person",
    "ProfessionalClaim",
    "ProviderAdjustment",
    "Receiver",
    "RemittanceFile",
    "RenderingProvider",
    "ServiceLine",
    "Submitter",
    "Subscriber",
    "X12Problem",
    "amount",
    "check_balance",
    "check_claim",
    "diagnosis_code",
    "npi_ok",
    "write_835",
    "write_837",
]
