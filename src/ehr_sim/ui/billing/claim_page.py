"""One open claim: its CMS-1500 beside its remittances and account notes, and the biller's
action buttons. Shows query rows; the view performs the actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.claims import ClaimForm, NoteRow, RemittanceRow
from ehr_sim.app.queries.secondary import SecondaryBill
from ehr_sim.domain.claims import ClaimStatus, RemittanceStatus
from ehr_sim.domain.times import date_and_time, day_and_time
from ehr_sim.ui.billing.claim_form import NO_REMITTANCE, claim_html, remittance_html
from ehr_sim.ui.common.action_dialog import chain_tab_order
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, selected_row

# Strings the trainee reads -----------------------------------------------------------
BACK = "← &Back to claims"
BACK_TIP = "Back to the claims work list (Esc)"
TAB_REMITTANCE = "Remittance ({count})"
TAB_NOTES = "Account notes ({count})"
OPEN_REMITTANCE = "&Open remittance"
OPEN_REMITTANCE_TIP = "Read the selected remittance's codes and what they mean"
PICK_A_REMITTANCE = (
    "Select the remittance and open it (Open remittance, Enter or double-click) to read "
    "its group, reason and remark codes with their meanings."
)
RESUBMIT = "&Resubmit…"
RESUBMIT_TIP = "Send the claim again: 7 replacement, 8 void or 1 new original (Ctrl+Shift+R)"
POST_DENIAL = "Post &denial"
POST_DENIAL_TIP = "Record the remittance's denial on the patient's account"
WRITE_OFF = "&Write off…"
WRITE_OFF_TIP = "Take an amount off the account for good"
TRANSFER = "&Transfer to patient…"
TRANSFER_TIP = "Bill the patient for an amount (patient responsibility only)"
SECONDARY = "Bill s&econdary…"
SECONDARY_TIP = (
    "Send what the primary left open on to the patient's second insurance, with the "
    "primary's payment (Ctrl+Shift+B)"
)
NOTE = "Account &note…"
NOTE_TIP = "Write a note on the patient's account"
SEND = "&Send"
SEND_TIP = "Send this ready claim through the clearinghouse"
CORRECT = "&Correct…"
CORRECT_TIP = "Correct a field of a claim the payer has not received (ready or rejected)"
PRINT = "&Print CMS-1500…"
PRINT_TIP = "Save the claim as a CMS-1500 (02/12) PDF to print or mail"

REMITTANCE_COLUMNS: list[Column[RemittanceRow]] = [
    Column("Received", lambda r: f"{r.received_at:%m/%d/%Y}"),
    Column("Payer claim no.", lambda r: r.payer_claim_number),
    Column("Paid", lambda r: str(r.paid), align_right=True),
    Column("Result", lambda r: "Denied" if r.is_denial else "Paid"),
    Column("Read", lambda r: f"{day_and_time(r.read_at)}" if r.read_at else "Not read"),
    Column("Posted", lambda r: f"{r.posted_at:%m/%d/%Y}" if r.posted_at else "Not posted"),
]
NOTE_COLUMNS: list[Column[NoteRow]] = [
    Column("Written", lambda n: f"{date_and_time(n.written_at)}"),
    Column("By", lambda n: n.author),
    Column("Note", lambda n: n.text),
]


class ClaimPage(QWidget):
    """The claim form on the left; remittances and account notes on the right; actions below."""

    back_requested = Signal()
    remittance_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = QPushButton(BACK)
        self.back_button.setToolTip(BACK_TIP)
        self.form_view = QTextBrowser()
        self.form_view.setOpenLinks(False)
        self.remittances: RowsModel[RemittanceRow] = RowsModel(REMITTANCE_COLUMNS, self)
        self.remittance_table = rows_table(self.remittances, 5)
        self.remittance_table.setMaximumHeight(100)
        self.open_remittance_button = QPushButton(OPEN_REMITTANCE)
        self.open_remittance_button.setToolTip(OPEN_REMITTANCE_TIP)
        self.remittance_view = QTextBrowser()
        self.notes: RowsModel[NoteRow] = RowsModel(NOTE_COLUMNS, self)
        self.notes_table = rows_table(self.notes, 2)
        self.notes_table.setWordWrap(True)
        self.tabs = QTabWidget()

        self.resubmit_button = QPushButton(RESUBMIT)
        self.resubmit_button.setProperty("primary", True)
        self.post_denial_button = QPushButton(POST_DENIAL)
        self.write_off_button = QPushButton(WRITE_OFF)
        self.transfer_button = QPushButton(TRANSFER)
        self.secondary_button = QPushButton(SECONDARY)
        self.note_button = QPushButton(NOTE)
        self.send_button = QPushButton(SEND)
        self.correct_button = QPushButton(CORRECT)
        self.print_button = QPushButton(PRINT)
        self.action_buttons = (
            (self.send_button, SEND_TIP),
            (self.correct_button, CORRECT_TIP),
            (self.resubmit_button, RESUBMIT_TIP),
            (self.post_denial_button, POST_DENIAL_TIP),
            (self.write_off_button, WRITE_OFF_TIP),
            (self.transfer_button, TRANSFER_TIP),
            (self.secondary_button, SECONDARY_TIP),
            (self.note_button, NOTE_TIP),
            (self.print_button, PRINT_TIP),
        )
        for button, tip in self.action_buttons:
            button.setToolTip(tip)
        self._layout()
        self.back_button.clicked.connect(self.back_requested)
        self.open_remittance_button.clicked.connect(self.remittance_requested)
        self.remittance_table.activated.connect(lambda _i: self.remittance_requested.emit())
        self.remittance_table.doubleClicked.connect(lambda _i: self.remittance_requested.emit())

    def _layout(self) -> None:
        remittance_page = QWidget()
        column = QVBoxLayout(remittance_page)
        column.addWidget(self.remittance_table)
        row = QHBoxLayout()
        row.addWidget(self.open_remittance_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.remittance_view, 1)
        self.tabs.addTab(remittance_page, TAB_REMITTANCE.format(count=0))
        self.tabs.addTab(self.notes_table, TAB_NOTES.format(count=0))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form_view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 480])  # the form needs the room; scaled to the window
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button, _tip in self.action_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(top)
        page.addWidget(splitter, 1)
        page.addLayout(buttons)
        chain = [
            self.back_button,
            self.form_view,
            self.tabs,
            self.remittance_table,
            self.open_remittance_button,
            self.remittance_view,
            *(button for button, _tip in self.action_buttons),
        ]
        chain_tab_order(chain)

    def show_claim(
        self,
        form: ClaimForm,
        notes: list[NoteRow],
        opened_remittance: int | None,
        secondary: SecondaryBill | None = None,
    ) -> None:
        """Show `form`; the remittance `opened_remittance` (read through the gateway) in full;
        `secondary` is what billing the patient's second insurance would send (None: nothing)."""
        self.form_view.setHtml(claim_html(form))
        self.remittances.set_rows(form.remittances)
        self.tabs.setTabText(0, TAB_REMITTANCE.format(count=len(form.remittances)))
        if form.remittances and not self.remittance_table.selectionModel().selectedRows():
            self.remittance_table.selectRow(len(form.remittances) - 1)
        opened = next((r for r in form.remittances if r.id == opened_remittance), None)
        if opened is not None:
            self.remittance_view.setHtml(remittance_html(opened))
        else:
            self.remittance_view.setPlainText(
                PICK_A_REMITTANCE if form.remittances else NO_REMITTANCE
            )
        self.notes.set_rows(notes)
        self.notes_table.resizeRowsToContents()
        self.tabs.setTabText(1, TAB_NOTES.format(count=len(notes)))
        self._update_buttons(form, secondary)

    def selected_remittance(self) -> RemittanceRow | None:
        return selected_row(self.remittance_table, self.remittances)

    def _update_buttons(self, form: ClaimForm, secondary: SecondaryBill | None) -> None:
        latest = form.remittances[-1] if form.remittances else None
        money = form.open_balance.cents > 0 and not form.status.closed
        unsent = form.status in (ClaimStatus.READY, ClaimStatus.REJECTED)
        self.send_button.setEnabled(form.status is ClaimStatus.READY)
        self.correct_button.setEnabled(unsent)
        self.resubmit_button.setEnabled(
            form.status not in (ClaimStatus.REPLACED, ClaimStatus.READY)
        )
        self.post_denial_button.setEnabled(
            latest is not None
            and latest.is_denial
            and latest.status == RemittanceStatus.RECEIVED.value
        )
        self.write_off_button.setEnabled(money)
        self.transfer_button.setEnabled(money)
        self.secondary_button.setEnabled(
            secondary is not None and secondary.sent_as is None and money
        )
        self.open_remittance_button.setEnabled(bool(form.remittances))
