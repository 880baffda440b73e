"""Billing & claims, the money side: ERA posting (with the exceptions auto-posting leaves), a
patient's ledger with its statement, A/R aging by payer and by patient, and payment plans."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.billing import (
    AgingRow,
    EraRow,
    Ledger,
    LedgerRow,
    PlanRow,
    aging,
    aging_totals,
    describe_codes,
    ledger,
    payment_plans,
    remittances_to_post,
    statement_data,
)
from ehr_sim.app.queries.patients import search_patients
from ehr_sim.documents.statements import statement_pdf
from ehr_sim.domain.actions import AutoPostRemittances, PostRemittance, SendStatement
from ehr_sim.domain.money import Money
from ehr_sim.domain.posting import AGING_BUCKETS
from ehr_sim.ui.billing.money_dialogs import (
    EobDialog,
    PaymentDialog,
    PaymentPlanDialog,
    RefundDialog,
)
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
ERA_TAB, LEDGER_TAB, AGING_TAB, PLANS_TAB = "ERA posting", "Patient ledger", "A/R aging", "Plans"
ERA_HINT = (
    "ERAs waiting to be posted come first. Auto-post posts the clean ones; a denial, an "
    "underpayment or a patient share with no one to bill is left for you to work."
)
POST = "&Post selected ERA"
AUTO_POST = "&Auto-post clean ERAs"
OPEN_LEDGER = "Open &ledger"
FIND = "Patient (name or MRN):"
FIND_BUTTON = "&Open"
NO_PATIENT = "Find a patient to see their ledger."
NOT_FOUND = "No patient matches '{text}'."
SUMMARY = (
    "<b>{name}</b> · MRN {mrn} · balance <b>{balance}</b> · with insurance {insurance} · "
    "patient owes <b>{patient}</b>"
)
PLAN_LINE = " · plan: {amount} due {due:%m/%d/%Y}"
STATEMENTS_LINE = " · statements sent: {count} (last {last:%m/%d/%Y})"
STATEMENT = "Send &statement (PDF)…"
PLAN = "Payment p&lan…"
PAYMENT = "Take a pa&yment…"
REFUND = "Re&fund credit…"
EOB = "Enter paper &EOB…"
SAVED = "Statement saved: {path}"
NOT_DONE = "Not done: {message}"
AGING_PAYER, AGING_PATIENT = "By payer (insurance A/R)", "By patient (patient A/R)"
AGING_HINT = "Open amounts by days since the date of service. As of {today:%m/%d/%Y}."
PLANS_HINT = "Payment plans: equal monthly installments, the next one due shown."

CHANGES_SHOWN = frozenset({Change.CLAIMS, Change.PAYMENTS})
TOTAL_BACKGROUND = "#e6edf5"

ERA_COLUMNS: list[Column[EraRow]] = [
    Column("Status", lambda r: r.status, lambda r: "#fff4d6" if r.status == "received" else None),
    Column("Received", lambda r: f"{r.received_at:%m/%d/%Y}"),
    Column("Claim", lambda r: str(r.claim_id), align_right=True),
    Column("Patient", lambda r: r.patient_name),
    Column("Payer", lambda r: r.payer),
    Column("Billed", lambda r: str(r.billed), align_right=True),
    Column("Paid", lambda r: str(r.paid), align_right=True),
    Column("Adjustments", lambda r: r.codes),
    Column("Exception", lambda r: r.exceptions, lambda r: "#f9dcd9" if r.exceptions else None),
]
LEDGER_COLUMNS: list[Column[LedgerRow]] = [
    Column("Posted", lambda r: f"{r.posted_at:%m/%d/%Y}"),
    Column("Kind", lambda r: r.kind),
    Column("Description", lambda r: r.description),
    Column("Amount", lambda r: str(r.amount), align_right=True),
    Column("Balance", lambda r: str(r.balance), align_right=True),
]


def _aging_columns(first: str) -> list[Column[AgingRow]]:
    columns: list[Column[AgingRow]] = [
        Column(first, lambda r: r.name, lambda r: TOTAL_BACKGROUND if r.key == 0 else None)
    ]
    for number, bucket in enumerate(AGING_BUCKETS):
        columns.append(
            Column(
                f"{bucket} days",
                lambda r, n=number: str(r.buckets[n]),  # type: ignore[misc]
                align_right=True,
            )
        )
    columns.append(Column("Total", lambda r: str(r.total), align_right=True))
    return columns


def _plan_columns(services: Services) -> list[Column[PlanRow]]:
    def status(row: PlanRow) -> str:
        late = row.next_due is not None and row.next_due < services.today()
        return "overdue" if late else row.status

    return [
        Column("Patient", lambda r: r.patient_name),
        Column("Amount", lambda r: str(r.total), align_right=True),
        Column("Payments", lambda r: f"{r.installments} monthly"),
        Column("Installment", lambda r: str(r.installment), align_right=True),
        Column("First due", lambda r: f"{r.first_due:%m/%d/%Y}"),
        Column("Paid so far", lambda r: str(r.paid), align_right=True),
        Column("Next due", lambda r: f"{r.next_due:%m/%d/%Y}" if r.next_due else "—"),
        Column("Next amount", lambda r: str(r.next_amount), align_right=True),
        Column("Status", status, lambda r: "#f9dcd9" if status(r) == "overdue" else None),
    ]


class EraPage(QWidget):
    """The posting desk: every ERA, the waiting ones first, with why it cannot post itself."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model: RowsModel[EraRow] = RowsModel(ERA_COLUMNS, self)
        self.table = rows_table(self.model, 7)
        self.post_button = QPushButton(POST)
        self.auto_button = QPushButton(AUTO_POST)
        self.ledger_button = QPushButton(OPEN_LEDGER)
        self.eob_button = QPushButton(EOB)
        self.dialog: QDialog | None = None
        self.result = hint_label()
        self.codes = hint_label()
        buttons = QHBoxLayout()
        for button in (self.post_button, self.auto_button, self.ledger_button, self.eob_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(ERA_HINT))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.codes)
        layout.addWidget(self.result)
        self.post_button.clicked.connect(self.post_selected)
        self.auto_button.clicked.connect(self.auto_post)
        self.eob_button.clicked.connect(self.enter_eob)
        self.table.clicked.connect(lambda _i: self._explain())

    def refresh(self) -> None:
        chosen = self.selected()
        self.model.set_rows(remittances_to_post(self.services.db))
        if chosen is not None:
            self.select(chosen.id)
        self._explain()

    def selected(self) -> EraRow | None:
        return selected_row(self.table, self.model)

    def select(self, remittance_id: int) -> bool:
        return select_row(self.table, self.model, lambda row: row.id == remittance_id)

    def _explain(self) -> None:
        row = self.selected()
        self.post_button.setEnabled(row is not None and row.status == "received")
        self.codes.setText(describe_codes(row) if row is not None else "")

    def post_selected(self) -> Outcome | None:
        row = self.selected()
        if row is None:
            return None
        return self._show(self.services.perform(PostRemittance(remittance_id=row.id)))

    def enter_eob(self) -> None:
        self.dialog = EobDialog.ask(self.services, self)
        self.dialog.performed.connect(self._show)

    def auto_post(self) -> Outcome:
        return self._show(self.services.perform(AutoPostRemittances()))

    def _show(self, outcome: Outcome) -> Outcome:
        text = outcome.message if outcome.done else NOT_DONE.format(message=outcome.message)
        self.result.setText("\n".join([text, *outcome.warnings]))
        return outcome


