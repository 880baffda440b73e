"""The Inventory area: stock (with the low-stock list and exports), purchase orders with
receiving, and lots with their expiry dates."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.inventory import (
    ItemRow,
    LotRow,
    OrderLineRow,
    OrderRow,
    expiring,
    export_inventory,
    items,
    lots,
    orders,
)
from ehr_sim.domain.actions import RunInventoryReport
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.inventory.dialogs import AdjustStockDialog, PurchaseOrderDialog, ReceiveDialog
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Inventory · supplies and forms"
STOCK_TAB, ORDERS_TAB, LOTS_TAB = "&Stock", "Purchase &orders", "&Lots and expiry"
LOW_ONLY = "Low stock &only"
LOW_ONLY_TIP = "Show only items at or under their reorder point"
COUNTS = "{low} of {total} items at or under the reorder point"
REPORT = "Run inventory &report"
REPORT_TIP = "Run the inventory report (logged): what is low, and what is already on order"
ORDER = "&Order…"
ORDER_TIP = "Order the selected item (or any items) from a supplier"
ADJUST = "&Adjust…"
ADJUST_TIP = "Add forms printed, or remove expired or outdated stock, with a reason"
EXPORT_CSV, EXPORT_XLSX = "Export &CSV…", "Export &XLSX…"
EXPORT_TITLE = "Export the stock list"
EXPORTED = "Saved {path}."
NEW_ORDER = "&New order…"
RECEIVE = "&Receive…"
RECEIVE_TIP = "Count the delivery for the selected line against the order"
ORDERS_HINT = "Select an order to see its lines; select a line to receive it."
LOTS_HINT = "Lots received for items tracked by lot. Red: expired. Yellow: expires within 60 days."
LOW_COLOUR, SOON_COLOUR, EXPIRED_COLOUR = "#f8d7d3", "#fbefc4", "#f8d7d3"

CHANGES_SHOWN = frozenset({Change.INVENTORY, Change.APPOINTMENTS})


def _date(value: object) -> str:
    return "" if value is None else f"{value:%m/%d/%Y}"


class InventoryView(QWidget):
    """Stock, orders and lots; refreshes when inventory or visits change."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: QWidget | None = None
        self.file_dialog: QFileDialog | None = None
        self.all_items: list[ItemRow] = []
        today = services.today

        self.heading = QLabel(HEADING)
        self.heading.setProperty("role", "heading")
        self.tabs = QTabWidget()

        # Stock
        self.low_only = QCheckBox(LOW_ONLY)
        self.low_only.setToolTip(LOW_ONLY_TIP)
        self.counts = QLabel()
        self.items_model: RowsModel[ItemRow] = RowsModel(
            [
                Column("Item", lambda r: r.name),
                Column(
                    "On hand",
                    lambda r: f"{r.on_hand}",
                    lambda r: LOW_COLOUR if r.low else None,
                    align_right=True,
                ),
                Column("Unit", lambda r: r.unit),
                Column("Reorder at", lambda r: str(r.reorder_point), align_right=True),
                Column("Par", lambda r: str(r.par), align_right=True),
                Column("On order", lambda r: str(r.on_order or ""), align_right=True),
                Column("Pack", lambda r: r.pack_name),
                Column("Location", lambda r: r.location),
                Column("Supplier", lambda r: r.supplier),
                Column(
                    "Next expiry",
                    lambda r: _date(r.next_expiry),
                    lambda r: _expiry_colour(expiring(r, today())),
                ),
            ],
            self,
        )
        self.items_table = rows_table(self.items_model, stretch=0)
        self.report_button = QPushButton(REPORT)
        self.report_button.setToolTip(REPORT_TIP)
        self.order_button = QPushButton(ORDER)
        self.order_button.setToolTip(ORDER_TIP)
        self.adjust_button = QPushButton(ADJUST)
        self.adjust_button.setToolTip(ADJUST_TIP)
        self.csv_button = QPushButton(EXPORT_CSV)
        self.xlsx_button = QPushButton(EXPORT_XLSX)
        self.report = hint_label()
        stock = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.low_only)
        filters.addStretch(1)
        filters.addWidget(self.counts)
        buttons = QHBoxLayout()
        for button in (self.report_button, self.order_button, self.adjust_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.xlsx_button)
        column = QVBoxLayout(stock)
        column.addLayout(filters)
        column.addWidget(self.items_table, 1)
        column.addWidget(self.report)
        column.addLayout(buttons)
        self.tabs.addTab(stock, STOCK_TAB)

        # Orders
        self.orders_model: RowsModel[OrderRow] = RowsModel(
            [
                Column("Order", lambda r: r.number),
                Column("Supplier", lambda r: r.supplier),
                Column("Ordered", lambda r: f"{r.ordered_at:%m/%d/%Y}"),
                Column("Expected", lambda r: _date(r.expected_on)),
                Column("Status", lambda r: r.status.label + (" · rush" if r.rush else "")),
                Column("Total", lambda r: str(r.total), align_right=True),
                Column("Note", lambda r: r.note),
            ],
            self,
        )
        self.orders_table = rows_table(self.orders_model, stretch=6)
        self.lines_model: RowsModel[OrderLineRow] = RowsModel(
            [
                Column("Item", lambda r: r.item_name),
                Column("Pack", lambda r: r.pack_name),
                Column("Ordered", lambda r: str(r.packs_ordered), align_right=True),
                Column("Received", lambda r: str(r.packs_received), align_right=True),
                Column("Still to come", lambda r: str(r.outstanding or ""), align_right=True),
                Column("Back-ordered", lambda r: str(r.packs_backordered or ""), align_right=True),
                Column("Back-order due", lambda r: _date(r.backorder_due)),
            ],
            self,
        )
        self.lines_table = rows_table(self.lines_model, stretch=0)
        self.new_order_button = QPushButton(NEW_ORDER)
        self.receive_button = QPushButton(RECEIVE)
        self.receive_button.setToolTip(RECEIVE_TIP)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint_label(ORDERS_HINT))
        column.addWidget(self.orders_table, 3)
        column.addWidget(self.lines_table, 2)
        row = QHBoxLayout()
        row.addWidget(self.new_order_button)
        row.addWidget(self.receive_button)
        row.addStretch(1)
        column.addLayout(row)
        self.tabs.addTab(page, ORDERS_TAB)

        # Lots
        self.lots_model: RowsModel[LotRow] = RowsModel(
            [
                Column("Item", lambda r: r.item_name),
                Column("Lot", lambda r: r.lot),
                Column(
                    "Expires",
                    lambda r: _date(r.expires_on),
                    lambda r: _expiry_colour(expiring(r, today())),
                ),
                Column("Units received", lambda r: str(r.units), align_right=True),
                Column("Received", lambda r: f"{r.received_at:%m/%d/%Y}"),
            ],
            self,
        )
        self.lots_table = rows_table(self.lots_model, stretch=0)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint_label(LOTS_HINT))
        column.addWidget(self.lots_table, 1)
        self.tabs.addTab(page, LOTS_TAB)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.heading)
        outer.addWidget(self.tabs, 1)

        self.low_only.toggled.connect(lambda _on: self._show_items())
        self.items_table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.orders_table.selectionModel().selectionChanged.connect(lambda *_: self._show_lines())
        self.lines_table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.lines_table.activated.connect(lambda _i: self.receive())
        self.report_button.clicked.connect(self.run_report)
        self.order_button.clicked.connect(self.order)
        self.new_order_button.clicked.connect(lambda: self.order(for_selected=False))
        self.adjust_button.clicked.connect(self.adjust)
        self.receive_button.clicked.connect(self.receive)
        self.csv_button.clicked.connect(lambda: self.choose_export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.choose_export("xlsx"))
        services.changed.connect(self._on_changed)
        self.refresh()

    # Reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.services.db
        self.all_items = items(db)
        self._show_items()
        chosen = self.selected_order()
        self.orders_model.set_rows(orders(db))
        if chosen is not None:
            self.select_order(chosen.number)
        self._show_lines()
        self.lots_model.set_rows(lots(db))

    def _show_items(self) -> None:
        chosen = self.selected_item()
        low = [r for r in self.all_items if r.low]
        self.counts.setText(COUNTS.format(low=len(low), total=len(self.all_items)))
        self.items_model.set_rows(low if self.low_only.isChecked() else self.all_items)
        if chosen is not None:
            self.select_item(chosen.code)
        self._buttons()

    def _show_lines(self) -> None:
        order = self.selected_order()
        self.lines_model.set_rows(order.lines if order is not None else [])
        self._buttons()

    def _buttons(self) -> None:
        item = self.selected_item()
        self.adjust_button.setEnabled(item is not None)
        order, line = self.selected_order(), self.selected_line()
        self.receive_button.setEnabled(
            order is not None and order.status.expecting and line is not None
        )

    def selected_item(self) -> ItemRow | None:
        return selected_row(self.items_table, self.items_model)

    def selected_order(self) -> OrderRow | None:
        return selected_row(self.orders_table, self.orders_model)

    def selected_line(self) -> OrderLineRow | None:
        return selected_row(self.lines_table, self.lines_model)

    def select_item(self, code: str) -> bool:
        return select_row(self.items_table, self.items_model, lambda r: r.code == code)

    def select_order(self, number: str) -> bool:
        return select_row(self.orders_table, self.orders_model, lambda r: r.number == number)

    def select_line(self, item_code: str) -> bool:
        return select_row(self.lines_table, self.lines_model, lambda r: r.item_code == item_code)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    # Acting ---------------------------------------------------------------------------

    def run_report(self) -> None:
        outcome = self.services.perform(RunInventoryReport())
        self.report.setText(outcome.message)
        self.low_only.setChecked(True)

    def order(self, *, for_selected: bool = True) -> None:
        item = self.selected_item() if for_selected else None
        packs = {item.code: max(1, item.packs_to_par)} if item is not None else {}
        self._open(
            PurchaseOrderDialog.ask(
                self.services.perform,
                self.all_items,
                supplier=item.supplier if item is not None else "",
                packs=packs,
                parent=self,
            )
        )

    def adjust(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._open(AdjustStockDialog.ask(self.services.perform, item, self))

    def receive(self) -> None:
        order, line = self.selected_order(), self.selected_line()
        if order is None or line is None or not self.receive_button.isEnabled():
            return
        self._open(
            ReceiveDialog.ask(self.services.perform, order, line, self.services.today(), self)
        )

    def _open(self, dialog: QWidget) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

    def choose_export(self, file_format: str) -> None:
        """Ask where to save the stock list (non-blocking; `export_to` does the writing)."""
        self.file_dialog = QFileDialog(self, EXPORT_TITLE)
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix(file_format)
        self.file_dialog.setNameFilter(f"{file_format.upper()} file (*.{file_format})")
        self.file_dialog.selectFile(f"inventory-{self.services.today():%Y-%m-%d}.{file_format}")
        self.file_dialog.fileSelected.connect(
            lambda chosen: self.export_to(Path(chosen), file_format)
        )
        self.file_dialog.open()

    def export_to(self, path: Path, file_format: str) -> None:
        data = export_inventory(self.services.db, file_format, low_only=self.low_only.isChecked())
        path.write_bytes(data)
        self.report.setText(EXPORTED.format(path=path))


R = TypeVar("R")


def _expiry_colour(state: str) -> str | None:
    return {"expired": EXPIRED_COLOUR, "soon": SOON_COLOUR}.get(state)
