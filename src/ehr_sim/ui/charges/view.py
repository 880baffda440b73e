"""Charge entry: the week's completed visits and where each stands (charges to enter, claim to
create, claim made), and one visit's superbill to enter its charges and make its claim."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.charges import VisitToBill, superbill, visits_to_bill
from ehr_sim.domain.actions import CreateClaim, EnterCharges
from ehr_sim.domain.codes import load_icd10
from ehr_sim.ui.charges.superbill import SuperbillPage
from ehr_sim.ui.common.labels import hint_label, set_kind
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Charge entry"
HINT = (
    "Completed visits of the last {days} days, those waiting for charges first. Click a visit "
    "to open its superbill."
)
EMPTY = "No completed visits are waiting: charges appear here once a patient is checked out."
BACK = "← &Back to visits"
ENTER = "&Enter charges"
ENTER_TIP = "Enter the ticked codes and the diagnoses on the patient's account"
CREATE = "&Create claim"
CREATE_TIP = "Make a claim to the primary insurance from these charges (ready to send)"
NOTHING_TICKED = "Tick at least one service and write at least diagnosis A."
DONE = "{message}"
REFUSED = "Not done: {message}"
DAYS = 7

COLUMNS: list[Column[VisitToBill]] = [
    Column("Stage", lambda r: r.stage, lambda r: "#fde6c8" if r.total is None else None),
    Column("Seen", lambda r: f"{r.seen_at:%m/%d/%Y %I:%M %p}"),
    Column("Patient", lambda r: r.patient_name),
    Column("MRN", lambda r: r.mrn),
    Column("Provider", lambda r: r.provider),
    Column("Visit", lambda r: r.visit_type),
    Column("Payer", lambda r: r.payer),
    Column("Charges", lambda r: str(r.total) if r.total is not None else "", align_right=True),
]
HEADERS = [c.header for c in COLUMNS]
CHANGES_SHOWN = frozenset({Change.CLAIMS, Change.APPOINTMENTS, Change.COVERAGES})


class ChargesView(QWidget):
    """The charge-entry desk: a list of visits, and one visit's superbill."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id: int | None = None
        self.stale = True
        self.heading = QLabel(HEADING)
        self.heading.setProperty("role", "heading")
        self.hint = hint_label(HINT.format(days=DAYS))
        self.model: RowsModel[VisitToBill] = RowsModel(COLUMNS, self)
        self.table = rows_table(self.model, HEADERS.index("Patient"))
        self.empty = hint_label(EMPTY)
        self.empty.hide()
        self.back_button = QPushButton(BACK)
        self.superbill = SuperbillPage()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(self.superbill)
        self.form_scroll.setWidgetResizable(True)
        self.enter_button = QPushButton(ENTER)
        self.enter_button.setProperty("primary", True)
        self.enter_button.setToolTip(ENTER_TIP)
        self.create_button = QPushButton(CREATE)
        self.create_button.setToolTip(CREATE_TIP)
        self.result = QLabel()
        self.result.setObjectName("chargeResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.pages = QStackedWidget()
        self._layout()
        self.table.clicked.connect(lambda index: self._open_row(self.model.row_at(index)))
        self.table.activated.connect(lambda index: self._open_row(self.model.row_at(index)))
        self.back_button.clicked.connect(self.back_to_list)
        self.enter_button.clicked.connect(self.enter_charges)
        self.create_button.clicked.connect(self.create_claim)
        shortcut = QShortcut(QKeySequence("Esc"), self.form_page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_to_list)
        services.changed.connect(self._on_changed)

    def _layout(self) -> None:
        list_page = QWidget()
        column = QVBoxLayout(list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.hint)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        self.list_page = list_page
        form_page = QWidget()
        column = QVBoxLayout(form_page)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(self.form_scroll, 1)
        column.addWidget(self.result)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.form_page = form_page
        self.pages.addWidget(list_page)
        self.pages.addWidget(form_page)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.heading)
        page.addWidget(self.pages, 1)

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Re-read the list and the open superbill (nothing is logged)."""
        self.stale = False
        since = self.services.today() - timedelta(days=DAYS)
        rows = visits_to_bill(self.services.db, since=since)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if self.appointment_id is not None:
            self._load_form()

    def _on_changed(self, outcome: Outcome) -> None:
        if not outcome.changes & CHANGES_SHOWN:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def _open_row(self, row: VisitToBill | None) -> None:
        if row is not None:
            self.open_visit(row.appointment_id)

    def open_visit(self, appointment_id: int) -> None:
        """Show the visit's superbill (reading it is not an action: it is the visit's form)."""
        load_icd10()
        self.appointment_id = appointment_id
        self.result.setText("")
        self.result.hide()
        self._load_form()
        self.pages.setCurrentWidget(self.form_page)

    def _load_form(self) -> None:
        assert self.appointment_id is not None
        form = superbill(self.services.db, self.appointment_id)
        if form is None:
            return
        self.superbill.show_form(form)
        self.enter_button.setEnabled(not form.entered)
        self.create_button.setEnabled(
            form.entered and form.claim_id is None and form.payer != "Self-pay"
        )

    def back_to_list(self) -> None:
        self.appointment_id = None
        self.pages.setCurrentWidget(self.list_page)
        self.table.setFocus()

    def _say(self, outcome: Outcome) -> None:
        if outcome.done:
            text = DONE.format(message=outcome.message)
            if outcome.warnings:
                text += "\n" + "\n".join(outcome.warnings)
            set_kind(self.result, "warning" if outcome.warnings else "done")
        else:
            text = REFUSED.format(message=outcome.message)
            set_kind(self.result, "refused")
        self.result.setText(text)
        self.result.show()

    def enter_charges(self) -> Outcome | None:
        """Perform EnterCharges with what the superbill shows."""
        if self.appointment_id is None:
            return None
        lines, diagnoses = self.superbill.lines(), self.superbill.diagnoses()
        if not lines or not diagnoses:
            set_kind(self.result, "refused")
            self.result.setText(NOTHING_TICKED)
            self.result.show()
            return None
        outcome = self.services.perform(
            EnterCharges(appointment_id=self.appointment_id, diagnoses=diagnoses, lines=lines)
        )
        self._say(outcome)
        return outcome

    def create_claim(self) -> Outcome | None:
        if self.appointment_id is None:
            return None
        outcome = self.services.perform(CreateClaim(appointment_id=self.appointment_id))
        self._say(outcome)
        return outcome
