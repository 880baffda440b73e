"""The simulated payer answering a claim on file: the plan's rules from the records, the pure
decision from `domain.adjudication`, and the remittance it sends back (for the scenario engine
and the living clinic, like `create_claim` and `receive_remittance`)."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.claims import receive_remittance
from ehr_sim.domain.adjudication import (
    Accumulator,
    ClaimFacts,
    PlanRules,
    PriorPayer,
    ServiceLine,
    adjudicate,
    duplicate_key,
)
from ehr_sim.domain.claims import DIAGNOSIS_LETTERS, ClaimStatus, split_codes
from ehr_sim.domain.posting import contract_rate
from ehr_sim.records import ActionRecord, Claim, Coverage, PriorPayment, Remittance


def payer_claim_number(claim: Claim, received_at: datetime) -> str:
    """The number the payer gives a claim: the day it processed it and the claim's id."""
    return f"{received_at:%y%j}{claim.id:08d}"


def plan_rules(coverage: Coverage, claim: Claim) -> PlanRules:
    """The plan's rules as the payer applies them to `claim`: the fee schedule prices each
    code billed at the contract's share of the clinic's charge (no contract: the charge)."""
    plan = coverage.plan
    schedule = {}
    for line in claim.lines:
        rate = contract_rate(plan.payer.payer_code, line.charge_cents // max(line.units, 1))
        if rate is not None:
            schedule[line.cpt] = rate
    return PlanRules(
        fee_schedule=schedule,
        deductible_cents=plan.deductible_cents,
        coinsurance_percent=plan.coinsurance_percent,
        copay_cents=plan.copay_primary_cents,
        requires_referral=plan.requires_referral,
        requires_prior_auth=plan.requires_prior_auth,
    )


def claim_facts(session: Session, claim: Claim, received_on: date) -> ClaimFacts:
    """The claim as the payer receives it, with what it knows about the member."""
    coverage = session.get(Coverage, claim.coverage_id)
    assert coverage is not None
    diagnoses = claim.diagnosis_codes
    pointed = dict(zip(DIAGNOSIS_LETTERS, diagnoses, strict=False))
    lines = tuple(
        ServiceLine(
            line_no=line.line_no,
            cpt=line.cpt,
            charge_cents=line.charge_cents,
            units=line.units,
            modifiers=tuple(split_codes(line.modifiers)),
            diagnoses=tuple(pointed[p] for p in split_codes(line.pointers) if p in pointed),
        )
        for line in claim.lines
    )
    prior = session.scalar(select(PriorPayment).where(PriorPayment.claim_id == claim.id))
    return ClaimFacts(
        member_id=claim.member_id,
        service_date=claim.service_date,
        received_on=received_on,
        lines=lines,
        coverage_start=coverage.effective_on,
        coverage_end=coverage.terminated_on,
        prior_auth_number=claim.prior_auth_number,
        other_payer_primary=coverage.rank > 1,
        prior_payer=PriorPayer(prior.paid_cents, prior.contractual_cents, prior.patient_cents)
        if prior is not None
        else None,
    )


def answer_claim(session: Session, claim_id: int, received_at: datetime) -> Remittance:
    """Adjudicate a claim waiting for the payer and record its remittance (not posted: the
    ERA waits on the posting desk). The member's deductible met is carried forward."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise ValueError(f"there is no claim {claim_id}")
    if not ClaimStatus(claim.status).awaiting_payer:
        raise ValueError(f"claim {claim_id} is {claim.status}, not waiting for the payer")
    coverage = session.get(Coverage, claim.coverage_id)
    assert coverage is not None
    facts = claim_facts(session, claim, received_at.date())
    rules = plan_rules(coverage, claim)
    decision = adjudicate(
        facts,
        rules,
        Accumulator(deductible_met_cents=coverage.deductible_met_cents),
        duplicate=_already_has(session, claim, facts),
    )
    coverage.deductible_met_cents = decision.accumulator.deductible_met_cents
    return receive_remittance(
        session,
        claim_id=claim.id,
        payer_claim_number=payer_claim_number(claim, received_at),
        paid_cents=decision.paid_cents,
        adjustments=[
            (a.group, a.carc, list(a.rarcs), a.amount_cents) for a in decision.adjustments
        ],
        received_at=received_at,
        auto_post=False,
    )


def _already_has(session: Session, claim: Claim, facts: ClaimFacts) -> bool:
    """The payer processed an original claim for the same service (CO-18 for a second one);
    a replacement (frequency 7) is expected to repeat it, and a claim that now carries the
    primary's payment (after a CO-22) brings what the first one lacked."""
    if claim.frequency_code != 1:
        return False
    key = duplicate_key(facts)
    others = session.scalars(
        select(Claim).where(
            Claim.patient_id == claim.patient_id,
            Claim.coverage_id == claim.coverage_id,
            Claim.service_date == claim.service_date,
            Claim.id != claim.id,
            Claim.payer_claim_number != "",
        )
    )
    for other in others:
        other_facts = claim_facts(session, other, facts.received_on)
        if facts.prior_payer is not None and other_facts.prior_payer is None:
            continue  # now with the primary's payment: new information, not a duplicate
        if duplicate_key(other_facts) == key:
            return True
    return False


SENDING_ACTIONS = ("SubmitClaim", "ResubmitClaim")
"""Actions whose claim goes to the payer (their logged result names the claim)."""
ERA_HOUR = time(6)
"""When the overnight remittances are in: before the office opens."""
AWAITING_PAYER = tuple(s.value for s in ClaimStatus if s.awaiting_payer)


def answer_office_claims(session: Session, day: date) -> list[int]:
    """The payer's overnight answers: each claim this office sent (through the log) before
    `day` and still waiting for the payer is adjudicated, its ERA waiting on the posting desk
    that morning. The seeded clinic's own claims keep their own timetable. Returns the
    remittance ids."""
    began = datetime.combine(day, time(0))
    sent: set[int] = set()
    for result in session.scalars(
        select(ActionRecord.result).where(
            ActionRecord.action_type.in_(SENDING_ACTIONS),
            ActionRecord.outcome == "done",
            ActionRecord.sim_time < began,
        )
    ):
        record_id = json.loads(result or "{}").get("record_id")
        if isinstance(record_id, int):
            sent.add(record_id)
    if not sent:
        return []
    waiting = session.scalars(
        select(Claim.id)
        .where(Claim.id.in_(sent), Claim.status.in_(AWAITING_PAYER))
        .order_by(Claim.id)
    ).all()
    return [
        answer_claim(session, claim_id, datetime.combine(day, ERA_HOUR)).id for claim_id in waiting
    ]
