"""Referrals: one work list of referrals and prior authorisations by status (overdue follow-ups
and requests waiting on the office first), with the dialogs to write a referral or ask for a
prior authorisation, and the quick actions on the selected line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.referrals import PRIOR_AUTH, REFERRAL, WorkRow, work_list
from ehr_sim.domain.actions import CheckPriorAuthStatus, SendReferralPacket
from ehr_sim.domain.referrals import AUTH_STATUS_WORDS, NEXT_STATUSES, REFERRAL_STATUS_WORDS
from ehr_sim.ui.common.labels import error_label, hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.referrals.dialogs import (
    ConsultNoteDialog,
    PriorAuthDialog,
    ReferralDialog,
    UpdatePriorAuthDialog,
    UpdateReferralDialog,
)
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Referrals & prior authorisations"
SHOW = "&Show:"
PATIENT = "&Patient:"
PATIENT_PLACEHOLDER = "name or MRN"
EVERYTHING = "Everything (needs attention first)"
FOLLOW_UP = "Follow-up due: nothing came back"
HINT = (
    "Select a line to read it. Ctrl+R new referral · Ctrl+Shift+A prior authorisation · "
    "Ctrl+Shift+P send the referral packet · Ctrl+Shift+K check the payer's answer · "
    "Ctrl+U update the referral · Ctrl+Shift+F file a consult note · "
    "Ctrl+Shift+U update the prior auth."
)
NEW_REFERRAL = "New &referral…"
NEW_AUTH = "Prior &auth…"
SEND_PACKET = "Send &packet"
CHECK_ANSWER = "Check payer a&nswer"
UPDATE_REFERRAL = "&Update referral…"
FILE_CONSULT = "File &consult note…"
UPDATE_AUTH = "Update prior au&th…"
COUNT = "{shown} of {total} · {overdue} follow-ups due · {waiting} waiting on the office"
EMPTY = "Nothing matches these filters."
PICK_REFERRAL = "Select a referral first."
PICK_AUTH = "Select a prior authorisation first."
PICK_OPEN_REFERRAL = "Select a referral that is still open first."
NOT_DONE = "Not done: {message}"

Filter = Callable[[WorkRow], bool]
FILTERS: list[tuple[str, Filter]] = [
    (EVERYTHING, lambda r: True),
    (FOLLOW_UP, lambda r: r.overdue),
    *(
        (f"Referrals: {words}", (lambda s: lambda r: r.kind == REFERRAL and r.status == s)(k))
        for k, words in REFERRAL_STATUS_WORDS.items()
    ),
    *(
        (f"Prior auths: {words}", (lambda s: lambda r: r.kind == PRIOR_AUTH and r.status == s)(k))
        for k, words in AUTH_STATUS_WORDS.items()
    ),
]
BACKGROUNDS = {
    "ordered": "#fff4d6",
    "pended": "#fde6c8",
    "submitted": "#fff4d6",
    "denied": "#f9dcd9",
    "approved": "#e3f2e1",
    "consult_received": "#e3f2e1",
    "closed": "#eceff2",
}
OVERDUE = "#f9dcd9"
CHANGES_SHOWN = frozenset({Change.REFERRALS, Change.PATIENTS, Change.COVERAGES})


def _status(row: WorkRow) -> str:
    return f"{row.status_words} · follow up!" if row.overdue else row.status_words


COLUMNS: list[Column[WorkRow]] = [
    Column("Kind", lambda r: r.kind),
    Column("Status", _status, lambda r: OVERDUE if r.overdue else BACKGROUNDS.get(r.status)),
    Column("Patient", lambda r: r.patient_name),
    Column("Opened", lambda r: f"{r.opened:%m/%d/%Y}"),
    Column("Dx", lambda r: r.diagnosis),
    Column("Number", lambda r: r.number),
    Column("Valid", lambda r: r.dates),
    Column("Ordered by", lambda r: r.provider),
    Column("To / service", lambda r: r.what),
]


def _updatable(row: WorkRow | None) -> bool:
    """A referral line whose status can still move on."""
    return row is not None and row.kind == REFERRAL and bool(NEXT_STATUSES.get(row.status))


def filtered(rows: list[WorkRow], keep: Filter, patient_text: str) -> list[WorkRow]:
    needle = patient_text.strip().lower()
    return [
        r
        for r in rows
        if keep(r) and (not needle or needle in r.patient_name.lower() or r.mrn.startswith(needle))
    ]


class ReferralsView(QWidget):
    """The referral coordinator's desk."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: QDialog | None = None
        self.all_rows: list[WorkRow] = []
        self.stale = True
        self.heading = QLabel(HEADING)
        self.heading.setProperty("role", "heading")
        self.show_filter = QComboBox()
        for text, keep in FILTERS:
            self.show_filter.addItem(text, keep)
        self.patient = QLineEdit()
        self.patient.setPlaceholderText(PATIENT_PLACEHOLDER)
        self.patient.setClearButtonEnabled(True)
        self.counts = QLabel()
        self.counts.setProperty("role", "hint")
        self.hint = hint_label(HINT)
        self.model: RowsModel[WorkRow] = RowsModel(COLUMNS, self)
        self.table = rows_table(self.model, len(COLUMNS) - 1)
        self.empty = hint_label(EMPTY)
        self.empty.hide()
        self.detail = hint_label()
        self.detail.setObjectName("referralDetail")
        self.result = error_label()
        self.result.setObjectName("referralResult")
        self.result.hide()
        self.new_referral = QPushButton(NEW_REFERRAL)
        self.new_auth = QPushButton(NEW_AUTH)
        self.send_packet = QPushButton(SEND_PACKET)
        self.check_answer = QPushButton(CHECK_ANSWER)
        self.update_referral = QPushButton(UPDATE_REFERRAL)
        self.file_consult = QPushButton(FILE_CONSULT)
        self.update_auth = QPushButton(UPDATE_AUTH)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for text, editor in ((SHOW, self.show_filter), (PATIENT, self.patient)):
            label = QLabel(text)
            label.setBuddy(editor)
            filters.addWidget(label)
            filters.addWidget(editor)
        filters.addStretch(1)
        filters.addWidget(self.counts)
        buttons = QHBoxLayout()
        for button in (
            self.new_referral,
            self.new_auth,
            self.send_packet,
            self.check_answer,
            self.update_referral,
            self.file_consult,
            self.update_auth,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.heading)
        page.addLayout(filters)
        page.addWidget(self.hint)
        page.addWidget(self.table, 1)
        page.addWidget(self.empty)
        page.addWidget(self.detail)
        page.addWidget(self.result)
        page.addLayout(buttons)
        QWidget.setTabOrder(self.show_filter, self.patient)
        QWidget.setTabOrder(self.patient, self.table)

    def _connect(self) -> None:
        self.show_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.patient.textChanged.connect(lambda _t: self._show_rows())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.new_referral.clicked.connect(self.write_referral)
        self.new_auth.clicked.connect(self.request_prior_auth)
        self.send_packet.clicked.connect(self.send_selected_packet)
        self.check_answer.clicked.connect(self.check_selected_answer)
        self.update_referral.clicked.connect(self.update_selected_referral)
        self.file_consult.clicked.connect(self.file_consult_note)
        self.update_auth.clicked.connect(self.update_selected_auth)
        for keys, slot in (
            ("Ctrl+R", self.write_referral),
            ("Ctrl+Shift+A", self.request_prior_auth),
            ("Ctrl+Shift+P", self.send_selected_packet),
            ("Ctrl+Shift+K", self.check_selected_answer),
            ("Ctrl+U", self.update_selected_referral),
            ("Ctrl+Shift+F", self.file_consult_note),
            ("Ctrl+Shift+U", self.update_selected_auth),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.services.changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.stale = False
        self.all_rows = work_list(self.services.db, self.services.today())
        self._show_rows()

    def _show_rows(self) -> None:
        chosen = self.selected()
        rows = filtered(self.all_rows, self.show_filter.currentData(), self.patient.text())
        self.model.set_rows(rows)
        overdue = sum(1 for r in self.all_rows if r.overdue)
        waiting = sum(1 for r in self.all_rows if r.status in ("ordered", "pended"))
        self.counts.setText(
            COUNT.format(
                shown=len(rows), total=len(self.all_rows), overdue=overdue, waiting=waiting
            )
        )
        self.empty.setVisible(not rows)
        if chosen is not None:
            self.select(chosen.kind, chosen.id)
        self._show_detail()

    def selected(self) -> WorkRow | None:
        return selected_row(self.table, self.model)

    def select(self, kind: str, record_id: int) -> bool:
        return select_row(
            self.table, self.model, lambda row: (row.kind, row.id) == (kind, record_id)
        )

    def _show_detail(self) -> None:
        row = self.selected()
        self.update_referral.setEnabled(_updatable(row))
        self.update_auth.setEnabled(row is not None and row.kind == PRIOR_AUTH)
        if row is None:
            self.detail.setText("")
            return
        parts = [f"{row.kind} {row.id} for {row.patient_name} (MRN {row.mrn}): {row.what}."]
        if row.in_network is False:
            parts.append("Out of network for the patient's plan.")
        if row.follow_up_on is not None:
            parts.append(f"Follow up on {row.follow_up_on:%m/%d/%Y}.")
        if row.detail:
            parts.append(row.detail.replace("\n", " "))
        self.detail.setText(" ".join(parts))

    def _on_changed(self, outcome: Outcome) -> None:
        if not outcome.changes & CHANGES_SHOWN:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    # Acting ----------------------------------------------------------------------------

    def write_referral(self) -> ReferralDialog:
        dialog = ReferralDialog.ask(self.services, parent=self)
        dialog.performed.connect(lambda o: self._after(REFERRAL, o))
        self.dialog = dialog
        return dialog

    def request_prior_auth(self) -> PriorAuthDialog:
        dialog = PriorAuthDialog.ask(self.services, parent=self)
        dialog.performed.connect(lambda o: self._after(PRIOR_AUTH, o))
        self.dialog = dialog
        return dialog

    def update_selected_referral(self) -> UpdateReferralDialog | None:
        row = self.selected()
        if not _updatable(row):
            self._say(NOT_DONE.format(message=PICK_OPEN_REFERRAL))
            return None
        assert row is not None
        dialog = UpdateReferralDialog.ask(self.services, row, parent=self)
        dialog.performed.connect(lambda o: self._after(REFERRAL, o))
        self.dialog = dialog
        return dialog

    def file_consult_note(self) -> ConsultNoteDialog:
        """For the selected line's patient (and referral); with none selected, pick the patient."""
        dialog = ConsultNoteDialog.ask(self.services, self.selected(), parent=self)
        dialog.performed.connect(self._after_document)
        self.dialog = dialog
        return dialog

    def update_selected_auth(self) -> UpdatePriorAuthDialog | None:
        row = self.selected()
        if row is None or row.kind != PRIOR_AUTH:
            self._say(NOT_DONE.format(message=PICK_AUTH))
            return None
        dialog = UpdatePriorAuthDialog.ask(self.services, row, parent=self)
        dialog.performed.connect(lambda o: self._after(PRIOR_AUTH, o))
        self.dialog = dialog
        return dialog

    def _after_document(self, outcome: Outcome) -> None:
        """A filed document's id is no line here: keep its referral (if any) selected."""
        referral_id = outcome.details.get("referral_id")
        kept = self.selected()
        self.refresh()
        if isinstance(referral_id, int):
            self.select(REFERRAL, referral_id)
        elif kept is not None:
            self.select(kept.kind, kept.id)
        self._say("")

    def send_selected_packet(self) -> Outcome | None:
        row = self.selected()
        if row is None or row.kind != REFERRAL:
            self._say(NOT_DONE.format(message=PICK_REFERRAL))
            return None
        return self._perform(REFERRAL, SendReferralPacket(referral_id=row.id))

    def check_selected_answer(self) -> Outcome | None:
        row = self.selected()
        if row is None or row.kind != PRIOR_AUTH:
            self._say(NOT_DONE.format(message=PICK_AUTH))
            return None
        return self._perform(PRIOR_AUTH, CheckPriorAuthStatus(prior_auth_id=row.id))

    def _perform(self, kind: str, action: SendReferralPacket | CheckPriorAuthStatus) -> Outcome:
        outcome = self.services.perform(action)
        if outcome.done:
            self._after(kind, outcome)
        else:
            self._say(NOT_DONE.format(message=outcome.message))
        return outcome

    def _after(self, kind: str, outcome: Outcome) -> None:
        self.refresh()
        if outcome.record_id is not None and not self.select(kind, outcome.record_id):
            self.show_filter.setCurrentIndex(0)
            self.patient.clear()
            self.select(kind, outcome.record_id)
        self._say("")  # the window's notice shows what was done

    def _say(self, text: str) -> None:
        """A refusal in red under the list (empty text hides it)."""
        self.result.setText(text)
        self.result.setVisible(bool(text))
