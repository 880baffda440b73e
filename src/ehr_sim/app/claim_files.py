"""Claim files from the clinic's records: the 837P batch of claims and the 835 of remittances.

This is the seam between the records and the pure writers in `documents.x12`: it reads claims,
lines, patients, coverages, payers and providers and builds the writers' dataclasses. It never
writes to the clinic. Problems a user can act on (an unknown claim, nothing to send, a claim
whose lines do not add up) raise `ExportProblem` with a plain message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ehr_sim.app.files import WriteRefused, write_whole
from ehr_sim.documents import x12
from ehr_sim.domain.claims import DIAGNOSIS_LETTERS, ClaimStatus, split_codes
from ehr_sim.records import (
    Claim,
    ClaimLine,
    ClinicSetting,
    Coverage,
    Patient,
    Payer,
    Plan,
    Provider,
    Remittance,
)
from ehr_sim.records.database import Database

# Claims a batch sends when none are named: those the payer has not answered yet (ready to
# send, or sent). A rejected claim is fixed and sent again as a new one before it goes out.
SENDABLE_STATUSES = (ClaimStatus.READY.value, ClaimStatus.SUBMITTED.value)
CLEARINGHOUSE = x12.Receiver("Simulated Clearinghouse", "SIMCLEARING")
# The billing provider's identifiers. A clinic file may set them (clinic_settings); a generated
# clinic uses these made-up ones (the NPI has a valid check digit).
BILLING_DEFAULTS = {
    "billing_npi": "1467503821",
    "billing_tax_id": "314159265",
    "billing_taxonomy": "207Q00000X",
    "billing_zip_plus4": "2010",
    "submitter_id": "RFP0142",
}
# Health Care Provider Taxonomy codes by credential or specialty (PRV03).
TAXONOMY = {
    "Family Medicine": "207Q00000X",
    "Internal Medicine": "207R00000X",
    "Pediatrics": "208000000X",
    "NP": "363L00000X",
    "PA": "363A00000X",
}
# Claim filing indicator (SBR09 on the 837, CLP06 on the 835) by plan kind.
FILING = {"PPO": "12", "HMO": "HM", "Medicare": "MB", "Medicaid": "MC"}
# How a dependent patient is related to the subscriber (PAT01).
PATIENT_RELATIONSHIP = {"self": x12.SELF, "spouse": "01", "child": "19"}
RESPONSIBILITY = {1: "P", 2: "S", 3: "T"}


class ExportProblem(Exception):
    """The export cannot be made; the message says why in plain words. `exit_code` is 2 for
    bad input (an id the clinic does not have, an output path that cannot be written) and 1
    when there is nothing to export or a record cannot be written as X12."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Exported:
    """What was written: how many claims (or remittances) and how many bytes."""

    count: int
    size: int


# -- 837P ------------------------------------------------------------------------------------
def claim_batch(
    db: Database, claim_ids: Sequence[int] | None, *, created_at: datetime
) -> x12.ClaimBatch:
    """The 837P batch for `claim_ids` (in that order), or for every sendable claim."""
    with db.reading() as session:
        query = select(Claim).options(selectinload(Claim.lines)).order_by(Claim.id)
        if claim_ids:
            found = {c.id: c for c in session.scalars(query.where(Claim.id.in_(claim_ids)))}
            missing = [str(i) for i in claim_ids if i not in found]
            if missing:
                raise ExportProblem(f"no claim {', '.join(missing)} in this clinic", exit_code=2)
            claims = [found[i] for i in dict.fromkeys(claim_ids)]
        else:
            claims = list(session.scalars(query.where(Claim.status.in_(SENDABLE_STATUSES))))
            if not claims:
                raise ExportProblem(
                    "there are no claims waiting to be sent (name one with --claim)"
                )
        settings = _settings(session)
        people = _people(session, claims)
        built = tuple(_professional_claim(c, people) for c in claims)
    return x12.ClaimBatch(
        envelope=x12.Envelope(
            sender_id=settings["submitter_id"],
            receiver_id=CLEARINGHOUSE.receiver_id,
            control_number=control_number(created_at),
            created_at=created_at,
        ),
        submitter=x12.Submitter(
            name=settings["clinic_name"],
            etin=settings["submitter_id"],
            contact="Billing office",
            phone=x12.digits(settings["clinic_phone"]),
        ),
        receiver=CLEARINGHOUSE,
        billing=billing_provider(settings),
        claims=built,
        batch_id=f"{created_at:%Y%m%d%H%M}",
    )