class LedgerPage(QWidget):
    """One patient's account: every entry with the running balance, and their statement."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.patient_id: int | None = None
        self.current: Ledger | None = None
        self.save_folder: Path | None = None  # tests and labs: save statements here, no dialog
        self.find = QLineEdit()
        self.find_button = QPushButton(FIND_BUTTON)
        self.summary = QLabel(NO_PATIENT)
        self.summary.setWordWrap(True)
        self.model: RowsModel[LedgerRow] = RowsModel(LEDGER_COLUMNS, self)
        self.table = rows_table(self.model, 2)
        self.statement_button = QPushButton(STATEMENT)
        self.plan_button = QPushButton(PLAN)
        self.payment_button = QPushButton(PAYMENT)
        self.refund_button = QPushButton(REFUND)
        for button in self.money_buttons():
            button.setEnabled(False)
        self.dialog: QDialog | None = None
        self.result = hint_label()
        top = QHBoxLayout()
        label = QLabel(FIND)
        label.setBuddy(self.find)
        top.addWidget(label)
        top.addWidget(self.find, 1)
        top.addWidget(self.find_button)
        actions = QHBoxLayout()
        for button in self.money_buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        self.find.returnPressed.connect(self.find_patient)
        self.find_button.clicked.connect(self.find_patient)
        self.statement_button.clicked.connect(self.send_statement)
        self.plan_button.clicked.connect(self.payment_plan)
        self.payment_button.clicked.connect(self.take_payment)
        self.refund_button.clicked.connect(self.refund)

    def money_buttons(self) -> tuple[QPushButton, ...]:
        return (self.statement_button, self.plan_button, self.payment_button, self.refund_button)

    def find_patient(self) -> None:
        text = self.find.text().strip()
        found = search_patients(self.services.db, text, limit=1) if text else []
        if not found:
            self.result.setText(NOT_FOUND.format(text=text))
            return
        self.show_patient(found[0].id)

    def show_patient(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.result.clear()
        self.refresh()

    def refresh(self) -> None:
        self.current = ledger(self.services.db, self.patient_id) if self.patient_id else None
        current = self.current
        if current is None:
            self.model.set_rows([])
            self.summary.setText(NO_PATIENT)
            for button in self.money_buttons():
                button.setEnabled(False)
            return
        self.model.set_rows(list(current.rows))
        if current.rows:
            self.table.scrollToBottom()
        text = SUMMARY.format(
            name=current.patient_name,
            mrn=current.mrn,
            balance=current.balance,
            insurance=current.insurance,
            patient=current.patient,
        )
        if current.plan is not None and current.plan.next_due is not None:
            text += PLAN_LINE.format(amount=current.plan.next_amount, due=current.plan.next_due)
        if current.statements:
            text += STATEMENTS_LINE.format(
                count=len(current.statements), last=current.statements[-1][0]
            )
        self.summary.setText(text)
        self.statement_button.setEnabled(current.patient.cents > 0)
        self.plan_button.setEnabled(current.patient.cents > 0 and current.plan is None)
        self.payment_button.setEnabled(current.patient.cents > 0)
        self.refund_button.setEnabled(current.balance.cents < 0)

    def payment_plan(self) -> None:
        current = self.current
        if current is not None:
            self.dialog = PaymentPlanDialog.ask(
                self.services, current.patient_id, current.patient_name, current.patient, self
            )

    def take_payment(self) -> None:
        current = self.current
        if current is not None:
            dialog = PaymentDialog.ask(
                self.services, current.patient_id, current.patient_name, current.patient, self
            )
            dialog.performed.connect(lambda outcome: self.result.setText(outcome.message))
            self.dialog = dialog

    def refund(self) -> None:
        current = self.current
        if current is not None:
            credit = Money(-current.balance.cents)
            self.dialog = RefundDialog.ask(
                self.services, current.patient_id, current.patient_name, credit, self
            )

    def send_statement(self) -> Path | None:
        """Send a statement (logged) and save its PDF; the path, or None when refused."""
        if self.patient_id is None:
            return None
        outcome = self.services.perform(SendStatement(patient_id=self.patient_id))
        if not outcome.done:
            self.result.setText(NOT_DONE.format(message=outcome.message))
            return None
        data = statement_data(self.services.db, self.patient_id, self.services.today())
        assert data is not None
        name = f"statement-{data.account}-{data.statement_date:%Y%m%d}.pdf"
        path = self._save_path(name)
        if path is None:
            self.result.setText(outcome.message)
            return None
        path.write_bytes(statement_pdf(data))
        self.result.setText(f"{outcome.message} {SAVED.format(path=path)}")
        return path

    def _save_path(self, name: str) -> Path | None:
        if self.save_folder is not None:
            return self.save_folder / name
        chosen, _filter = QFileDialog.getSaveFileName(self, STATEMENT, name, "PDF (*.pdf)")
        return Path(chosen) if chosen else None


class AgingPage(QWidget):
    """A/R aging by payer and by patient, with totals."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.hint = hint_label()
        self.payers: RowsModel[AgingRow] = RowsModel(_aging_columns("Payer"), self)
        self.patients: RowsModel[AgingRow] = RowsModel(_aging_columns("Patient"), self)
        self.payer_table = rows_table(self.payers, 0)
        self.patient_table = rows_table(self.patients, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(QLabel(f"<b>{AGING_PAYER}</b>"))
        layout.addWidget(self.payer_table)
        layout.addWidget(QLabel(f"<b>{AGING_PATIENT}</b>"))
        layout.addWidget(self.patient_table, 1)

    def refresh(self) -> None:
        today = self.services.today()
        by_payer, by_patient = aging(self.services.db, today)
        self.hint.setText(AGING_HINT.format(today=today))
        self.payers.set_rows([aging_totals(by_payer), *by_payer])
        rows = len(by_payer) + 1
        height = self.payer_table.horizontalHeader().height() + 4
        self.payer_table.setFixedHeight(
            height + rows * self.payer_table.verticalHeader().defaultSectionSize()
        )
        self.patients.set_rows([aging_totals(by_patient), *by_patient])


class PlansPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model: RowsModel[PlanRow] = RowsModel(_plan_columns(services), self)
        self.table = rows_table(self.model, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(PLANS_HINT))
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.model.set_rows(payment_plans(self.services.db))


class AccountsPanel(QTabWidget):
    """The money tabs beside the claims work list; each page re-reads when shown or changed."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.era = EraPage(services)
        self.ledger = LedgerPage(services)
        self.aging = AgingPage(services)
        self.plans = PlansPage(services)
        for page, title in (
            (self.era, ERA_TAB),
            (self.ledger, LEDGER_TAB),
            (self.aging, AGING_TAB),
            (self.plans, PLANS_TAB),
        ):
            self.addTab(page, title)
        self.era.ledger_button.clicked.connect(self._ledger_of_selected_era)
        self.aging.patient_table.activated.connect(
            lambda index: self._ledger_of(self.aging.patients.row_at(index))
        )
        services.changed.connect(self._on_changed)
        self.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self, page: QWidget | None = None) -> None:
        chosen = page or self.currentWidget()
        if isinstance(chosen, EraPage | LedgerPage | AgingPage | PlansPage):
            chosen.refresh()

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN and self.isVisible():
            self.refresh()

    def _ledger_of_selected_era(self) -> None:
        row = self.era.selected()
        if row is not None:
            self.open_ledger(row.patient_id)

    def _ledger_of(self, row: AgingRow | None) -> None:
        if row is not None and row.key:
            self.open_ledger(row.key)

    def open_ledger(self, patient_id: int) -> None:
        self.setCurrentWidget(self.ledger)
        self.ledger.show_patient(patient_id)
