"""What the Referrals area shows: referrals and prior authorisations as one work list, and the
specialist directory with each specialist's network status for a patient's plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from ehr_sim.domain import referrals as rules
from ehr_sim.records import (
    Coverage,
    Patient,
    Plan,
    PriorAuth,
    Provider,
    Referral,
    Specialist,
    SpecialistNetwork,
)
from ehr_sim.records.database import Database

REFERRAL = "Referral"
PRIOR_AUTH = "Prior auth"


@dataclass(frozen=True)
class WorkRow:
    """One line of the work list: a referral or a prior authorisation."""

    kind: str  # REFERRAL or PRIOR_AUTH
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    status: str
    status_words: str
    what: str  # the specialist, or the codes and where
    diagnosis: str
    provider: str
    opened: datetime
    number: str
    dates: str  # validity
    follow_up_on: date | None
    overdue: bool  # a referral nothing came back on by its follow-up date
    in_network: bool | None
    detail: str  # the payer's message, or the referral's notes


def _name(patient: Patient) -> str:
    return f"{patient.last_name}, {patient.first_name}"


def _span(start: date | None, end: date | None) -> str:
    return f"{start:%m/%d/%Y}–{end:%m/%d/%Y}" if start and end else ""


def work_list(db: Database, today: date) -> list[WorkRow]:
    """Every referral and prior authorisation, the ones needing attention first (overdue
    follow-ups, pended and ordered), then the newest."""
    rows: list[WorkRow] = []
    with db.reading() as s:
        providers = {p.id: p.display_name for p in s.scalars(select(Provider))}
        for referral, patient, specialist in s.execute(
            select(Referral, Patient, Specialist)
            .join(Patient, Referral.patient_id == Patient.id)
            .join(Specialist, Referral.specialist_id == Specialist.id)
        ):
            rows.append(
                WorkRow(
                    kind=REFERRAL,
                    id=referral.id,
                    patient_id=patient.id,
                    patient_name=_name(patient),
                    mrn=patient.mrn,
                    status=referral.status,
                    status_words=rules.REFERRAL_STATUS_WORDS[referral.status],
                    what=f"{specialist.specialty}: {specialist.name}, {specialist.practice}",
                    diagnosis=referral.icd10,
                    provider=providers.get(referral.provider_id, ""),
                    opened=referral.created_at,
                    number=referral.number,
                    dates=_span(referral.valid_from, referral.valid_to),
                    follow_up_on=referral.follow_up_on,
                    overdue=rules.needs_follow_up(referral.status, referral.follow_up_on, today),
                    in_network=referral.in_network,
                    detail=referral.notes,
                )
            )
        for auth, patient in s.execute(
            select(PriorAuth, Patient).join(Patient, PriorAuth.patient_id == Patient.id)
        ):
            where = f" at {auth.servicing}" if auth.servicing else ""
            rows.append(
                WorkRow(
                    kind=PRIOR_AUTH,
                    id=auth.id,
                    patient_id=patient.id,
                    patient_name=_name(patient),
                    mrn=patient.mrn,
                    status=auth.status,
                    status_words=rules.AUTH_STATUS_WORDS[auth.status],
                    what=f"{auth.codes.replace(' ', ', ')}{where}",
                    diagnosis=auth.icd10,
                    provider=providers.get(auth.provider_id, ""),
                    opened=auth.requested_at,
                    number=auth.number,
                    dates=_span(auth.valid_from, auth.valid_to),
                    follow_up_on=None,
                    overdue=False,
                    in_network=None,
                    detail=auth.payer_message,
                )
            )
    urgent = {"ordered", "pended", "submitted"}
    rows.sort(key=lambda r: r.opened, reverse=True)
    rows.sort(key=lambda r: 0 if r.overdue else 1 if r.status in urgent else 2)
    return rows


@dataclass(frozen=True)
class SpecialistChoice:
    id: int
    name: str
    practice: str
    specialty: str
    npi: str
    fax: str
    in_network: bool | None  # for the patient's plan; None: self-pay or not on file

    @property
    def network_words(self) -> str:
        if self.in_network is None:
            return "network not on file"
        return "in network" if self.in_network else "OUT of network"

    @property
    def label(self) -> str:
        return f"{self.specialty}: {self.name}, {self.practice} · {self.network_words}"


@dataclass(frozen=True)
class PlanFacts:
    plan: str
    requires_referral: bool
    requires_prior_auth: bool


def patient_plan(db: Database, patient_id: int, on: date) -> PlanFacts | None:
    """The plan of the patient's primary coverage in force on `on` (None: self-pay)."""
    with db.reading() as s:
        plan = s.scalar(
            select(Plan)
            .join(Coverage, Coverage.plan_id == Plan.id)
            .where(Coverage.patient_id == patient_id, Coverage.rank == 1)
            .where(Coverage.effective_on <= on)
            .where(or_(Coverage.terminated_on.is_(None), Coverage.terminated_on >= on))
            .order_by(Coverage.effective_on.desc())
            .limit(1)
        )
        if plan is None:
            return None
        return PlanFacts(plan.name, plan.requires_referral, plan.requires_prior_auth)


def directory(db: Database, patient_id: int | None, on: date) -> list[SpecialistChoice]:
    """The specialist directory by specialty, each with its network status for the patient's
    primary plan on `on`."""
    with db.reading() as s:
        plan_id = None
        if patient_id is not None:
            plan_id = s.scalar(
                select(Coverage.plan_id)
                .where(Coverage.patient_id == patient_id, Coverage.rank == 1)
                .where(Coverage.effective_on <= on)
                .where(or_(Coverage.terminated_on.is_(None), Coverage.terminated_on >= on))
                .order_by(Coverage.effective_on.desc())
                .limit(1)
            )
        networks: dict[int, bool] = {}
        if plan_id is not None:
            networks = {
                n.specialist_id: n.in_network
                for n in s.scalars(
                    select(SpecialistNetwork).where(SpecialistNetwork.plan_id == plan_id)
                )
            }
        return [
            SpecialistChoice(
                x.id, x.name, x.practice, x.specialty, x.npi, x.fax, networks.get(x.id)
            )
            for x in s.scalars(select(Specialist).order_by(Specialist.specialty, Specialist.name))
        ]