def export_837(
    db: Database, out: Path, claim_ids: Sequence[int] | None, *, created_at: datetime
) -> Exported:
    """Write the 837P for `claim_ids` (or every sendable claim) to `out`, all or nothing."""
    batch = claim_batch(db, claim_ids, created_at=created_at)
    try:
        text = x12.write_837(batch)
    except x12.X12Problem as problem:
        raise ExportProblem(str(problem)) from None
    return Exported(len(batch.claims), write_atomically(out, text))


def control_number(created_at: datetime) -> int:
    """ISA13 from the time of the export (YYDDDHHMM): a new number every minute."""
    return int(f"{created_at:%y%j%H%M}")


def billing_provider(settings: dict[str, str]) -> x12.BillingProvider:
    return x12.BillingProvider(
        name=settings["clinic_name"],
        npi=settings["billing_npi"],
        tax_id=settings["billing_tax_id"],
        address=clinic_address(settings["clinic_address"], settings["billing_zip_plus4"]),
        taxonomy=settings["billing_taxonomy"],
    )


def clinic_address(text: str, zip_plus4: str = "") -> x12.Address:
    """'1200 Riverside Drive, Suite 200, Columbus, OH 43215' as an address (ZIP+4 if given)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) < 3 or len(parts[-1].split()) != 2:
        raise ExportProblem(f"the clinic's address {text!r} is not 'street, city, ST 12345'")
    state, zip_code = parts[-1].split()
    return x12.Address(
        line1=parts[0],
        line2=", ".join(parts[1:-2]),
        city=parts[-2],
        state=state,
        zip_code=zip_code + (zip_plus4 if len(x12.digits(zip_code)) == 5 else ""),
    )


@dataclass(frozen=True)
class _People:
    patients: dict[int, Patient]
    coverages: dict[int, Coverage]
    plans: dict[int, Plan]
    payers: dict[int, Payer]
    providers: dict[int, Provider]


def _people(session: Session, claims: Sequence[Claim]) -> _People:
    coverages = {
        c.id: c
        for c in session.scalars(
            select(Coverage).where(Coverage.id.in_({c.coverage_id for c in claims}))
        )
    }
    plans = {
        p.id: p
        for p in session.scalars(
            select(Plan).where(Plan.id.in_({c.plan_id for c in coverages.values()}))
        )
    }
    payer_ids = {p.payer_id for p in plans.values()}
    patient_ids = {c.patient_id for c in claims}
    provider_ids = {c.provider_id for c in claims}
    return _People(
        patients={
            p.id: p for p in session.scalars(select(Patient).where(Patient.id.in_(patient_ids)))
        },
        coverages=coverages,
        plans=plans,
        payers={p.id: p for p in session.scalars(select(Payer).where(Payer.id.in_(payer_ids)))},
        providers={
            p.id: p for p in session.scalars(select(Provider).where(Provider.id.in_(provider_ids)))
        },
    )


def _settings(session: Session) -> dict[str, str]:
    stored = {s.key: s.value for s in session.scalars(select(ClinicSetting))}
    values = {**BILLING_DEFAULTS, **stored}
    for key in ("clinic_name", "clinic_address", "clinic_phone"):
        if not values.get(key):
            raise ExportProblem(f"the clinic has no {key.replace('_', ' ')} set")
    return values


def patient_control_number(claim_id: int, mrn: str) -> str:
    """CLM01, returned on the 835 as CLP01: the patient's MRN and the claim's number."""
    number = f"{mrn}-{claim_id}"
    return number if len(number) <= x12.PATIENT_CONTROL_MAX else f"C{claim_id}"


def _person(patient: Patient) -> x12.Person:
    return x12.Person(
        last_name=patient.last_name,
        first_name=patient.first_name,
        middle_name=patient.middle_name,
        dob=patient.dob,
        sex=patient.sex,
        address=_patient_address(patient),
    )


def _patient_address(patient: Patient) -> x12.Address:
    return x12.Address(
        line1=patient.address1,
        line2=patient.address2,
        city=patient.city,
        state=patient.state,
        zip_code=patient.zip_code,
    )


def _subscriber_person(coverage: Coverage, patient: Patient) -> x12.Person:
    """The insured as the card names them; a dependent's subscriber shares their address."""
    if coverage.subscriber_relationship == "self":
        return _person(patient)
    first, _, last = coverage.subscriber_name.strip().rpartition(" ")
    return x12.Person(
        last_name=last or patient.last_name,
        first_name=first,
        dob=coverage.subscriber_dob,
        address=_patient_address(patient),
    )


def _pointer(text: str) -> int:
    """'B' (item 24E letter) or '2' -> 2."""
    text = text.strip().upper()
    if text.isdigit():
        return int(text)
    return DIAGNOSIS_LETTERS.index(text) + 1 if text in DIAGNOSIS_LETTERS else 0


