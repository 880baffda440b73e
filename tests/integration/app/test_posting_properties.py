"""Fuzzed posting sequences (hypothesis): whatever a trainee posts, writes off, bills or refunds,
in any order, the books still balance and nothing contractual reaches the patient."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ehr_sim.app.handlers.accounts import open_balance
from ehr_sim.domain.actions import PostRemittance, RefundCredit, TransferToPatient, WriteOff
from ehr_sim.records import Claim, LedgerEntry

from ..seeded import Clinic
from .test_posting import bill, era

CHARGE = 19000
steps = st.lists(
    st.one_of(
        st.just(("post", 0)),
        st.tuples(st.sampled_from(["write_off", "transfer", "refund"]), st.integers(-500, 21000)),
    ),
    max_size=8,
)
splits = st.tuples(st.integers(0, CHARGE), st.integers(0, CHARGE)).map(
    lambda t: (min(t), max(t) - min(t), CHARGE - max(t))  # paid, CO, PR
)


def ledger_total(clinic: Clinic, patient_id: int) -> tuple[int, int]:
    with clinic.db.reading() as s:
        total, count = s.execute(
            select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0), func.count()).where(
                LedgerEntry.patient_id == patient_id
            )
        ).one()
    return int(total), int(count)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(split=splits, sequence=steps)
def test_any_posting_sequence_keeps_the_books_balanced(
    clinic: Clinic, split: tuple[int, int, int], sequence: list[tuple[str, int]]
) -> None:
    paid, contractual, patient = split
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    start, _ = ledger_total(clinic, patient_id)
    billed = bill(clinic, patient_id, coverage_id, CHARGE)
    adjustments = [
        (group, carc, [], cents)
        for group, carc, cents in (("CO", "45", contractual), ("PR", "2", patient))
        if cents
    ]
    era(clinic, billed, paid, adjustments)
    refunded = 0
    for kind, amount in sequence:
        before = ledger_total(clinic, patient_id)
        if kind == "post":
            outcome = clinic.perform(PostRemittance(remittance_id=billed.remittance_id or 0))
        elif kind == "write_off":
            outcome = clinic.perform(
                WriteOff(claim_id=billed.claim_id, amount_cents=amount, reason="fuzz")
            )
        elif kind == "transfer":
            outcome = clinic.perform(
                TransferToPatient(claim_id=billed.claim_id, amount_cents=amount, reason="fuzz")
            )
        else:
            outcome = clinic.perform(
                RefundCredit(
                    patient_id=patient_id, amount_cents=amount, method="check", reason="fuzz"
                )
            )
        if not outcome.done:
            assert ledger_total(clinic, patient_id) == before, "a refusal changed the ledger"
        elif kind == "refund":
            refunded += amount
            assert ledger_total(clinic, patient_id)[0] <= 0, "refunded more than the credit"

    with clinic.db.reading() as s:
        claim = s.get(Claim, billed.claim_id)
        assert claim is not None
        (remittance,) = claim.remittances
        posted = remittance.status == "posted"
        left = open_balance(claim)
        written_off, transferred = claim.written_off_cents, claim.transferred_cents
    total, _ = ledger_total(clinic, patient_id)
    settled = paid + contractual if posted else 0
    assert left >= 0, "more was posted than the claim's charge"
    assert settled + written_off + transferred + left == CHARGE
    # The ledger, read on its own, agrees with the claim's records.
    assert total - start == CHARGE - settled - written_off + refunded
    assert transferred <= patient, "a contractual amount was billed to the patient"
