"""End of the day through the gateway: the drawer counted against the posted cash, the card
batch, a method corrected or a receipt voided with a reason, the deposit and the closed day.
Nothing ever posts money to make the books balance."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from ehr_sim.app.queries.reports import (
    day_sheet,
    day_sheet_report,
    denial_report,
    denials,
    drawer_status,
)
from ehr_sim.documents.reports import report_csv, report_pdf, report_xlsx
from ehr_sim.domain.actions import (
    CloseDay,
    CompareCardBatch,
    CorrectPaymentMethod,
    CountDrawer,
    PrepareDeposit,
    RunDaySheet,
    VoidPayment,
)
from ehr_sim.domain.money import Money
from ehr_sim.records import DayClose, DayCount, LedgerEntry, Payment, PaymentCorrection

from ..seeded import FREE_MONDAY, TODAY, Clinic, at

# (receipt, hour, minute, cents, method, reference)
RECEIPTS = [
    ("T2041", 8, 32, 2500, "cash", ""),
    ("T2042", 8, 50, 2500, "card", ""),
    ("T2044", 9, 40, 4000, "cash", ""),
    ("T2047", 11, 5, 2000, "cash", ""),
    ("T2048", 11, 30, 12000, "check", "3318"),
    ("T2049", 14, 11, 2000, "cash", ""),  # really a card payment
    ("T2051", 15, 10, 6000, "check", "1127"),
    ("T2052", 15, 45, 20000, "cash", ""),
    ("T2053", 16, 20, 25000, "card", ""),
]
# Posted: cash $305.00, checks $180.00, cards $275.00.


@pytest.fixture
def day(clinic: Clinic) -> dict[str, int]:
    """FREE_MONDAY's receipts (one $20 card payment posted as cash); the clock at 5 PM."""
    patients = clinic.adults(3)
    ids = {}
    with clinic.db.writing() as s:
        for n, (receipt, hour, minute, cents, method, reference) in enumerate(RECEIPTS):
            payment = Payment(
                patient_id=patients[n % 3],
                appointment_id=None,
                amount_cents=cents,
                method=method,
                reference=reference,
                receipt_number=receipt,
                received_at=at(hour, minute),
                purpose="copay",
            )
            s.add(payment)
            s.flush()
            s.add(
                LedgerEntry(
                    patient_id=payment.patient_id,
                    posted_at=payment.received_at,
                    kind="payment",
                    amount_cents=-cents,
                    description=f"Co-pay ({method}), receipt {receipt}",
                    encounter_id=None,
                    payment_id=payment.id,
                )
            )
            s.flush()
            ids[receipt] = payment.id
    clinic.clock.set(at(17))
    return ids


# Cash posted $305.00 + the $150.00 float; the drawer really holds $20.00 less.
SHORT_DRAWER = {"100": "1", "50": "2", "20": "11", "10": "1", "5": "1"}  # $435.00


def count(clinic: Clinic, counts: dict[str, str] = SHORT_DRAWER, float_cents: int = 15000):  # type: ignore[no-untyped-def]
    return clinic.perform(CountDrawer(day=FREE_MONDAY, counts=counts, float_cents=float_cents))


def rows(clinic: Clinic, model: type) -> int:  # type: ignore[type-arg]
    with clinic.db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