def _line(line: ClaimLine, service_date: date) -> x12.ServiceLine:
    return x12.ServiceLine(
        procedure=line.cpt,
        charge_cents=line.charge_cents,
        service_date=service_date,
        pointers=tuple(_pointer(p) for p in split_codes(line.pointers)),
        units=line.units,
        modifiers=tuple(split_codes(line.modifiers)),
        place_of_service=line.place_of_service,
    )


def _professional_claim(claim: Claim, people: _People) -> x12.ProfessionalClaim:
    patient = people.patients[claim.patient_id]
    coverage = people.coverages[claim.coverage_id]
    plan = people.plans[coverage.plan_id]
    payer = people.payers[plan.payer_id]
    provider = people.providers[claim.provider_id]
    lines = tuple(_line(line, claim.service_date) for line in claim.lines)
    if sum(line.charge_cents for line in lines) != claim.total_cents:
        raise ExportProblem(
            f"claim {claim.id}: its lines add up to {x12.amount(sum(x.charge_cents for x in lines))}"
            f" but its total charge is {x12.amount(claim.total_cents)}"
        )
    relationship = PATIENT_RELATIONSHIP.get(coverage.subscriber_relationship, "G8")
    built = x12.ProfessionalClaim(
        patient_control_number=patient_control_number(claim.id, patient.mrn),
        patient=_person(patient),
        subscriber=x12.Subscriber(
            person=_subscriber_person(coverage, patient),
            member_id=claim.member_id,
            payer_name=payer.name,
            payer_id=payer.payer_code,
            group_number=coverage.group_number,
            filing_indicator=FILING.get(plan.kind, "CI"),
            responsibility=RESPONSIBILITY.get(coverage.rank, "P"),
            patient_relationship=relationship,
        ),
        diagnoses=tuple(split_codes(claim.diagnoses)),
        lines=lines,
        frequency=claim.frequency_code,
        original_claim_number=claim.original_claim_number,
        place_of_service=lines[0].place_of_service if lines else "11",
        prior_auth_number=claim.prior_auth_number,
        rendering=x12.RenderingProvider(
            last_name=provider.last_name,
            first_name=provider.first_name,
            npi=provider.npi,
            taxonomy=TAXONOMY.get(provider.credentials) or TAXONOMY.get(provider.specialty, ""),
        ),
    )
    try:
        x12.check_claim(built)
    except x12.X12Problem as problem:
        raise ExportProblem(f"claim {claim.id}: {problem}") from None
    return built


# -- 835 -------------------------------------------------------------------------------------
def remittance_file(
    db: Database, remittance_ids: Sequence[int] | None, *, created_at: datetime
) -> x12.RemittanceFile:
    """The 835 for `remittance_ids` (or every remittance): one payment per payer and day."""
    with db.reading() as session:
        query = (
            select(Remittance)
            .options(
                selectinload(Remittance.adjustments),
                selectinload(Remittance.claim).selectinload(Claim.lines),
            )
            .order_by(Remittance.received_at, Remittance.id)
        )
        if remittance_ids:
            found = {
                r.id: r for r in session.scalars(query.where(Remittance.id.in_(remittance_ids)))
            }
            missing = [str(i) for i in remittance_ids if i not in found]
            if missing:
                raise ExportProblem(
                    f"no remittance {', '.join(missing)} in this clinic", exit_code=2
                )
            remittances = [found[i] for i in dict.fromkeys(remittance_ids)]
        else:
            remittances = list(session.scalars(query))
            if not remittances:
                raise ExportProblem("this clinic has no remittances to export")
        settings = _settings(session)
        people = _people(session, [r.claim for r in remittances])
        payee = x12.Payee(settings["clinic_name"], settings["billing_npi"])
        payments: dict[tuple[int, date], list[x12.PaidClaim]] = {}
        payers: dict[int, Payer] = {}
        for remittance in remittances:
            coverage = people.coverages[remittance.claim.coverage_id]
            plan = people.plans[coverage.plan_id]
            payers[plan.payer_id] = people.payers[plan.payer_id]
            key = (plan.payer_id, remittance.received_at.date())
            payments.setdefault(key, []).append(_paid_claim(remittance, people))
    return x12.RemittanceFile(
        envelope=x12.Envelope(
            sender_id=CLEARINGHOUSE.receiver_id,
            receiver_id=settings["submitter_id"],
            control_number=control_number(created_at),
            created_at=created_at,
        ),
        payments=tuple(
            x12.Payment(
                payer=payer_party(payers[payer_id]),
                payee=payee,
                paid_on=day,
                trace_number=f"{payers[payer_id].payer_code}{day:%y%m%d}",
                claims=tuple(claims),
            )
            for (payer_id, day), claims in payments.items()
        ),
    )


