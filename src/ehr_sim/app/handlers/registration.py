"""Registration and record corrections: new patients, demographics and insurance amendments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.domain.actions import AddCoverage, RegisterPatient, UpdateDemographics, UpdateInsurance
from ehr_sim.domain.demographics import EDITABLE, LABELS, form_problems, parse_date
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import is_likely_duplicate, normalise_name, phone_digits
from ehr_sim.domain.insurance import Relationship, member_id_problem
from ehr_sim.records import Amendment, Coverage, Patient, Plan, Provider

MRN_START = 1_000_001
CORRECTION_REASON = (
    "Give a reason for the correction (for example 'typo at registration, "
    "checked against the card'); the audit trail keeps it."
)


@handles(RegisterPatient, changes={Change.PATIENTS})
def register_patient(ctx: Context, action: RegisterPatient) -> Applied:
    fields = {name: str(getattr(action, name)) for name in EDITABLE if hasattr(action, name)}
    fields["dob"] = action.dob.isoformat()
    _refuse_problems(form_problems(fields, today=ctx.now.date()))
    if action.pcp_id is not None:
        require(ctx.session, Provider, action.pcp_id, "primary care provider")
    if not action.confirmed_not_duplicate:
        twins = ctx.session.scalars(select(Patient).where(Patient.dob == action.dob)).all()
        for twin in twins:
            if is_likely_duplicate(
                action.first_name,
                action.last_name,
                action.dob,
                twin.first_name,
                twin.last_name,
                twin.dob,
            ):
                raise ActionRefused(
                    f"Possible duplicate: {twin.first_name} {twin.last_name}, born "
                    f"{twin.dob:%m/%d/%Y}, is already registered (MRN {twin.mrn}). Open that "
                    "chart, or confirm this is a different person.",
                    code="likely_duplicate",
                )
    patient = Patient(
        mrn=next_mrn(ctx.session),
        registered_on=ctx.now.date(),
        photo_id_seen_on=None,
        privacy_notice=None,
        privacy_notice_on=None,
        pcp_id=action.pcp_id,
        **{name: value.strip() for name, value in fields.items() if name != "dob"},
        dob=action.dob,
    )
    patient.state = patient.state.upper()
    keep_search_columns(patient)
    ctx.session.add(patient)
    ctx.session.flush()
    return Applied(
        f"Registered {patient.first_name} {patient.last_name}, MRN {patient.mrn}.",
        record_id=patient.id,
        patient_id=patient.id,
        details={"mrn": patient.mrn},
    )


def next_mrn(session: Session) -> str:
    highest = session.scalar(select(func.max(Patient.mrn)))
    return str(int(highest) + 1 if highest else MRN_START)


def keep_search_columns(patient: Patient) -> None:
    patient.last_norm = normalise_name(patient.last_name)
    patient.first_norm = normalise_name(patient.first_name)
    patient.phone_digits = phone_digits(patient.phone)
    patient.mobile_digits = phone_digits(patient.mobile)


@handles(UpdateDemographics, changes={Change.PATIENTS})
def update_demographics(ctx: Context, action: UpdateDemographics) -> Applied:
    patient = require(ctx.session, Patient, action.patient_id, "patient")
    unknown = set(action.changes) - set(EDITABLE)
    if unknown:
        raise ActionRefused(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    require_reason(action.reason, CORRECTION_REASON)
    _refuse_problems(
        {
            k: v
            for k, v in form_problems(action.changes, today=ctx.now.date()).items()
            if k in action.changes
        }
    )
    values: dict[str, Any] = {
        name: parse_date(v) if name == "dob" else v.strip() for name, v in action.changes.items()
    }
    if "state" in values:
        values["state"] = values["state"].upper()
    changed = _amend(ctx, patient, "patient", patient.id, values, action.reason)
    keep_search_columns(patient)
    return Applied(
        f"Updated {_listed(LABELS[f] for f in changed)} for {patient.first_name} {patient.last_name}.",
        record_id=patient.id,
        patient_id=patient.id,
    )


@handles(AddCoverage, changes={Change.COVERAGES})
def add_coverage(ctx: Context, action: AddCoverage) -> Applied:
    patient = require(ctx.session, Patient, action.patient_id, "patient")
    plan = require(ctx.session, Plan, action.plan_id, "insurance plan")
    _check_member_id(plan, action.member_id)
    _check_relationship(action.subscriber_relationship)
    if not action.subscriber_name.strip():
        raise ActionRefused("The subscriber's name is required (the policy holder on the card).")
    if action.rank not in (1, 2):
        raise ActionRefused("Coverage order must be 1 (primary) or 2 (secondary).")
    coverage = Coverage(
        patient_id=patient.id,
        plan_id=plan.id,
        rank=action.rank,
        member_id=action.member_id.strip(),
        group_number=action.group_number.strip(),
        subscriber_name=action.subscriber_name.strip(),
        subscriber_dob=action.subscriber_dob,
        subscriber_relationship=action.subscriber_relationship,
        effective_on=action.effective_on,
        terminated_on=None,
    )
    ctx.session.add(coverage)
    ctx.session.flush()
    return Applied(
        f"Added {plan.payer.name} {plan.name} coverage for {patient.first_name} {patient.last_name}.",
        record_id=coverage.id,
        patient_id=patient.id,
    )


COVERAGE_FIELDS = {
    "member_id": "Member ID",
    "group_number": "Group number",
    "subscriber_name": "Subscriber name",
    "subscriber_dob": "Subscriber date of birth",
    "subscriber_relationship": "Relationship to subscriber",
    "effective_on": "Effective date",
    "terminated_on": "End date",
    "rank": "Coverage order",
}


@handles(UpdateInsurance, changes={Change.COVERAGES}, subject=(Coverage, "coverage_id"))
def update_insurance(ctx: Context, action: UpdateInsurance) -> Applied:
    coverage = require(ctx.session, Coverage, action.coverage_id, "coverage")
    unknown = set(action.changes) - set(COVERAGE_FIELDS)
    if unknown:
        raise ActionRefused(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    require_reason(action.reason, CORRECTION_REASON)
    values: dict[str, Any] = {}
    for name, raw in action.changes.items():
        text = raw.strip()
        if name == "member_id":
            _check_member_id(coverage.plan, text)
        if name == "subscriber_relationship":
            _check_relationship(text)
        if name in ("subscriber_dob", "effective_on", "terminated_on"):
            values[name] = _date_field(
                COVERAGE_FIELDS[name], text, optional=name == "terminated_on"
            )
        elif name == "rank":
            if text not in ("1", "2"):
                raise ActionRefused("Coverage order must be 1 (primary) or 2 (secondary).")
            values[name] = int(text)
        else:
            values[name] = text
    ended, started = (
        values.get("terminated_on", coverage.terminated_on),
        values.get("effective_on", coverage.effective_on),
    )
    if ended is not None and ended < started:
        raise ActionRefused("The coverage cannot end before it starts.")
    changed = _amend(
        ctx, coverage, "coverage", coverage.id, values, action.reason, coverage.patient_id
    )
    return Applied(
        f"Updated {_listed(COVERAGE_FIELDS[f] for f in changed)} on the coverage.",
        record_id=coverage.id,
        patient_id=coverage.patient_id,
    )


def _amend(
    ctx: Context,
    record: Any,
    record_type: str,
    record_id: int,
    values: dict[str, Any],
    reason: str,
    patient_id: int | None = None,
) -> list[str]:
    """Apply changed values, writing an Amendment (old, new, reason) for each one."""
    changed = []
    for name, new in values.items():
        old = getattr(record, name)
        if old == new:
            continue
        ctx.session.add(
            Amendment(
                record_type=record_type,
                record_id=record_id,
                patient_id=patient_id or record_id,
                field=name,
                old_value=_text(old),
                new_value=_text(new),
                reason=reason.strip(),
                action=ctx.record,
                amended_at=ctx.now,
            )
        )
        setattr(record, name, new)
        changed.append(name)
    if not changed:
        raise ActionRefused("Nothing was changed: the new values are the same as those on file.")
    return changed


def _listed(labels: Iterable[str]) -> str:
    """Field labels as they read mid-sentence: 'phone, date of birth'."""
    return ", ".join(
        label[0].lower() + label[1:] if label[1:2].islower() else label for label in labels
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _refuse_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ActionRefused(" ".join(problems[k] for k in sorted(problems)), code="invalid")


def _check_member_id(plan: Plan, member_id: str) -> None:
    problem = member_id_problem(
        member_id, plan.payer.member_id_pattern, plan.payer.member_id_example, plan.payer.name
    )
    if problem:
        raise ActionRefused(problem, code="invalid_member_id")


def _check_relationship(value: str) -> None:
    if value not in set(Relationship):
        choices = ", ".join(r.value for r in Relationship)
        raise ActionRefused(f"Relationship to subscriber must be one of: {choices}.")


def _date_field(label: str, text: str, *, optional: bool) -> date | None:
    if not text and optional:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ActionRefused(f"{label}: {exc}.", code="invalid") from None
