"""Claims and remittances: every claim action done and refused, and the denied-claim story
(scenario 2) played through the gateway against the seeded clinic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from ehr_sim.app.gateway import Change
from ehr_sim.app.handlers.claims import create_claim, receive_remittance
from ehr_sim.app.queries.claims import claim_form, claims, notes
from ehr_sim.domain.actions import (
    Action,
    CorrectClaim,
    OpenClaim,
    PostDenial,
    ReadRemittance,
    ResubmitClaim,
    TransferToPatient,
    UpdateInsurance,
    WriteNote,
    WriteOff,
)
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.records import (
    ActionRecord,
    Amendment,
    Claim,
    Coverage,
    LedgerEntry,
    Note,
    Remittance,
)

from ..seeded import Clinic

TYPO, CARD = "XJH40021877", "XJH4002187"  # the member ID as typed, and as on the card
PAYER_NUMBER = "2632600012345"
SEEN = date(2026, 11, 2)  # three weeks before the clinic's today
SENT = datetime(2026, 11, 3, 16, 0)
ARRIVED = datetime(2026, 11, 23, 7, 30)


@dataclass
class Visit:
    patient_id: int
    coverage_id: int
    claim_id: int


def _send(clinic: Clinic, *, typed: str | None = None) -> Visit:
    """An insured adult's 99213 for hypertension, billed to Meridian as an original."""
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    with clinic.db.sessions() as s, s.begin():
        if typed is not None:
            coverage = s.get(Coverage, coverage_id)
            assert coverage is not None
            coverage.member_id = typed  # the registration typo the scenario starts from
        claim = create_claim(
            s,
            patient_id=patient_id,
            coverage_id=coverage_id,
            provider_id=clinic.provider("Okafor"),
            service_date=SEEN,
            submitted_at=SENT,
            diagnoses=["I10"],
            lines=[("99213", [], 1, 13000, ["A"])],
        )
        claim_id = claim.id
    return Visit(patient_id, coverage_id, claim_id)


def _answer(
    clinic: Clinic, claim_id: int, paid: int, adjustments: list[tuple[str, str, list[str], int]]
) -> int:
    with clinic.db.sessions() as s, s.begin():
        remittance = receive_remittance(
            s,
            claim_id=claim_id,
            payer_claim_number=PAYER_NUMBER,
            paid_cents=paid,
            adjustments=adjustments,
            received_at=ARRIVED,
        )
        return remittance.id


@pytest.fixture
def denied(clinic: Clinic) -> tuple[Clinic, Visit, int]:
    """Scenario 2's start: the claim went out with a mistyped member ID; CO-16/N382 came back."""
    visit = _send(clinic, typed=TYPO)
    remittance_id = _answer(clinic, visit.claim_id, 0, [("CO", "16", ["N382"], 13000)])
    clinic.clock.set(datetime(2026, 11, 23, 9, 0))
    return clinic, visit, remittance_id


@pytest.fixture
def paid(clinic: Clinic) -> tuple[Clinic, Visit, int]:
    """A claim paid $75.00, with a $30.00 contractual write-down and a $25.00 co-pay (PR-3)."""
    visit = _send(clinic)
    remittance_id = _answer(
        clinic, visit.claim_id, 7500, [("CO", "45", [], 3000), ("PR", "3", [], 2500)]
    )
    return clinic, visit, remittance_id


def claim_row(clinic: Clinic, claim_id: int) -> Claim:
    with clinic.db.reading() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        claim.lines  # noqa: B018 - loaded before the session closes
        return claim


def ledger(clinic: Clinic, patient_id: int, after: int = 0) -> list[LedgerEntry]:
    with clinic.db.reading() as s:
        return list(
            s.scalars(
                select(LedgerEntry)
                .where(LedgerEntry.patient_id == patient_id, LedgerEntry.id > after)
                .order_by(LedgerEntry.id)
            )
        )