def export_835(
    db: Database, out: Path, remittance_ids: Sequence[int] | None, *, created_at: datetime
) -> Exported:
    """Write the 835 for `remittance_ids` (or every remittance) to `out`, all or nothing."""
    remit = remittance_file(db, remittance_ids, created_at=created_at)
    try:
        text = x12.write_835(remit)
    except x12.X12Problem as problem:
        raise ExportProblem(str(problem)) from None
    return Exported(sum(len(p.claims) for p in remit.payments), write_atomically(out, text))


def payer_party(payer: Payer) -> x12.Payer:
    """The payer as the 835 names it; the simulated payers' claim offices are made up."""
    return x12.Payer(
        name=payer.name,
        payer_id=payer.payer_code,
        address=x12.Address(f"PO Box {18000 + payer.id}", "Columbus", "OH", "43218"),
        phone=x12.digits(payer.phone),
        tax_id=f"{990000000 + payer.id}",
    )


def _paid_claim(remittance: Remittance, people: _People) -> x12.PaidClaim:
    claim = remittance.claim
    patient = people.patients[claim.patient_id]
    coverage = people.coverages[claim.coverage_id]
    plan = people.plans[coverage.plan_id]
    adjustments = [
        (x12.Adjustment(a.group_code, a.carc, a.amount_cents), tuple(a.rarc_codes))
        for a in remittance.adjustments
    ]
    adjusted = sum(a.amount_cents for a, _ in adjustments)
    if claim.total_cents - adjusted != remittance.paid_cents:
        raise ExportProblem(
            f"remittance {remittance.id}: the charge {x12.amount(claim.total_cents)} less the "
            f"adjustments {x12.amount(adjusted)} is not the payment "
            f"{x12.amount(remittance.paid_cents)}"
        )
    denied = any(a.reason == "31" for a, _ in adjustments)
    status = "4" if denied else {2: "2", 3: "3"}.get(coverage.rank, "1")
    return x12.PaidClaim(
        patient_control_number=patient_control_number(claim.id, patient.mrn),
        status=status,
        charge_cents=claim.total_cents,
        paid_cents=remittance.paid_cents,
        filing_indicator=FILING.get(plan.kind, "ZZ"),
        payer_claim_number=remittance.payer_claim_number,
        patient=_person(patient),
        member_id=claim.member_id,
        frequency=claim.frequency_code,
        place_of_service=claim.lines[0].place_of_service if claim.lines else "11",
        lines=_paid_lines(claim, adjustments),
    )


def _paid_lines(
    claim: Claim, adjustments: list[tuple[x12.Adjustment, tuple[str, ...]]]
) -> tuple[x12.PaidLine, ...]:
    """The claim's adjustments shared across its lines in proportion to their charges (the
    last line takes what rounding leaves), so every line balances on its own; an adjustment's
    remark codes go with it."""
    lines = list(claim.lines)
    shares: list[list[tuple[x12.Adjustment, tuple[str, ...]]]] = [[] for _ in lines]
    total = claim.total_cents
    for adjustment, remarks in adjustments:
        left = adjustment.amount_cents
        for index, line in enumerate(lines):
            if index == len(lines) - 1:
                part = left
            else:
                part = adjustment.amount_cents * line.charge_cents // total if total else 0
            left -= part
            if part:
                shares[index].append(
                    (x12.Adjustment(adjustment.group, adjustment.reason, part), remarks)
                )
    paid_lines = []
    for line, share in zip(lines, shares, strict=True):
        line_adjustments = tuple(a for a, _ in share)
        paid_lines.append(
            x12.PaidLine(
                procedure=line.cpt,
                charge_cents=line.charge_cents,
                paid_cents=line.charge_cents - sum(a.amount_cents for a in line_adjustments),
                service_date=claim.service_date,
                units=line.units,
                modifiers=tuple(split_codes(line.modifiers)),
                adjustments=line_adjustments,
                remarks=tuple(dict.fromkeys(r for _, rs in share for r in rs)),
            )
        )
    return tuple(paid_lines)


# -- files -----------------------------------------------------------------------------------
def write_atomically(out: Path, text: str) -> int:
    """Write `text` to `out` whole or not at all (ExportProblem, `out` as it was, if not).
    Returns the number of bytes."""
    data = text.encode("ascii")
    try:
        write_whole(out, data)
    except WriteRefused as refused:
        raise ExportProblem(
            str(refused).replace("give the path", "give --out the path"), exit_code=2
        ) from None
    return len(data)


__all__ = [
    "ExportProblem",
    "Exported",
    "claim_batch",
    "export_835",
    "export_837",
    "remittance_file",
]
