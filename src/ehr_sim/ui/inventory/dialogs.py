"""Inventory dialogs: a purchase order, receiving one order line, adjusting an item's stock."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.inventory import ItemRow, OrderLineRow, OrderRow
from ehr_sim.domain.actions import Action, AdjustStock, CreatePurchaseOrder, ReceiveShipment
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.schedule.forms import date_edit, from_qdate

# Strings the trainee reads -----------------------------------------------------------
ORDER_TITLE = "New purchase order"
ORDER_SUBMIT = "Create order"
SUPPLIER = "&Supplier:"
RUSH = "&Rush (next business day; rush orders need the practice manager's approval)"
NOTE = "&Note:"
ORDER_HINT = "Enter packs (boxes) for each item to order. “To par” counts what is already on order."
ORDER_HEADERS = ("Item", "Pack", "On hand", "On order", "To par", "Packs")
NOTHING_ORDERED = "Enter packs for at least one item."
RECEIVE_TITLE = "Receive {number}: {item}"
RECEIVE_SUBMIT = "Receive"
RECEIVE_HINT = (
    "Count what is in the carton, not what the packing slip says. {left} pack(s) of "
    "{pack} still to come on this line."
)
RECEIVED = "Packs &received:"
BACKORDERED = "Packs &back-ordered:"
BACKORDER_DUE = "Back-order &due:"
LOT = "&Lot number:"
EXPIRES = "&Expires:"
CONFIRM_OVER = "&More came than was ordered: receive it anyway"
ADJUST_TITLE = "Adjust stock: {item}"
ADJUST_SUBMIT = "Adjust"
ADJUST_HINT = "{on_hand} {unit}(s) on hand. Add forms printed, remove expired or outdated stock."
UNITS = "&Units (+ add, − remove):"
REASON = "Rea&son:"


class PurchaseOrderDialog(ActionDialog):
    """Order packs of items from one supplier."""

    enter_submits = False

    def __init__(
        self,
        perform: Perform,
        items: list[ItemRow],
        *,
        supplier: str = "",
        packs: dict[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(perform, ORDER_TITLE, ORDER_SUBMIT, parent)
        self.items = [i for i in items if i.pack_cost.cents > 0]  # not forms printed in house
        self.supplier = QComboBox()
        self.supplier.setEditable(True)
        for name in sorted({i.supplier for i in self.items}):
            self.supplier.addItem(name)
        if supplier:
            self.supplier.setCurrentText(supplier)
        self.rush = QCheckBox(RUSH)
        self.note = QLineEdit()
        self.table = QTableWidget(len(self.items), len(ORDER_HEADERS))
        self.table.setHorizontalHeaderLabels(list(ORDER_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.spins: dict[str, QSpinBox] = {}
        for row, item in enumerate(self.items):
            cells = (
                item.name,
                item.pack_name,
                str(item.on_hand),
                str(item.on_order),
                str(item.packs_to_par),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue((packs or {}).get(item.code, 0))
            spin.setAccessibleName(f"Packs of {item.name}")
            self.spins[item.code] = spin
            self.table.setCellWidget(row, len(cells), spin)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.content.addWidget(hint_label(ORDER_HINT))
        self.content.addLayout(labelled_form([(SUPPLIER, self.supplier), (NOTE, self.note)]))
        self.content.addWidget(self.table, 1)
        self.content.addWidget(self.rush)
        self.resize(760, 520)

    def build(self) -> Action | None:
        quantities = {code: str(spin.value()) for code, spin in self.spins.items() if spin.value()}
        if not quantities:
            self.show_error(NOTHING_ORDERED)
            return None
        return CreatePurchaseOrder(
            supplier=self.supplier.currentText().strip(),
            quantities=quantities,
            rush=self.rush.isChecked(),
            note=self.note.text().strip(),
        )


class ReceiveDialog(ActionDialog):
    """Count one line of a delivery: packs received, back-ordered, lot and expiry."""

    def __init__(
        self,
        perform: Perform,
        order: OrderRow,
        line: OrderLineRow,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        title = RECEIVE_TITLE.format(number=order.number, item=line.item_name)
        super().__init__(perform, title, RECEIVE_SUBMIT, parent)
        self.line = line
        self.received = QSpinBox()
        self.received.setRange(0, 999)
        self.received.setValue(line.outstanding)
        self.backordered = QSpinBox()
        self.backordered.setRange(0, 999)
        self.due = date_edit(today + timedelta(days=7))
        self.lot = QLineEdit()
        self.expires = date_edit(today + timedelta(days=365))
        self.confirm_over = QCheckBox(CONFIRM_OVER)
        self.confirm_over.hide()
        rows: list[tuple[str, QWidget]] = [
            (RECEIVED, self.received),
            (BACKORDERED, self.backordered),
        ]
        rows.append((BACKORDER_DUE, self.due))
        if line.tracks_lot:
            rows += [(LOT, self.lot), (EXPIRES, self.expires)]
        hint = RECEIVE_HINT.format(left=line.outstanding, pack=line.pack_name)
        self.content.addWidget(hint_label(hint))
        self.content.addLayout(labelled_form(rows))
        self.content.addWidget(self.confirm_over)
        self.backordered.valueChanged.connect(lambda n: self.due.setEnabled(n > 0))
        self.due.setEnabled(False)
        self.fit_width(460)

    def build(self) -> Action | None:
        backordered = self.backordered.value()
        return ReceiveShipment(
            order_line_id=self.line.id,
            packs_received=self.received.value(),
            packs_backordered=backordered,
            backorder_due=from_qdate(self.due.date()) if backordered else None,
            lot=self.lot.text().strip() if self.line.tracks_lot else "",
            expires_on=from_qdate(self.expires.date()) if self.line.tracks_lot else None,
            confirm_over=self.confirm_over.isVisible() and self.confirm_over.isChecked(),
        )

    def refused(self, outcome: Outcome) -> None:
        if outcome.code == "over_ordered":
            self.confirm_over.show()
            self.received.setFocus()


class AdjustStockDialog(ActionDialog):
    """Add or remove units of one item with a reason."""

    def __init__(self, perform: Perform, item: ItemRow, parent: QWidget | None = None) -> None:
        super().__init__(perform, ADJUST_TITLE.format(item=item.name), ADJUST_SUBMIT, parent)
        self.item = item
        self.units = QSpinBox()
        self.units.setRange(-99_999, 99_999)
        self.reason = QLineEdit()
        hint = ADJUST_HINT.format(on_hand=item.on_hand, unit=item.unit)
        self.content.addWidget(hint_label(hint))
        self.content.addLayout(labelled_form([(UNITS, self.units), (REASON, self.reason)]))
        self.fit_width(440)

    def build(self) -> Action | None:
        return AdjustStock(
            item_id=self.item.id, units=self.units.value(), reason=self.reason.text().strip()
        )