class TestCountDrawer:
    def test_the_difference_from_the_posted_cash_is_recorded_and_shown(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = count(clinic)

        assert outcome.done, outcome.message
        assert "$435.00 less the $150.00 float = $285.00 cash taken" in outcome.message
        assert "against $305.00 cash posted: $20.00 short" in outcome.message
        assert any("never make the books balance" in w for w in outcome.warnings)
        status = drawer_status(clinic.db, FREE_MONDAY)
        assert status.count is not None and status.count.counts["20"] == 11
        assert status.difference == Money(-2000)

    def test_a_negative_count_is_refused_and_nothing_is_written(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = count(clinic, {"20": "-3"})

        assert not outcome.done
        assert outcome.message == "The count of $20 cannot be negative."
        assert rows(clinic, DayCount) == 0

    def test_a_count_that_is_not_a_number_is_refused(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = count(clinic, {"20": "eleven"})
        assert not outcome.done
        assert "whole number" in outcome.message

    def test_a_float_larger_than_the_drawer_is_refused(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = count(clinic, {"20": "1"})
        assert not outcome.done
        assert "less than the $150.00 float" in outcome.message


class TestTracingTheDifference:
    def test_the_card_batch_shows_the_same_twenty_dollars_over(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = clinic.perform(
            CompareCardBatch(day=FREE_MONDAY, batch_total_cents=29500, approvals=3)
        )
        assert outcome.done, outcome.message
        assert outcome.message.endswith("against $275.00 card payments posted: $20.00 over.")

    def test_correcting_the_method_keeps_the_amount_and_balances_the_drawer(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        count(clinic)
        outcome = clinic.perform(
            CorrectPaymentMethod(
                payment_id=day["T2049"],
                method="card",
                reference="40117X",
                reason="terminal batch shows card, auth 40117X",
            )
        )

        assert outcome.done, outcome.message
        with clinic.db.reading() as s:
            payment = s.get(Payment, day["T2049"])
            assert payment is not None
            assert (payment.method, payment.amount_cents) == ("card", 2000)
            correction = s.scalars(select(PaymentCorrection)).one()
            assert (correction.old_method, correction.new_method) == ("cash", "card")
            ledger = s.scalars(
                select(LedgerEntry).where(LedgerEntry.payment_id == day["T2049"])
            ).one()
            assert ledger.amount_cents == -2000 and "(card)" in ledger.description
        assert drawer_status(clinic.db, FREE_MONDAY).difference == Money(0)
        sheet = day_sheet(clinic.db, FREE_MONDAY)
        assert sheet.by_method["cash"] == Money(28500)
        assert (
            "corrected from cash" in next(r for r in sheet.receipts if r.receipt == "T2049").status
        )

    def test_a_correction_without_a_reason_is_refused(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = clinic.perform(
            CorrectPaymentMethod(payment_id=day["T2049"], method="card", reason=" ")
        )
        assert not outcome.done
        assert rows(clinic, PaymentCorrection) == 0

    def test_a_correction_to_the_same_method_is_refused(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        outcome = clinic.perform(
            CorrectPaymentMethod(payment_id=day["T2049"], method="cash", reason="looks fine")
        )
        assert not outcome.done
        assert outcome.message == "Receipt T2049 is already posted as cash."

    def test_a_voided_receipt_leaves_the_totals_and_cannot_be_voided_again(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        first = clinic.perform(VoidPayment(payment_id=day["T2042"], reason="keyed twice"))
        again = clinic.perform(VoidPayment(payment_id=day["T2042"], reason="keyed twice"))
        corrected = clinic.perform(
            CorrectPaymentMethod(payment_id=day["T2042"], method="cash", reason="was cash")
        )

        assert first.done, first.message
        assert not again.done and "already voided" in again.message
        assert not corrected.done and "voided" in corrected.message
        assert day_sheet(clinic.db, FREE_MONDAY).by_method["card"] == Money(25000)

    def test_a_void_without_a_reason_is_refused(self, clinic: Clinic, day: dict[str, int]) -> None:
        assert not clinic.perform(VoidPayment(payment_id=day["T2042"], reason="")).done


class TestDepositAndClose:
    def test_the_deposit_needs_a_count_first(self, clinic: Clinic, day: dict[str, int]) -> None:
        outcome = clinic.perform(PrepareDeposit(day=FREE_MONDAY))
        assert not outcome.done
        assert outcome.message.startswith("Count the drawer first")

    def test_the_deposit_is_the_cash_taken_and_the_checks_without_the_float(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        count(clinic)
        outcome = clinic.perform(PrepareDeposit(day=FREE_MONDAY))
        assert outcome.done, outcome.message
        assert "cash $285.00 + 2 checks $180.00 = $465.00" in outcome.message
        assert "$150.00 float stays in the drawer" in outcome.message

    def test_closing_with_a_difference_needs_a_note_and_posts_nothing_to_hide_it(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        count(clinic)
        with clinic.db.reading() as s:
            ledger_before = s.scalar(select(func.count(LedgerEntry.id)))
        refused = clinic.perform(CloseDay(day=FREE_MONDAY))
        closed = clinic.perform(CloseDay(day=FREE_MONDAY, note="$20 short, not found yet"))

        assert not refused.done and "$20.00 short" in refused.message
        assert closed.done, closed.message
        assert closed.message.endswith("with $20.00 short unresolved.")
        with clinic.db.reading() as s:
            assert s.scalar(select(func.count(LedgerEntry.id))) == ledger_before
            assert s.scalars(select(DayClose)).one().difference_cents == -2000

    def test_a_day_is_closed_only_once_and_then_stays_as_it_was(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        count(clinic)
        assert clinic.perform(CloseDay(day=FREE_MONDAY, note="short $20")).done
        twice = clinic.perform(CloseDay(day=FREE_MONDAY, note="again"))
        late = clinic.perform(
            CorrectPaymentMethod(payment_id=day["T2049"], method="card", reason="found it")
        )
        recount = count(clinic)

        assert not twice.done and "were closed at" in twice.message
        assert not late.done and "closed" in late.message
        assert not recount.done
        assert rows(clinic, DayClose) == 1

    def test_closing_before_counting_is_refused(self, clinic: Clinic, day: dict[str, int]) -> None:
        outcome = clinic.perform(CloseDay(day=FREE_MONDAY, note="done"))
        assert not outcome.done and "Count the drawer" in outcome.message


class TestDaySheet:
    def test_running_it_says_the_posted_totals(self, clinic: Clinic, day: dict[str, int]) -> None:
        outcome = clinic.perform(RunDaySheet(day=FREE_MONDAY))
        assert outcome.done, outcome.message
        assert outcome.message == (
            "Day sheet for 01/04/2027: 9 receipts; posted cash $305.00, check $180.00, "
            "card $275.00."
        )

    def test_a_day_not_begun_has_no_day_sheet(self, clinic: Clinic, day: dict[str, int]) -> None:
        outcome = clinic.perform(RunDaySheet(day=date(2027, 1, 5)))
        assert not outcome.done

    def test_the_sheet_prints_and_exports_the_same_cells(
        self, clinic: Clinic, day: dict[str, int]
    ) -> None:
        report = day_sheet_report(
            day_sheet(clinic.db, FREE_MONDAY), datetime.combine(FREE_MONDAY, time(17))
        )
        text = report_csv(report).decode("utf-8-sig")
        assert report_pdf(report).startswith(b"%PDF")
        assert "T2049,2:11 PM" in text
        assert report_xlsx(report)[:2] == b"PK"


def test_denials_by_reason_are_counted_over_the_generated_remittances(clinic: Clinic) -> None:
    found = denials(clinic.db, date(2026, 5, 1), TODAY)
    assert found.remittances > 0
    assert found.denied == sum(r.count for r in found.rows)
    assert found.denied > 0, "the generated world has denials"
    report = denial_report(found, datetime.combine(TODAY, time(9)))
    assert report.chart and report.chart[0][1] == found.rows[0].count
