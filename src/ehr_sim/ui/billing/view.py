"""Billing & claims: the claims work list, a claim as its CMS-1500, its remittances with every
code explained, and the biller's actions (resubmit, post denial, write off, bill the patient or
the secondary insurance)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.charges import cms1500
from ehr_sim.app.queries.claims import ClaimForm, ClaimRow, claim_form, claims, notes
from ehr_sim.app.queries.secondary import SecondaryBill, secondary_bill
from ehr_sim.documents.cms1500 import cms1500_pdf
from ehr_sim.domain.actions import OpenClaim, PostDenial, ReadRemittance, SubmitClaim
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.codes import load_icd10
from ehr_sim.ui.billing.accounts import AccountsPanel
from ehr_sim.ui.billing.claim_page import ClaimPage
from ehr_sim.ui.billing.correct import CorrectClaimDialog
from ehr_sim.ui.billing.dialogs import (
    AmountDialog,
    ResubmitDialog,
    SecondaryDialog,
    account_note_dialog,
)
from ehr_sim.ui.billing.worklist import COLUMNS, STATUS_FILTERS, count_line, filtered
from ehr_sim.ui.common.table_model import RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Billing & claims"
CLAIMS_TAB = "Claims"
SHOW = "&Show:"
PATIENT = "&Patient:"
PATIENT_PLACEHOLDER = "name or MRN"
HINT = (
    "Click a claim (or select it and press Enter) to open it. Opening a claim or a "
    "remittance is recorded, like opening a chart."
)
EMPTY = "No claims match these filters."
SEND_READY = "Send &ready claims ({count})"
SEND_READY_TIP = "Send every claim that is ready through the clearinghouse, one after another"
SENT_READY = (
    "Sent {sent} claim(s) through the clearinghouse: {passed} went on to the payer, "
    "{rejected} came back rejected (see Needs work)."
)
PDF_FILTER = "PDF (*.pdf)"
PRINT_TITLE = "Save the CMS-1500 as"
PRINTED = "Saved the CMS-1500 for claim {id} to {path}."
NOT_OPENED = "Not done: {message}"
LOADING_CODES = "Loading the ICD-10-CM code table (once per session)…"
CODE_TABLE_DELAY_MS = 150

CHANGES_SHOWN = frozenset({Change.CLAIMS, Change.PAYMENTS, Change.NOTES, Change.COVERAGES})


class BillingView(QWidget):
    """The biller's desk: the claims work list, and one open claim to read and act on."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: QDialog | None = None
        self.all_rows: list[ClaimRow] = []
        self.claim_id: int | None = None  # the claim opened through the gateway
        self.form: ClaimForm | None = None
        self.secondary: SecondaryBill | None = None  # the open claim's secondary, if billable
        self.remittance_id: int | None = None  # the remittance opened through the gateway
        self.code_table_loaded = False
        self.stale = True  # re-read when shown: not at start-up, and not while hidden

        self.heading = QLabel(HEADING)
        self.heading.setProperty("role", "heading")
        self.status = QComboBox()
        for text, statuses in STATUS_FILTERS:
            self.status.addItem(text, statuses)
        self.patient = QLineEdit()
        self.patient.setPlaceholderText(PATIENT_PLACEHOLDER)
        self.patient.setClearButtonEnabled(True)
        self.counts = QLabel()
        self.counts.setProperty("role", "hint")
        self.hint = QLabel(HINT)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.model: RowsModel[ClaimRow] = RowsModel(COLUMNS, self)
        self.table = rows_table(self.model, len(COLUMNS) - 1)
        self.empty = QLabel(EMPTY)
        self.empty.setProperty("role", "hint")
        self.empty.hide()
        self.send_ready_button = QPushButton(SEND_READY.format(count=0))
        self.send_ready_button.setToolTip(SEND_READY_TIP)
        self.claim_page = ClaimPage()
        self.pages = QStackedWidget()
        self.accounts = AccountsPanel(services)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for text, editor in ((SHOW, self.status), (PATIENT, self.patient)):
            label = QLabel(text)
            label.setBuddy(editor)
            filters.addWidget(label)
            filters.addWidget(editor)
        filters.addStretch(1)
        filters.addWidget(self.counts)
        filters.addWidget(self.send_ready_button)
        list_page = QWidget()
        column = QVBoxLayout(list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.hint)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        self.list_page = list_page
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.claim_page)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.heading)
        self.accounts.insertTab(0, self.pages, CLAIMS_TAB)
        self.accounts.setCurrentIndex(0)
        page.addWidget(self.accounts, 1)
        QWidget.setTabOrder(self.status, self.patient)
        QWidget.setTabOrder(self.patient, self.table)

    def _connect(self) -> None:
        self.status.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.patient.textChanged.connect(lambda _t: self._show_rows())
        self.table.clicked.connect(lambda index: self._open_row(self.model.row_at(index)))
        self.table.activated.connect(lambda index: self._open_row(self.model.row_at(index)))
        page = self.claim_page
        page.back_requested.connect(self.back_to_list)
        page.remittance_requested.connect(self.open_remittance)
        page.resubmit_button.clicked.connect(self.resubmit)
        page.post_denial_button.clicked.connect(self.post_denial)
        page.write_off_button.clicked.connect(self.write_off)
        page.transfer_button.clicked.connect(self.transfer_to_patient)
        page.secondary_button.clicked.connect(self.bill_secondary)
        page.note_button.clicked.connect(self.account_note)
        page.send_button.clicked.connect(self.send)
        page.correct_button.clicked.connect(self.correct)
        page.print_button.clicked.connect(self.ask_where_to_print)
        self.send_ready_button.clicked.connect(self.send_ready)
        for keys, slot in (
            ("Ctrl+Shift+R", self.resubmit),
            ("Ctrl+Shift+B", self.bill_secondary),
            ("Esc", self.back_to_list),
        ):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.services.changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        if not self.code_table_loaded:  # once the list is on screen, not at start-up
            QTimer.singleShot(CODE_TABLE_DELAY_MS, self, self._load_code_table)
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def _load_code_table(self) -> None:
        """Read the ICD-10-CM table (a second or two, once) before a claim needs it.

        On this thread on purpose: a worker thread allocating that much would run Python's
        garbage collector there, and Qt objects must not be destroyed off the GUI thread."""
        if self.code_table_loaded:
            return
        self.code_table_loaded = True
        self.hint.setText(LOADING_CODES)
        self.hint.repaint()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            load_icd10()
        finally:
            QApplication.restoreOverrideCursor()
            self.hint.setText(HINT)

    # Reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the work list and the open claim (nothing is logged)."""
        self.stale = False
        self.all_rows = claims(self.services.db)
        ready = sum(1 for row in self.all_rows if row.status is ClaimStatus.READY)
        self.send_ready_button.setText(SEND_READY.format(count=ready))
        self.send_ready_button.setEnabled(ready > 0)
        self._show_rows()
        self._load_claim()

    def _show_rows(self) -> None:
        chosen = self.selected()
        rows = filtered(self.all_rows, self.status.currentData(), self.patient.text())
        self.model.set_rows(rows)
        self.counts.setText(count_line(rows, self.all_rows))
        self.empty.setVisible(not rows)
        wanted = chosen.id if chosen is not None else self.claim_id
        if wanted is not None:
            self.select(wanted)

    def selected(self) -> ClaimRow | None:
        return selected_row(self.table, self.model)

    def select(self, claim_id: int) -> bool:
        """Select the row of `claim_id` if the filters show it."""
        return select_row(self.table, self.model, lambda row: row.id == claim_id)

    def _on_changed(self, outcome: Outcome) -> None:
        if not outcome.changes & CHANGES_SHOWN:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def _load_claim(self) -> None:
        self.form = claim_form(self.services.db, self.claim_id) if self.claim_id else None
        self.secondary = None
        if self.form is None:
            return
        account = notes(self.services.db, self.form.patient_id)
        self.secondary = secondary_bill(self.services.db, self.form.id)
        self.claim_page.show_claim(self.form, account, self.remittance_id, self.secondary)

    # Opening (logged) -------------------------------------------------------------------

    def _open_row(self, row: ClaimRow | None) -> None:
        if row is not None:
            self.open_claim(row.id)

    def open_claim(self, claim_id: int) -> Outcome:
        """Open a claim through the gateway (OpenClaim, logged) and show it."""
        outcome = self.services.perform(OpenClaim(claim_id=claim_id))
        if not outcome.done:
            self.hint.setText(NOT_OPENED.format(message=outcome.message))
            return outcome
        self.hint.setText(HINT)
        if claim_id != self.claim_id:
            self.remittance_id = None
            self.claim_page.remittance_table.clearSelection()
        self.claim_id = claim_id
        self._load_claim()
        self.claim_page.tabs.setCurrentIndex(0)
        self.pages.setCurrentWidget(self.claim_page)
        self.claim_page.back_button.setFocus()
        return outcome

    def back_to_list(self) -> None:
        """Close the claim (it stays selected in the list)."""
        self.claim_id, self.form, self.remittance_id = None, None, None
        self.secondary = None
        self.pages.setCurrentWidget(self.list_page)
        self.table.setFocus()

    def open_remittance(self) -> Outcome | None:
        """Read the selected remittance (ReadRemittance, logged) and show its codes."""
        row = self.claim_page.selected_remittance()
        if row is None:
            return None
        outcome = self.services.perform(ReadRemittance(remittance_id=row.id))
        if outcome.done:
            self.remittance_id = row.id
            self.claim_page.tabs.setCurrentIndex(0)
            self._load_claim()
        return outcome

    # Acting -----------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> None:
        """Remember the open dialog (tests answer it through `self.dialog`)."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

    def resubmit(self) -> None:
        if self.form is not None and self.claim_page.resubmit_button.isEnabled():
            self._keep(ResubmitDialog.ask(self.services, self.form, self))

    def post_denial(self) -> None:
        form = self.form
        if form is not None and self.claim_page.post_denial_button.isEnabled():
            self.services.perform(PostDenial(remittance_id=form.remittances[-1].id))

    def write_off(self) -> None:
        if self.form is not None and self.claim_page.write_off_button.isEnabled():
            self._keep(AmountDialog.ask(self.services, self.form, transfer=False, parent=self))

    def transfer_to_patient(self) -> None:
        if self.form is not None and self.claim_page.transfer_button.isEnabled():
            self._keep(AmountDialog.ask(self.services, self.form, transfer=True, parent=self))

    def bill_secondary(self) -> None:
        if self.secondary is not None and self.claim_page.secondary_button.isEnabled():
            self._keep(SecondaryDialog.ask(self.services, self.secondary, self))

    def account_note(self) -> None:
        if self.form is not None:
            self._keep(account_note_dialog(self.services, self.form, self))

    def send(self) -> None:
        if self.form is not None and self.claim_page.send_button.isEnabled():
            self.services.perform(SubmitClaim(claim_id=self.form.id))

    def correct(self) -> None:
        if self.form is not None and self.claim_page.correct_button.isEnabled():
            self._keep(CorrectClaimDialog.ask(self.services, self.form, self))

    def send_ready(self) -> list[Outcome]:
        """Send every ready claim (SubmitClaim each, logged one by one) and say how it went."""
        ready = [row.id for row in self.all_rows if row.status is ClaimStatus.READY]
        outcomes = [self.services.perform(SubmitClaim(claim_id=claim_id)) for claim_id in ready]
        rejected = sum(1 for o in outcomes if o.done and o.details.get("rejected"))
        passed = sum(1 for o in outcomes if o.done) - rejected
        self.hint.setText(SENT_READY.format(sent=len(outcomes), passed=passed, rejected=rejected))
        return outcomes

    def ask_where_to_print(self) -> None:
        if self.form is None:
            return
        dialog = QFileDialog(self, PRINT_TITLE, f"claim-{self.form.id}-cms1500.pdf", PDF_FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.print_claim(Path(path)))
        self._keep(dialog)
        dialog.open()

    def print_claim(self, path: Path) -> Path | None:
        """Write the open claim's CMS-1500 PDF to `path`."""
        if self.form is None:
            return None
        form = cms1500(self.services.db, self.form.id)
        if form is None:
            return None
        path.write_bytes(cms1500_pdf(form))
        self.hint.setText(PRINTED.format(id=self.form.id, path=path))
        return path
