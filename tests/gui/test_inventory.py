"""The Inventory area: the stock list and its low-stock filter, ordering, receiving a short or
over shipment, adjusting stock and exporting, clicked and typed as a trainee would."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.inventory import items
from ehr_sim.records import ActionRecord, PurchaseOrder, PurchaseOrderLine
from ehr_sim.records.database import Database
from ehr_sim.ui.inventory.dialogs import AdjustStockDialog, PurchaseOrderDialog, ReceiveDialog
from ehr_sim.ui.inventory.view import LOW_COLOUR, InventoryView
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen


@pytest.fixture
def view(services: Services, on_screen: OnScreen) -> InventoryView:
    return on_screen(InventoryView(services))


def shown_items(view: InventoryView) -> list[str]:
    return [row.code for row in view.items_model.rows]


def on_hand(db: Database, code: str) -> int:
    return next(r.on_hand for r in items(db) if r.code == code)


def logged(db: Database) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [(r.action_type, r.outcome) for r in s.scalars(select(ActionRecord))]


def test_the_stock_list_marks_low_items_and_the_filter_keeps_only_them(
    view: InventoryView, qtbot: QtBot
) -> None:
    assert len(shown_items(view)) == 14
    assert view.counts.text() == "5 of 14 items at or under the reorder point"
    syringes = shown_items(view).index("SYR-1ML")
    cell = view.items_model.index(syringes, 1)
    assert view.items_model.data(cell) == "60"
    brush = view.items_model.data(cell, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == LOW_COLOUR
    qtbot.mouseClick(view.low_only, Qt.MouseButton.LeftButton)
    assert sorted(shown_items(view)) == ["BAND", "FORM-FLU", "SHARPS", "SYR-1ML", "VIS-FLU"]


def test_running_the_report_is_logged_and_shows_the_low_items(
    view: InventoryView, services: Services, qtbot: QtBot
) -> None:
    qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
    assert "5 of 14 items are low" in view.report.text()
    assert view.low_only.isChecked()
    assert logged(services.db)[-1] == ("RunInventoryReport", "done")


def test_ordering_the_selected_item_suggests_packs_to_par_and_creates_the_order(
    view: InventoryView, services: Services, qtbot: QtBot
) -> None:
    view.select_item("SYR-1ML")
    qtbot.mouseClick(view.order_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PurchaseOrderDialog)
    assert dialog.supplier.currentText() == "Buckeye Medical Supply"
    assert dialog.spins["SYR-1ML"].value() == 2  # 60 on hand + 300 on order, par 500
    dialog.spins["BAND"].setValue(1)
    qtbot.mouseClick(dialog.rush, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.note, "flu clinic")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with services.db.reading() as s:
        order = s.scalars(select(PurchaseOrder).where(PurchaseOrder.number == "PO-1186")).one()
        assert (order.supplier, order.rush, order.note) == (
            "Buckeye Medical Supply",
            True,
            "flu clinic",
        )
        assert sorted(line.packs_ordered for line in order.lines) == [1, 2]
    assert view.orders_model.rows[0].number == "PO-1186"


def test_an_order_with_no_packs_is_not_sent(view: InventoryView, qtbot: QtBot) -> None:
    qtbot.mouseClick(view.new_order_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PurchaseOrderDialog)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "Enter packs for at least one item."


def test_receiving_more_than_ordered_asks_and_is_received_once_confirmed(
    view: InventoryView, services: Services, qtbot: QtBot
) -> None:
    before = on_hand(services.db, "BAND")
    view.tabs.setCurrentIndex(1)
    assert view.select_order("PO-1185") and view.select_line("BAND")
    qtbot.mouseClick(view.receive_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReceiveDialog)
    assert dialog.received.value() == 2
    dialog.received.setValue(3)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "you counted 3" in dialog.error.text()
    assert dialog.confirm_over.isVisible()
    assert on_hand(services.db, "BAND") == before
    qtbot.mouseClick(dialog.confirm_over, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert on_hand(services.db, "BAND") == before + 300
    assert logged(services.db)[-2:] == [("ReceiveShipment", "refused"), ("ReceiveShipment", "done")]


def test_a_short_shipment_of_syringes_is_received_with_its_lot_and_back_order(
    view: InventoryView, services: Services, qtbot: QtBot
) -> None:
    view.tabs.setCurrentIndex(1)
    view.select_order("PO-1185")
    view.select_line("SYR-1ML")
    qtbot.mouseClick(view.receive_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReceiveDialog)
    dialog.received.setValue(1)
    dialog.backordered.setValue(2)
    assert dialog.due.isEnabled()
    qtbot.keyClicks(dialog.lot, "SYR48213")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    with services.db.reading() as s:
        line = s.get(PurchaseOrderLine, dialog.line.id)
        assert line is not None
        assert (line.packs_received, line.packs_backordered, line.order.status) == (
            1,
            2,
            "partial",
        )
    assert view.selected_order() is not None
    assert view.selected_order().status.label == "Partly received"  # type: ignore[union-attr]
    assert "SYR48213" in [lot.lot for lot in view.lots_model.rows]


def test_adjusting_stock_for_printed_forms_updates_the_list(
    view: InventoryView, services: Services, qtbot: QtBot
) -> None:
    view.select_item("FORM-FLU")
    qtbot.mouseClick(view.adjust_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AdjustStockDialog)
    dialog.units.setValue(150)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Give a reason" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "Printed for the flu clinic")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert on_hand(services.db, "FORM-FLU") == 180
    row = view.items_model.rows[shown_items(view).index("FORM-FLU")]
    assert row.on_hand == 180 and not row.low


def test_export_csv_asks_where_and_writes_the_stock_list(
    view: InventoryView, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
    chooser = view.file_dialog
    assert chooser is not None and chooser.isVisible()
    target = tmp_path / "stock.csv"
    chooser.selectFile(str(target))
    chooser.accept()
    QApplication.processEvents()
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["Code", "Item", "Kind", "On hand"]
    assert len(rows) == 15
    assert f"Saved {target}." == view.report.text()


def test_inventory_is_an_area_of_the_main_window(window: MainWindow) -> None:
    window.show_area("Inventory")
    assert isinstance(window.stack.currentWidget(), InventoryView)
