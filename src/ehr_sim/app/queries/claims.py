"""Claims for the billing views: the work list, one claim laid out like a CMS-1500, its
remittances with every code's meaning, and a patient's account notes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.accounts import open_balance
from ehr_sim.domain.claims import (
    DIAGNOSIS_LETTERS,
    STATUS_ORDER,
    AdjustmentGroup,
    ClaimStatus,
    NoteKind,
    split_codes,
)
from ehr_sim.domain.codes import (
    carc_fix,
    describe_carc,
    describe_cpt,
    describe_frequency,
    describe_group,
    describe_rarc,
    icd10_description,
    icd10_with_dot,
)
from ehr_sim.domain.money import Money
from ehr_sim.records import (
    Claim,
    ClinicSetting,
    Coverage,
    Note,
    Patient,
    Payer,
    Plan,
    Provider,
    Remittance,
    RemittanceAdjustment,
)
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims work list."""

    id: int
    patient_id: int
    patient_name: str
    mrn: str
    service_date: date
    payer: str
    total: Money
    status: ClaimStatus
    frequency_code: int
    payer_claim_number: str
    codes: str  # the latest remittance's denial codes, e.g. "CO-16 (N382)"
    unread: bool  # a remittance nobody has opened yet


def claims(
    db: Database, *, status: ClaimStatus | None = None, patient_id: int | None = None
) -> list[ClaimRow]:
    """Claims, what needs work first (denied, rejected, waiting, paid), newest visits first."""
    order = case({s.value: n for n, s in enumerate(STATUS_ORDER)}, value=Claim.status)
    query = (
        select(Claim, Patient.last_name, Patient.first_name, Patient.mrn, Payer.name)
        .join(Patient, Patient.id == Claim.patient_id)
        .join(Coverage, Coverage.id == Claim.coverage_id)
        .join(Plan, Plan.id == Coverage.plan_id)
        .join(Payer, Payer.id == Plan.payer_id)
        .order_by(order, Claim.service_date.desc(), Claim.id.desc())
    )
    if status is not None:
        query = query.where(Claim.status == status.value)
    if patient_id is not None:
        query = query.where(Claim.patient_id == patient_id)
    with db.reading() as s:
        found = s.execute(query).all()
        latest = _latest_remittances(s, [row[0].id for row in found])
        return [
            ClaimRow(
                claim.id,
                claim.patient_id,
                f"{last}, {first}",
                mrn,
                claim.service_date,
                payer,
                Money(claim.total_cents),
                ClaimStatus(claim.status),
                claim.frequency_code,
                claim.payer_claim_number,
                latest[claim.id][0] if claim.id in latest else "",
                latest[claim.id][1] if claim.id in latest else False,
            )
            for claim, last, first, mrn, payer in found
        ]


def _latest_remittances(s: Session, claim_ids: list[int]) -> dict[int, tuple[str, bool]]:
    """claim id -> (denial codes of its latest remittance, whether any remittance is unread)."""
    if not claim_ids:
        return {}
    rows = s.execute(
        select(
            Remittance.claim_id,
            Remittance.id,
            Remittance.read_at,
            RemittanceAdjustment.group_code,
            RemittanceAdjustment.carc,
            RemittanceAdjustment.rarcs,
        )
        .outerjoin(RemittanceAdjustment, RemittanceAdjustment.remittance_id == Remittance.id)
        .where(Remittance.claim_id.in_(claim_ids))
        .order_by(Remittance.claim_id, Remittance.received_at, Remittance.id)
    ).all()
    newest: dict[int, int] = {}
    unread: set[int] = set()
    codes: dict[int, list[str]] = defaultdict(list)
    for claim_id, remittance_id, read_at, group, carc, rarcs in rows:
        if newest.get(claim_id) != remittance_id:
            newest[claim_id] = remittance_id
            codes[claim_id] = []
        if read_at is None:
            unread.add(claim_id)
        if group is not None and group != AdjustmentGroup.PR and carc != "45":
            remarks = f" ({', '.join(split_codes(rarcs))})" if rarcs else ""
            codes[claim_id].append(f"{group}-{carc}{remarks}")
    return {cid: ("; ".join(codes[cid]), cid in unread) for cid in newest}