def last_ledger_id(clinic: Clinic) -> int:
    with clinic.db.reading() as s:
        return int(s.scalar(select(LedgerEntry.id).order_by(LedgerEntry.id.desc()).limit(1)) or 0)


def log_of(clinic: Clinic, seq: int) -> ActionRecord:
    with clinic.db.reading() as s:
        entry = s.get(ActionRecord, seq)
        assert entry is not None
        return entry


class TestSendingAndAnswers:
    def test_a_claim_carries_the_coverage_member_id_and_claim_ready_codes(
        self, clinic: Clinic
    ) -> None:
        visit = _send(clinic)
        claim = claim_row(clinic, visit.claim_id)
        with clinic.db.reading() as s:
            coverage = s.get(Coverage, visit.coverage_id)
            assert coverage is not None
            on_file = coverage.member_id

        assert claim.member_id == on_file
        assert (claim.status, claim.frequency_code, claim.total_cents) == ("submitted", 1, 13000)
        assert claim.diagnosis_codes == ["I10"]
        assert [(line.cpt, line.pointers, line.place_of_service) for line in claim.lines] == [
            ("99213", "A", "11")
        ]

    def test_a_claim_for_someone_elses_coverage_is_not_created(self, clinic: Clinic) -> None:
        patient_id, _ = clinic.insured_adult("Meridian Health")
        _, other_coverage = clinic.insured_adult("Keystone Care")
        with clinic.db.sessions() as s, s.begin(), pytest.raises(ValueError, match="coverage"):
            create_claim(
                s,
                patient_id=patient_id,
                coverage_id=other_coverage,
                provider_id=1,
                service_date=SEEN,
                submitted_at=SENT,
                diagnoses=["I10"],
                lines=[("99213", [], 1, 13000, ["A"])],
            )

    def test_a_denial_gives_the_claim_the_payer_number_and_waits_to_be_posted(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, remittance_id = denied
        claim = claim_row(clinic, visit.claim_id)
        with clinic.db.reading() as s:
            remittance = s.get(Remittance, remittance_id)
            assert remittance is not None
            state = (remittance.status, remittance.read_at, remittance.posted_at)

        assert (claim.status, claim.payer_claim_number) == ("denied", PAYER_NUMBER)
        assert state == ("received", None, None)
        mentions = f"claim {visit.claim_id},"
        assert [e for e in ledger(clinic, visit.patient_id) if mentions in e.description] == []

    def test_a_payment_is_posted_to_the_account_when_it_arrives(
        self, paid: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = paid
        posted = [
            (e.kind, e.amount_cents)
            for e in ledger(clinic, visit.patient_id)
            if f"claim {visit.claim_id}," in e.description
        ]

        assert claim_row(clinic, visit.claim_id).status == "paid"
        assert posted == [("payment", -7500), ("adjustment", -3000)]


class TestReading:
    def test_opening_a_claim_is_logged_on_the_patients_chart(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(OpenClaim(claim_id=visit.claim_id))

        assert outcome.done and "denied" in outcome.message
        assert outcome.changes == {Change.AUDIT}
        assert log_of(clinic, outcome.seq).patient_id == visit.patient_id

    def test_opening_a_claim_that_does_not_exist_is_refused(self, clinic: Clinic) -> None:
        outcome = clinic.perform(OpenClaim(claim_id=987_654))

        assert not outcome.done and outcome.code == "not_found"
        assert log_of(clinic, outcome.seq).outcome == "refused"

    def test_reading_a_remittance_keeps_the_first_time_it_was_read(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, remittance_id = denied
        first = clinic.perform(ReadRemittance(remittance_id=remittance_id))
        clinic.clock.advance(minutes=30)
        clinic.perform(ReadRemittance(remittance_id=remittance_id))
        with clinic.db.reading() as s:
            remittance = s.get(Remittance, remittance_id)
            assert remittance is not None

        assert first.done and "CO-16 (N382)" in first.message
        assert first.details["rarcs"] == ["N382"]
        assert remittance.read_at == datetime(2026, 11, 23, 9, 0)
        assert log_of(clinic, first.seq).patient_id == visit.patient_id


class TestTheDeniedClaimStory:
    def test_fixing_the_member_id_and_sending_a_replacement(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, remittance_id = denied
        clinic.perform(ReadRemittance(remittance_id=remittance_id))
        fixed = clinic.perform(
            UpdateInsurance(
                coverage_id=visit.coverage_id,
                changes={"member_id": CARD},
                reason="typo at registration, checked against the card",
            )
        )
        sent = clinic.perform(
            ResubmitClaim(
                claim_id=visit.claim_id, frequency_code=7, original_claim_number=PAYER_NUMBER
            )
        )
        note = clinic.perform(
            WriteNote(
                patient_id=visit.patient_id,
                kind="account",
                text="Corrected member ID, resubmitted as replacement.",
            )
        )

        assert fixed.done and sent.done and note.done, (fixed.message, sent.message)
        assert sent.warnings == ()
        assert sent.record_id is not None
        new, old = claim_row(clinic, sent.record_id), claim_row(clinic, visit.claim_id)
        assert (new.frequency_code, new.original_claim_number) == (7, PAYER_NUMBER)
        assert (new.member_id, old.member_id) == (CARD, TYPO)
        assert (new.status, new.resubmission_of_id) == ("submitted", old.id)
        assert (old.status, old.replaced_by_id) == ("replaced", new.id)
        assert new.submitted_at == clinic.clock.now()
        assert [(line.cpt, line.charge_cents) for line in new.lines] == [("99213", 13000)]
        assert CARD in sent.message and PAYER_NUMBER in sent.message
        assert log_of(clinic, sent.seq).patient_id == visit.patient_id
        assert [n.text for n in notes(clinic.db, visit.patient_id)] == [
            "Corrected member ID, resubmitted as replacement."
        ]
        listed = {row.id: row.status for row in claims(clinic.db, patient_id=visit.patient_id)}
        assert listed[new.id] is ClaimStatus.SUBMITTED
        assert listed[old.id] is ClaimStatus.REPLACED

    def test_a_replacement_sent_without_fixing_anything_warns(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(
            ResubmitClaim(
                claim_id=visit.claim_id, frequency_code=7, original_claim_number=PAYER_NUMBER
            )
        )

        assert outcome.done
        assert outcome.record_id is not None
        assert claim_row(clinic, outcome.record_id).member_id == TYPO
        assert any("deny it again" in w for w in outcome.warnings)

    def test_a_new_original_instead_is_recorded_as_a_duplicate(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(ResubmitClaim(claim_id=visit.claim_id, frequency_code=1))

        assert outcome.done
        assert outcome.details["duplicate"] is True
        assert "duplicate" in outcome.message
        assert any("CO-18" in w for w in outcome.warnings)
        assert outcome.record_id is not None
        new, old = claim_row(clinic, outcome.record_id), claim_row(clinic, visit.claim_id)
        assert (new.frequency_code, new.original_claim_number) == (1, "")
        assert new.resubmission_of_id == old.id
        assert (old.status, old.replaced_by_id) == ("denied", None)

    def test_billing_the_patient_for_the_co_denial_is_refused_and_nothing_moves(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        before = last_ledger_id(clinic)
        outcome = clinic.perform(
            TransferToPatient(claim_id=visit.claim_id, amount_cents=13000, reason="denied")
        )

        assert not outcome.done and outcome.code == "contractual"
        assert "never billed to the patient" in outcome.message
        assert ledger(clinic, visit.patient_id, before) == []
        assert claim_row(clinic, visit.claim_id).transferred_cents == 0


class TestResubmitRefusals:
    @pytest.mark.parametrize(
        ("number", "code"),
        [("", "original_number_required"), ("2632600099999", "original_number_mismatch")],
    )
    def test_a_replacement_needs_the_payers_claim_number(
        self, denied: tuple[Clinic, Visit, int], number: str, code: str
    ) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(
            ResubmitClaim(claim_id=visit.claim_id, frequency_code=7, original_claim_number=number)
        )

        assert not outcome.done and outcome.code == code
        assert PAYER_NUMBER not in outcome.message  # the trainee must read the remittance
        assert claim_row(clinic, visit.claim_id).status == "denied"

    def test_a_claim_still_with_the_payer_cannot_be_replaced(self, clinic: Clinic) -> None:
        visit = _send(clinic)
        outcome = clinic.perform(
            ResubmitClaim(claim_id=visit.claim_id, frequency_code=7, original_claim_number="1")
        )

        assert not outcome.done and outcome.code == "not_adjudicated"

    def test_a_replaced_claim_is_not_replaced_twice(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        action = ResubmitClaim(
            claim_id=visit.claim_id, frequency_code=7, original_claim_number=PAYER_NUMBER
        )
        first = clinic.perform(action)
        again = clinic.perform(action)

        assert first.done and not again.done
        assert again.code == "already_replaced" and f"claim {first.record_id}" in again.message

    def test_an_unknown_frequency_code_is_refused(self, denied: tuple[Clinic, Visit, int]) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(ResubmitClaim(claim_id=visit.claim_id, frequency_code=5))

        assert not outcome.done and "1 (new original), 7 (replacement) or 8 (void)" in (
            outcome.message
        )

    def test_a_void_cancels_the_processed_claim(self, denied: tuple[Clinic, Visit, int]) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(
            ResubmitClaim(
                claim_id=visit.claim_id, frequency_code=8, original_claim_number=PAYER_NUMBER
            )
        )

        assert outcome.done and outcome.record_id is not None
        void, old = claim_row(clinic, outcome.record_id), claim_row(clinic, visit.claim_id)
        assert (void.frequency_code, void.original_claim_number) == (8, PAYER_NUMBER)
        assert (old.status, old.replaced_by_id) == ("void", void.id)


class TestCorrections:
    def test_a_sent_claim_is_corrected_through_a_replacement(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        outcome = clinic.perform(
            CorrectClaim(
                claim_id=visit.claim_id, field="member_id", value=CARD, reason="checked card"
            )
        )

        assert not outcome.done and outcome.code == "claim_sent"
        assert "replacement claim" in outcome.message and "frequency 7" in outcome.message
        assert claim_row(clinic, visit.claim_id).member_id == TYPO

    def test_a_rejected_claim_is_corrected_and_sent_again_as_an_original(
        self, clinic: Clinic
    ) -> None:
        visit = _send(clinic)
        with clinic.db.sessions() as s, s.begin():
            claim = s.get(Claim, visit.claim_id)
            assert claim is not None
            claim.status, claim.rejection_reason = "rejected", "Diagnosis code invalid"
        fixed = clinic.perform(
            CorrectClaim(
                claim_id=visit.claim_id,
                field="diagnoses",
                value="I10, e11.9",
                reason="added the diabetes code from the visit note",
            )
        )
        as_replacement = clinic.perform(
            ResubmitClaim(claim_id=visit.claim_id, frequency_code=7, original_claim_number="1")
        )
        sent = clinic.perform(ResubmitClaim(claim_id=visit.claim_id, frequency_code=1))

        assert fixed.done, fixed.message
        assert not as_replacement.done and as_replacement.code == "rejected_not_adjudicated"
        assert sent.done and sent.record_id == visit.claim_id and sent.warnings == ()
        claim = claim_row(clinic, visit.claim_id)
        assert (claim.diagnoses, claim.status) == ("I10,E119", "submitted")
        with clinic.db.reading() as s:
            (amendment,) = s.scalars(
                select(Amendment).where(
                    Amendment.record_type == "claim", Amendment.record_id == visit.claim_id
                )
            )
        assert (amendment.old_value, amendment.new_value) == ("I10", "I10,E119")
        assert amendment.reason == "added the diabetes code from the visit note"

    @pytest.mark.parametrize(
        ("field", "value", "reason", "says"),
        [
            ("diagnoses", "M54.5", "coder", "not a billable code"),
            ("diagnoses", "Q99.99", "coder", "not an ICD-10-CM code"),
            ("pointers", "C", "coder", "(A)"),
            ("modifiers", "25,XYZ", "coder", "two-character"),
            ("total_cents", "1", "coder", "cannot be corrected here"),
            ("prior_auth_number", "PA1234", "", "reason"),
        ],
    )
    def test_a_wrong_correction_is_refused_with_what_to_do(
        self, clinic: Clinic, field: str, value: str, reason: str, says: str
    ) -> None:
        visit = _send(clinic)
        with clinic.db.sessions() as s, s.begin():
            claim = s.get(Claim, visit.claim_id)
            assert claim is not None
            claim.status = "rejected"
        outcome = clinic.perform(
            CorrectClaim(claim_id=visit.claim_id, field=field, value=value, reason=reason)
        )

        assert not outcome.done and says in outcome.message
        assert claim_row(clinic, visit.claim_id).diagnoses == "I10"


class TestMoney:
    def test_posting_a_denial_records_it_on_the_account_once(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, remittance_id = denied
        before = last_ledger_id(clinic)
        posted = clinic.perform(PostDenial(remittance_id=remittance_id))
        again = clinic.perform(PostDenial(remittance_id=remittance_id))

        assert posted.done and "CO-16 (N382)" in posted.message
        (entry,) = ledger(clinic, visit.patient_id, before)
        assert (entry.kind, entry.amount_cents) == ("denial", 0)
        assert PAYER_NUMBER in entry.description
        assert not again.done and again.code == "already_posted"

    def test_a_paying_remittance_is_not_posted_as_a_denial(
        self, paid: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, _, remittance_id = paid
        outcome = clinic.perform(PostDenial(remittance_id=remittance_id))

        assert not outcome.done and outcome.code == "not_a_denial"
        assert "$75.00" in outcome.message

    def test_a_write_off_lowers_the_balance_of_the_claim_and_the_account(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        before = last_ledger_id(clinic)
        outcome = clinic.perform(
            WriteOff(claim_id=visit.claim_id, amount_cents=4000, reason="small balance policy")
        )

        assert outcome.done and "$40.00" in outcome.message
        (entry,) = ledger(clinic, visit.patient_id, before)
        assert (entry.kind, entry.amount_cents) == ("adjustment", -4000)
        form = claim_form(clinic.db, visit.claim_id)
        assert form is not None
        assert (form.written_off.cents, form.open_balance.cents) == (4000, 9000)

    @pytest.mark.parametrize(
        ("amount", "reason", "code"),
        [(13001, "too much", "too_much"), (0, "nothing", "invalid"), (500, " ", "reason_required")],
    )
    def test_a_write_off_must_fit_the_open_balance_and_say_why(
        self, denied: tuple[Clinic, Visit, int], amount: int, reason: str, code: str
    ) -> None:
        clinic, visit, _ = denied
        before = last_ledger_id(clinic)
        outcome = clinic.perform(
            WriteOff(claim_id=visit.claim_id, amount_cents=amount, reason=reason)
        )

        assert not outcome.done and outcome.code == code
        assert ledger(clinic, visit.patient_id, before) == []

    def test_money_is_not_moved_on_a_claim_that_was_replaced(
        self, denied: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = denied
        replacement = clinic.perform(
            ResubmitClaim(
                claim_id=visit.claim_id, frequency_code=7, original_claim_number=PAYER_NUMBER
            )
        )
        outcome = clinic.perform(
            TransferToPatient(claim_id=visit.claim_id, amount_cents=100, reason="patient owes")
        )

        assert not outcome.done and outcome.code == "claim_closed"
        assert f"claim {replacement.record_id}" in outcome.message

    def test_billing_the_patient_their_copay_share_needs_no_warning(
        self, paid: tuple[Clinic, Visit, int]
    ) -> None:
        clinic, visit, _ = paid
        within = clinic.perform(
            TransferToPatient(claim_id=visit.claim_id, amount_cents=2500, reason="co-pay PR-3")
        )

        assert within.done and within.warnings == ()
        form = claim_form(clinic.db, visit.claim_id)
        assert form is not None and form.open_balance.cents == 0

    def test_billing_the_patient_more_than_their_share_is_refused(self, clinic: Clinic) -> None:
        visit = _send(clinic)
        _answer(clinic, visit.claim_id, 7200, [("PR", "3", [], 2500)])  # 33.00 left unexplained
        outcome = clinic.perform(
            TransferToPatient(claim_id=visit.claim_id, amount_cents=5000, reason="rest")
        )

        assert not outcome.done and outcome.code == "contractual"
        assert "$25.00 (PR)" in outcome.message


class TestNotes:
    def test_an_account_note_keeps_its_author_and_time(self, clinic: Clinic) -> None:
        patient_id = clinic.adults(1)[0]
        outcome = clinic.perform(
            WriteNote(patient_id=patient_id, kind="account", text="  Called payer, ref 88.  ")
        )

        assert outcome.done and outcome.changes == {Change.NOTES, Change.AUDIT}
        with clinic.db.reading() as s:
            note = s.get(Note, outcome.record_id)
            assert note is not None
        assert (note.kind, note.text, note.author) == (
            "account",
            "Called payer, ref 88.",
            "trainee",
        )
        assert note.written_at == clinic.clock.now()
        assert notes(clinic.db, patient_id)[0].id == note.id

    @pytest.mark.parametrize(
        ("kind", "text", "code"), [("account", "  ", "empty_note"), ("memo", "hello", "invalid")]
    )
    def test_an_empty_note_or_an_unknown_kind_is_refused(
        self, clinic: Clinic, kind: str, text: str, code: str
    ) -> None:
        outcome = clinic.perform(WriteNote(patient_id=clinic.adults(1)[0], kind=kind, text=text))

        assert not outcome.done and outcome.code == code

    def test_a_chart_note_is_not_listed_with_the_account_notes(self, clinic: Clinic) -> None:
        patient_id = clinic.adults(1)[0]
        clinic.perform(WriteNote(patient_id=patient_id, kind="chart", text="Arrived 10:07."))

        assert notes(clinic.db, patient_id) == []


REFUSALS = {
    "opening a claim that does not exist": lambda v, r: OpenClaim(claim_id=987_654),
    "reading a remittance that does not exist": lambda v, r: ReadRemittance(remittance_id=9_999),
    "a replacement with the wrong number": lambda v, r: ResubmitClaim(
        claim_id=v.claim_id, frequency_code=7, original_claim_number="1"
    ),
    "editing a sent claim": lambda v, r: CorrectClaim(
        claim_id=v.claim_id, field="member_id", value=CARD, reason="card"
    ),
    "a write-off without a reason": lambda v, r: WriteOff(
        claim_id=v.claim_id, amount_cents=100, reason=""
    ),
    "billing the patient more than is open": lambda v, r: TransferToPatient(
        claim_id=v.claim_id, amount_cents=99_999, reason="all of it"
    ),
    "a note on a patient who does not exist": lambda v, r: WriteNote(
        patient_id=999_999, kind="account", text="Called the payer."
    ),
}


@pytest.mark.parametrize("scene", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_claim_action_is_logged_and_changes_nothing_else(
    denied: tuple[Clinic, Visit, int], scene: Callable[[Visit, int], Action]
) -> None:
    clinic, visit, remittance_id = denied
    action = scene(visit, remittance_id)
    before = clinic.snapshot()

    outcome = clinic.perform(action)

    assert not outcome.done
    assert not outcome.message[0].islower() and outcome.message.endswith(".")
    entry = log_of(clinic, outcome.seq)
    assert (entry.outcome, entry.action_type) == ("refused", action.name)
    assert clinic.snapshot() == before
