"""The seeded clinic's referrals and prior authorisations: every state, consistent with the
patients' plans and visits."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from ehr_sim.domain.referrals import (
    AuthStatus,
    ReferralFacts,
    ReferralStatus,
    covers,
    decide_prior_auth,
)
from ehr_sim.records import (
    ChartDocument,
    Coverage,
    Plan,
    PriorAuth,
    Referral,
    Specialist,
    SpecialistNetwork,
)
from ehr_sim.records.database import Database
from ehr_sim.world.referrals import npi_with_check_digit

from ..seeded import TODAY

NOW = datetime.combine(TODAY, time(8))


def test_the_world_has_referrals_and_prior_authorisations_in_every_state(db: Database) -> None:
    with db.reading() as s:
        referral_states = set(s.scalars(select(Referral.status)))
        auth_states = set(s.scalars(select(PriorAuth.status)))
    assert referral_states == {str(v) for v in ReferralStatus}
    assert auth_states == {str(v) for v in AuthStatus}


def test_every_hmo_specialist_visit_in_the_history_has_a_referral_or_a_denial(
    db: Database,
) -> None:
    """A specialist visit (a referral's appointment in the past) of a patient whose plan needs
    referrals is covered by that referral: numbered, in network, inside its dates."""
    checked = 0
    with db.reading() as s:
        rows = s.execute(
            select(Referral, Plan, Specialist)
            .join(Coverage, Referral.coverage_id == Coverage.id)
            .join(Plan, Coverage.plan_id == Plan.id)
            .join(Specialist, Referral.specialist_id == Specialist.id)
            .where(Plan.requires_referral.is_(True))
        ).all()
        for referral, plan, specialist in rows:
            if referral.status == ReferralStatus.DENIED:
                assert referral.appointment_at is None and referral.number == ""
                assert referral.in_network is False, "the plan denies out-of-network referrals"
                continue
            assert referral.number, f"referral {referral.id} on {plan.name} has no number"
            assert referral.in_network is not False
            if referral.appointment_at is None or referral.appointment_at > NOW:
                continue
            checked += 1
            facts = ReferralFacts(
                specialty=specialist.specialty,
                status=referral.status,
                valid_from=referral.valid_from,
                valid_to=referral.valid_to,
                visits=referral.visits,
                visits_used=referral.visits_used - 1,  # before this visit
                specialist_npi=specialist.npi,
            )
            on = referral.appointment_at.date()
            assert referral.status == ReferralStatus.CLOSED or covers(
                facts, specialist.specialty, on, specialist.npi
            ), referral.id
            assert referral.valid_from <= on <= referral.valid_to
    assert checked > 0, "the world has no past HMO specialist visit to check"


def test_consult_notes_and_follow_ups_match_their_referrals(db: Database) -> None:
    with db.reading() as s:
        for document in s.scalars(select(ChartDocument)):
            referral = s.get(Referral, document.referral_id)
            assert referral is not None and referral.patient_id == document.patient_id
            assert referral.appointment_at is not None
            assert document.received_at > referral.appointment_at
            assert document.routed_to_id == referral.provider_id
        waiting = s.scalars(select(Referral).where(Referral.status.in_(("sent", "scheduled"))))
        assert all(r.follow_up_on is not None and r.sent_at is not None for r in waiting)


def test_decided_prior_authorisations_carry_the_payers_own_answer(db: Database) -> None:
    with db.reading() as s:
        rows = s.execute(
            select(PriorAuth, Plan)
            .join(Coverage, PriorAuth.coverage_id == Coverage.id)
            .join(Plan, Coverage.plan_id == Plan.id)
        ).all()
        for auth, plan in rows:
            assert plan.requires_prior_auth
            if auth.status == AuthStatus.SUBMITTED:
                assert auth.decided_at is None and auth.number == ""
                continue
            assert auth.decided_at is not None
            decision = decide_prior_auth(
                payer_code=plan.payer.payer_code,
                patient_id=auth.patient_id,
                codes=tuple(auth.codes.split()),
                icd10=auth.icd10,
                clinical_reason=auth.clinical_reason,
                attachments=tuple(auth.attachments.splitlines()),
                decided_on=auth.decided_at.date(),
            )
            assert (decision.status, decision.number, decision.valid_to) == (
                auth.status,
                auth.number,
                auth.valid_to,
            )


def test_the_directory_has_valid_npis_and_the_heart_institute_is_outside_keystone(
    db: Database,
) -> None:
    with db.reading() as s:
        specialists = s.scalars(select(Specialist)).all()
        assert all(npi_with_check_digit(x.npi[:9]) == x.npi for x in specialists)
        buckeye = next(x for x in specialists if x.practice == "Buckeye Heart Institute")
        keystone = s.scalars(select(Plan).where(Plan.name == "Keystone HMO")).one()
        network = s.get(SpecialistNetwork, (buckeye.id, keystone.id))
        assert network is not None and network.in_network is False