@dataclass(frozen=True)
class DiagnosisLine:
    letter: str
    code: str  # as people read it, with the dot
    description: str  # from the ICD-10-CM table; '' if the code is not in it


@dataclass(frozen=True)
class ServiceLine:
    line_no: int
    service_date: date
    place_of_service: str
    cpt: str
    description: str
    modifiers: tuple[str, ...]
    pointers: str  # "A" or "AB"
    charge: Money
    units: int
    rendering_npi: str


@dataclass(frozen=True)
class AdjustmentRow:
    group: str
    group_meaning: str
    carc: str
    carc_meaning: str
    usual_fix: str
    rarcs: tuple[tuple[str, str], ...]  # (code, meaning)
    amount: Money

    @property
    def code(self) -> str:
        return f"{self.group}-{self.carc}"


@dataclass(frozen=True)
class RemittanceRow:
    id: int
    claim_id: int
    payer: str
    payer_claim_number: str
    received_at: datetime
    paid: Money
    status: str
    read_at: datetime | None
    posted_at: datetime | None
    adjustments: tuple[AdjustmentRow, ...]

    @property
    def is_denial(self) -> bool:
        return self.paid.cents == 0 and any(a.group != "PR" for a in self.adjustments)


@dataclass(frozen=True)
class ClaimForm:
    """A claim as the CMS-1500 shows it (item numbers in the names), plus its history."""

    id: int
    patient_id: int
    status: ClaimStatus
    submitted_at: datetime
    payer: str
    plan: str
    plan_kind: str
    item_1a_member_id: str
    item_2_patient_name: str
    item_3_dob: date
    item_3_sex: str
    item_4_insured_name: str
    item_5_patient_address: str
    item_6_relationship: str
    item_11_group_number: str
    item_21_diagnoses: tuple[DiagnosisLine, ...]
    item_22_resubmission_code: str  # '' for an original, else '7' or '8'
    item_22_original_ref: str
    item_23_prior_auth: str
    item_24_lines: tuple[ServiceLine, ...]
    item_26_account: str
    item_28_total: Money
    item_32_facility: str
    item_33_billing_provider: str
    item_33a_npi: str
    rendering_provider: str
    coverage_member_id: str  # on the coverage now: what a replacement would carry
    frequency_code: int
    frequency: str
    payer_claim_number: str
    resubmission_of_id: int | None
    replaced_by_id: int | None
    rejection_reason: str
    remittances: tuple[RemittanceRow, ...]
    written_off: Money
    transferred: Money
    open_balance: Money


