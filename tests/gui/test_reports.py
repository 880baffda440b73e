"""The Reports area as a trainee uses it at the end of the day: run the day sheet, count the
drawer by typing each denomination, find the $20 through the card batch, correct the receipt's
method, export what is on screen and print it; the denial chart."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.domain.actions import CollectCopay
from ehr_sim.domain.money import Money
from ehr_sim.records import Appointment, Payment
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.reports.dialogs import CorrectMethodDialog
from ehr_sim.ui.reports.view import ReportsView
from ehr_sim.ui.services import Services
from tests.conftest import TODAY
from tests.gui.conftest import OnScreen

# (amount, method, reference): cash $110.00 posted, of which $20.00 was really a card.
TAKEN = [
    (2500, "cash", ""),
    (2000, "cash", ""),  # the card payment keyed as cash
    (3500, "card", ""),
    (6000, "check", "1127"),
    (4000, "cash", ""),
    (2500, "cash", ""),
]


@pytest.fixture
def books(services: Services, clock: SimClock) -> list[str]:
    """Co-pays taken today through the gateway; the clock at 5 PM. Their receipt numbers."""
    with services.db.reading() as s:
        visits = s.scalars(
            select(Appointment.id)
            .where(
                Appointment.start >= datetime.combine(TODAY, time(8)),
                Appointment.start < datetime.combine(TODAY, time(17)),
            )
            .order_by(Appointment.start)
        ).all()
    receipts = []
    for visit, (cents, method, reference) in zip(visits[:20], TAKEN * 4, strict=False):
        if len(receipts) == len(TAKEN):
            break
        outcome = services.perform(
            CollectCopay(
                appointment_id=visit, amount_cents=cents, method=method, reference=reference
            )
        )
        if outcome.done:
            receipts.append(outcome.details["receipt_number"] if outcome.details else "")
    assert len(receipts) == len(TAKEN)
    clock.set(datetime.combine(TODAY, time(17)))
    return receipts


@pytest.fixture
def view(services: Services, on_screen: OnScreen, books: list[str]) -> ReportsView:
    return on_screen(ReportsView(services), width=1366, height=700)


def said(view: ReportsView) -> str:
    """What the last action's outcome said (the window's notice bar shows it)."""
    assert view.last_outcome is not None
    return view.last_outcome.message


def type_counts(qtbot: QtBot, view: ReportsView, counts: dict[str, str]) -> None:
    for label, text in counts.items():
        field = view.counts[label]
        field.clear()
        qtbot.keyClicks(field, text)


def test_the_day_sheet_opens_when_run_and_lists_each_receipt(
    view: ReportsView, books: list[str], qtbot: QtBot
) -> None:
    assert view.sheet.report is None
    qtbot.mouseClick(view.run_sheet, Qt.MouseButton.LeftButton)

    assert said(view).startswith(f"Day sheet for {TODAY:%m/%d/%Y}: 6 receipts")
    receipts = view.sheet.cells("Receipts")
    assert [row[0] for row in receipts[1:]] == books
    methods = dict((row[0], row[1]) for row in view.sheet.cells("Payments by method")[1:])
    assert methods["Cash"] == "$110.00" and methods["Check"] == "$60.00"


def test_counting_the_drawer_by_denomination_finds_the_difference_and_the_correction_clears_it(
    view: ReportsView, books: list[str], qtbot: QtBot
) -> None:
    view.tabs.setCurrentIndex(1)
    # $150.00 float + $90.00 taken: $20.00 short of the $110.00 posted.
    type_counts(qtbot, view, {"50": "2", "20": "6", "10": "1", "5": "1", "1": "5"})
    qtbot.mouseClick(view.count_button, Qt.MouseButton.LeftButton)

    assert "$240.00 less the $150.00 float = $90.00 cash taken" in said(view)
    assert view.message.text() == "Drawer $20.00 short · books open"
    summary = dict((row[0], row[1]) for row in view.drawer.cells("Drawer against posted payments"))
    assert summary["Difference"] == "$20.00 short"

    qtbot.keyClicks(view.batch_total, "55.00")
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    assert said(view).endswith("$20.00 over.")
    assert view.message.text() == "Drawer $20.00 short · card batch $20.00 over · books open"

    traced = view.drawer.tables["Cash receipts (to trace a difference)"]
    row = next(r for r in range(traced.rowCount()) if traced.item(r, 0).text() == books[1])  # type: ignore[union-attr]
    traced.selectRow(row)
    view.correct_method()
    dialog = view.dialog
    assert isinstance(dialog, CorrectMethodDialog)
    assert dialog.receipt.currentText().startswith(f"#{books[1]}")
    dialog.method.setCurrentText("card")
    qtbot.keyClicks(dialog.reference, "40117X")
    qtbot.keyClicks(dialog.reason, "terminal batch shows card, auth 40117X")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    summary = dict((row[0], row[1]) for row in view.drawer.cells("Drawer against posted payments"))
    assert view.message.text() == "Drawer balanced · card batch balanced · books open"
    assert summary["Difference"] == "balanced"
    assert summary["Card difference"] == "balanced"
    with view.services.db.reading() as s:
        payment = s.scalars(select(Payment).where(Payment.receipt_number == books[1])).one()
    assert (payment.method, Money(payment.amount_cents)) == ("card", Money(2000))


def test_a_negative_count_cannot_be_typed_and_a_refusal_is_shown(
    view: ReportsView, qtbot: QtBot
) -> None:
    view.tabs.setCurrentIndex(1)
    qtbot.keyClicks(view.counts["20"], "-3")
    assert view.counts["20"].text() == "3"  # the field takes whole numbers only
    view.float_field.setText("500.00")
    qtbot.mouseClick(view.count_button, Qt.MouseButton.LeftButton)
    assert view.last_outcome is not None and not view.last_outcome.done
    assert said(view).startswith("The drawer holds $60.00, less than")
    assert view.message.text() == "Drawer not counted yet · books open"


def test_the_exports_hold_what_the_screen_shows_and_the_pdf_prints(
    view: ReportsView, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.mouseClick(view.run_sheet, Qt.MouseButton.LeftButton)
    shown = view.sheet.cells("Receipts")

    view.sheet.save_to(tmp_path / "day.csv", "csv")
    view.sheet.save_to(tmp_path / "day.xlsx", "xlsx")
    view.sheet.save_to(tmp_path / "day.pdf", "pdf")

    lines = list(csv.reader(io.StringIO((tmp_path / "day.csv").read_text("utf-8-sig"))))
    start = lines.index(["Receipts"]) + 1
    assert lines[start : start + len(shown)] == shown
    sheet = load_workbook(tmp_path / "day.xlsx")["Receipts"]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == shown[0]
    for from_file, on_screen in zip(values[1:], shown[1:], strict=True):
        amount = Money.parse(on_screen[4]).cents
        assert round(from_file[4] * 100) == amount
        assert [str(v or "") for i, v in enumerate(from_file) if i != 4] == [
            v for i, v in enumerate(on_screen) if i != 4
        ]
    assert (tmp_path / "day.pdf").read_bytes().startswith(b"%PDF")
    assert view.sheet.saved.text() == f"Saved {tmp_path / 'day.pdf'}."


def test_the_denial_chart_draws_a_bar_per_reason(view: ReportsView) -> None:
    view.tabs.setCurrentIndex(4)
    rows = view.denials.cells("Denials by reason (CARC)")[1:]
    assert rows, "the generated world has denials in the last 90 days"
    assert view.denials.chart.isVisible()
    assert view.denials.chart.bars == tuple((f"CARC {r[0]}", int(r[2])) for r in rows)
    image = view.denials.chart.grab().toImage()
    blue = sum(
        1 for x in range(0, image.width(), 4) if image.pixelColor(x, 28 + 10).name() == "#2f6db5"
    )
    assert blue > 0, "the first bar is painted"


def test_the_reports_area_is_open_on_the_rail(window: MainWindow) -> None:
    window.show_area("Reports")
    assert isinstance(window.area("Reports"), ReportsView)