def claim_form(db: Database, claim_id: int) -> ClaimForm | None:
    """Everything the claim detail shows, read in one session."""
    with db.reading() as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            return None
        patient = s.get(Patient, claim.patient_id)
        coverage = s.get(Coverage, claim.coverage_id)
        provider = s.get(Provider, claim.provider_id)
        assert patient is not None and coverage is not None and provider is not None
        clinic = {row.key: row.value for row in s.scalars(select(ClinicSetting))}
        clinic_line = f"{clinic.get('clinic_name', '')}, {clinic.get('clinic_address', '')}"
        diagnoses = tuple(
            DiagnosisLine(letter, icd10_with_dot(code), icd10_description(code) or "")
            for letter, code in zip(DIAGNOSIS_LETTERS, claim.diagnosis_codes, strict=False)
        )
        lines = tuple(
            ServiceLine(
                line.line_no,
                claim.service_date,
                line.place_of_service,
                line.cpt,
                describe_cpt(line.cpt),
                tuple(split_codes(line.modifiers)),
                "".join(split_codes(line.pointers)),
                Money(line.charge_cents),
                line.units,
                provider.npi,
            )
            for line in claim.lines
        )
        middle = f", {patient.middle_name[:1]}" if patient.middle_name else ""
        address = f"{patient.address1}, {patient.city}, {patient.state} {patient.zip_code}"
        return ClaimForm(
            id=claim.id,
            patient_id=claim.patient_id,
            status=ClaimStatus(claim.status),
            submitted_at=claim.submitted_at,
            payer=coverage.plan.payer.name,
            plan=coverage.plan.name,
            plan_kind=coverage.plan.kind,
            item_1a_member_id=claim.member_id,
            item_2_patient_name=f"{patient.last_name.upper()}, {patient.first_name.upper()}"
            + middle.upper(),
            item_3_dob=patient.dob,
            item_3_sex=patient.sex,
            item_4_insured_name=coverage.subscriber_name.upper(),
            item_5_patient_address=address,
            item_6_relationship=coverage.subscriber_relationship,
            item_11_group_number=coverage.group_number,
            item_21_diagnoses=diagnoses,
            item_22_resubmission_code=""
            if claim.frequency_code == 1
            else str(claim.frequency_code),
            item_22_original_ref=claim.original_claim_number,
            item_23_prior_auth=claim.prior_auth_number,
            item_24_lines=lines,
            item_26_account=patient.mrn,
            item_28_total=Money(claim.total_cents),
            item_32_facility=clinic_line,
            item_33_billing_provider=f"{clinic_line} · {clinic.get('clinic_phone', '')}",
            item_33a_npi=provider.npi,
            rendering_provider=provider.display_name,
            coverage_member_id=coverage.member_id,
            frequency_code=claim.frequency_code,
            frequency=describe_frequency(claim.frequency_code),
            payer_claim_number=claim.payer_claim_number,
            resubmission_of_id=claim.resubmission_of_id,
            replaced_by_id=claim.replaced_by_id,
            rejection_reason=claim.rejection_reason,
            remittances=tuple(
                _remittance_row(r, coverage.plan.payer.name) for r in claim.remittances
            ),
            written_off=Money(claim.written_off_cents),
            transferred=Money(claim.transferred_cents),
            open_balance=Money(open_balance(claim)),
        )


def remittance(db: Database, remittance_id: int) -> RemittanceRow | None:
    with db.reading() as s:
        found = s.get(Remittance, remittance_id)
        if found is None:
            return None
        coverage = s.get(Coverage, found.claim.coverage_id)
        return _remittance_row(found, coverage.plan.payer.name if coverage else "")


def _remittance_row(r: Remittance, payer: str) -> RemittanceRow:
    return RemittanceRow(
        r.id,
        r.claim_id,
        payer,
        r.payer_claim_number,
        r.received_at,
        Money(r.paid_cents),
        r.status,
        r.read_at,
        r.posted_at,
        tuple(
            AdjustmentRow(
                a.group_code,
                describe_group(a.group_code),
                a.carc,
                describe_carc(a.carc),
                carc_fix(a.carc),
                tuple((code, describe_rarc(code)) for code in a.rarc_codes),
                Money(a.amount_cents),
            )
            for a in r.adjustments
        ),
    )


@dataclass(frozen=True)
class NoteRow:
    id: int
    kind: str
    text: str
    written_at: datetime
    author: str


def notes(db: Database, patient_id: int, *, kind: NoteKind = NoteKind.ACCOUNT) -> list[NoteRow]:
    """A patient's notes of one kind, newest first."""
    with db.reading() as s:
        return [
            NoteRow(n.id, n.kind, n.text, n.written_at, n.author)
            for n in s.scalars(
                select(Note)
                .where(Note.patient_id == patient_id, Note.kind == kind.value)
                .order_by(Note.written_at.desc(), Note.id.desc())
            )
        ]
