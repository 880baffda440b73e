"""The Reports area: the day sheet, the drawer count against the posted payments (with the
card batch and the day's cash receipts to trace a difference), the deposit slip, A/R aging
and denials by reason; each printable and exportable. End-of-day actions go through the
gateway; nothing here makes the books balance."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.reports import (
    ReceiptRow,
    aging_report,
    clinic_name,
    day_sheet,
    day_sheet_report,
    denial_report,
    denials,
    deposit_report,
    drawer_report,
    drawer_status,
)
from ehr_sim.domain.actions import (
    Action,
    CompareCardBatch,
    CountDrawer,
    PrepareDeposit,
    RunDaySheet,
)
from ehr_sim.domain.money import Money
from ehr_sim.domain.reports import DENOMINATIONS, denomination_label, difference_words
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.reports.dialogs import CloseDayDialog, CorrectMethodDialog, VoidReceiptDialog
from ehr_sim.ui.reports.pane import ReportPane
from ehr_sim.ui.schedule.forms import date_edit, from_qdate
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Reports · the day's books"
DAY = "&Day:"
SHEET_TAB, DRAWER_TAB, DEPOSIT_TAB, AGING_TAB, DENIALS_TAB = (
    "Day &sheet",
    "Drawer &count",
    "Deposit sl&ip",
    "&A/R aging",
    "De&nials",
)
RUN_SHEET = "&Run day sheet"
RUN_SHEET_TIP = "Run the day sheet for the chosen day (logged): charges, payments, adjustments"
NOT_RUN = "Run the day sheet to see the day's charges, payments by method and adjustments."
COUNT_BOX = "Count the drawer"
FLOAT = "Opening &float:"
FLOAT_DEFAULT = "150.00"
COUNT = "C&ount drawer"
CARD_BOX = "Card terminal batch"
BATCH_TOTAL = "Batch &total:"
APPROVALS = "Approvals:"
COMPARE = "Compare &batch"
CORRECT = "Correct &method…"
VOID = "&Void receipt…"
CLOSE = "C&lose day…"
STATUS_NOT_COUNTED = "Drawer not counted yet"
STATUS_DRAWER = "Drawer {words}"
STATUS_CARDS = "card batch {words}"
STATUS_OPEN = "books open"
STATUS_CLOSED = "books closed at {at}"
PREPARE = "&Prepare deposit"
BAD_AMOUNT = "'{text}' is not an amount of money."
DENIAL_DAYS = 90

CHANGES_SHOWN = frozenset({Change.PAYMENTS, Change.CLAIMS})


class ReportsView(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: QWidget | None = None
        self.sheet_run: set[date] = set()
        self.last_outcome: Outcome | None = None
        self.clinic = clinic_name(services.db)

        heading = QLabel(HEADING)
        heading.setProperty("role", "heading")
        self.day = date_edit(services.today())
        day_label = QLabel(DAY)
        day_label.setBuddy(self.day)
        self.message = hint_label()
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addWidget(self.message, 1)

        self.tabs = QTabWidget()
        # Day sheet
        self.run_sheet = QPushButton(RUN_SHEET)
        self.run_sheet.setToolTip(RUN_SHEET_TIP)
        self.sheet = ReportPane("day-sheet")
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.run_sheet)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.sheet, 1)
        self.tabs.addTab(page, SHEET_TAB)

        # Drawer count
        self.counts: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for number, (label, _cents) in enumerate(DENOMINATIONS):
            field = QLineEdit()
            field.setValidator(QIntValidator(0, 10_000, field))
            field.setPlaceholderText("0")
            field.setMaximumWidth(70)
            field.setObjectName(f"count_{label}")
            self.counts[label] = field
            caption = QLabel(denomination_label(label))
            caption.setBuddy(field)
            grid.addWidget(caption, number // 6 * 2, number % 6)
            grid.addWidget(field, number // 6 * 2 + 1, number % 6)
        self.float_field = QLineEdit(FLOAT_DEFAULT)
        self.float_field.setMaximumWidth(90)
        float_label = QLabel(FLOAT)
        float_label.setBuddy(self.float_field)
        self.count_button = QPushButton(COUNT)
        self.count_button.setProperty("primary", True)
        counting = QGroupBox(COUNT_BOX)
        box = QVBoxLayout(counting)
        box.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(float_label)
        row.addWidget(self.float_field)
        row.addStretch(1)
        row.addWidget(self.count_button)
        box.addLayout(row)
        self.batch_total = QLineEdit()
        self.batch_total.setMaximumWidth(90)
        self.approvals = QSpinBox()
        self.approvals.setRange(0, 999)
        self.compare_button = QPushButton(COMPARE)
        batch_label = QLabel(BATCH_TOTAL)
        batch_label.setBuddy(self.batch_total)
        card = QGroupBox(CARD_BOX)
        card_row = QGridLayout(card)
        card_row.addWidget(batch_label, 0, 0)
        card_row.addWidget(self.batch_total, 0, 1)
        card_row.addWidget(QLabel(APPROVALS), 1, 0)
        card_row.addWidget(self.approvals, 1, 1)
        card_row.addWidget(self.compare_button, 2, 1)
        self.correct_button = QPushButton(CORRECT)
        self.void_button = QPushButton(VOID)
        self.close_button = QPushButton(CLOSE)
        forms = QHBoxLayout()
        forms.addWidget(counting, 3)
        forms.addWidget(card, 1)
        actions = QHBoxLayout()
        for button in (self.correct_button, self.void_button, self.close_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.drawer = ReportPane("drawer-count")
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(forms)
        column.addLayout(actions)
        column.addWidget(self.drawer, 1)
        self.tabs.addTab(page, DRAWER_TAB)

        # Deposit
        self.prepare_button = QPushButton(PREPARE)
        self.deposit = ReportPane("deposit-slip")
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.prepare_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.deposit, 1)
        self.tabs.addTab(page, DEPOSIT_TAB)

        # A/R aging and denials
        self.aging = ReportPane("ar-aging", lambda cents: str(Money(cents)))
        self.tabs.addTab(self.aging, AGING_TAB)
        self.denials = ReportPane("denials", lambda n: f"{n}")
        self.tabs.addTab(self.denials, DENIALS_TAB)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading)
        outer.addLayout(top)
        outer.addWidget(self.tabs, 1)

        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.run_sheet.clicked.connect(self.run_day_sheet)
        self.count_button.clicked.connect(self.count_drawer)
        self.compare_button.clicked.connect(self.compare_batch)
        self.correct_button.clicked.connect(self.correct_method)
        self.void_button.clicked.connect(self.void_receipt)
        self.close_button.clicked.connect(self.close_day)
        self.prepare_button.clicked.connect(self.prepare_deposit)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        services.changed.connect(self._on_changed)
        self.refresh()

    # Reading --------------------------------------------------------------------------

    def chosen_day(self) -> date:
        return from_qdate(self.day.date())

    def set_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def refresh(self) -> None:
        """Rebuild the report on the current tab (the others rebuild when shown)."""
        db, day, now = self.services.db, self.chosen_day(), self.services.now()
        self.show_status()
        page = self.tabs.currentIndex()
        if page == 0:
            if day in self.sheet_run:
                self.sheet.show_report(day_sheet_report(day_sheet(db, day), now, self.clinic))
            else:
                self.sheet.show_report(None, NOT_RUN)
        elif page == 1:
            status = drawer_status(db, day)
            self.drawer.show_report(drawer_report(status, now, self.clinic))
            closed = status.closed_at is not None
            for widget in (
                self.count_button,
                self.compare_button,
                self.correct_button,
                self.void_button,
                self.close_button,
            ):
                widget.setEnabled(not closed)
        elif page == 2:
            status = drawer_status(db, day)
            self.deposit.show_report(deposit_report(status, day_sheet(db, day), now, self.clinic))
        elif page == 3:
            self.aging.show_report(aging_report(db, self.services.today(), now, self.clinic))
        else:
            end = self.services.today()
            found = denials(db, end - timedelta(days=DENIAL_DAYS), end)
            self.denials.show_report(denial_report(found, now, self.clinic))

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def _say(self, outcome: Outcome) -> None:
        """The window's notice bar shows the outcome; the view keeps it and the day's status."""
        self.last_outcome = outcome
        self.refresh()

    def show_status(self) -> None:
        """One line on the chosen day's books: the drawer, the card batch, open or closed."""
        status = drawer_status(self.services.db, self.chosen_day())
        parts = []
        if status.difference is None:
            parts.append(STATUS_NOT_COUNTED)
        else:
            parts.append(STATUS_DRAWER.format(words=difference_words(status.difference.cents)))
        if status.card_difference is not None:
            parts.append(STATUS_CARDS.format(words=difference_words(status.card_difference.cents)))
        if status.closed_at is not None:
            parts.append(STATUS_CLOSED.format(at=status.closed_at.strftime("%I:%M %p").lstrip("0")))
        else:
            parts.append(STATUS_OPEN)
        self.message.setText(" · ".join(parts))

    # Acting ---------------------------------------------------------------------------

    def run_day_sheet(self) -> None:
        outcome = self.services.perform(RunDaySheet(day=self.chosen_day()))
        if outcome.done:
            self.sheet_run.add(self.chosen_day())
        self._say(outcome)

    def count_drawer(self) -> None:
        try:
            float_cents = Money.parse(self.float_field.text() or "0").cents
        except ValueError:
            self.message.setText(BAD_AMOUNT.format(text=self.float_field.text()))
            return
        counts = {label: field.text() for label, field in self.counts.items()}
        outcome = self.services.perform(
            CountDrawer(
                day=self.chosen_day(),
                counts={k: v for k, v in counts.items() if v.strip()},
                float_cents=float_cents,
            )
        )
        self._say(outcome)

    def compare_batch(self) -> None:
        try:
            cents = Money.parse(self.batch_total.text()).cents
        except ValueError:
            self.message.setText(BAD_AMOUNT.format(text=self.batch_total.text()))
            return
        outcome = self.services.perform(
            CompareCardBatch(
                day=self.chosen_day(), batch_total_cents=cents, approvals=self.approvals.value()
            )
        )
        self._say(outcome)

    def _receipts(self) -> tuple[list[ReceiptRow], int | None]:
        receipts = list(day_sheet(self.services.db, self.chosen_day()).receipts)
        chosen = None
        table = self.drawer.tables.get("Cash receipts (to trace a difference)")
        if table is not None and table.currentRow() >= 0:
            number = table.item(table.currentRow(), 0)
            chosen = next(
                (r.payment_id for r in receipts if number and r.receipt == number.text()), None
            )
        return receipts, chosen

    def correct_method(self) -> None:
        receipts, chosen = self._receipts()
        self._open(CorrectMethodDialog.ask(self._perform, receipts, chosen, self))

    def void_receipt(self) -> None:
        receipts, chosen = self._receipts()
        self._open(VoidReceiptDialog.ask(self._perform, receipts, chosen, self))

    def close_day(self) -> None:
        self._open(CloseDayDialog.ask(self._perform, self.chosen_day(), self))

    def prepare_deposit(self) -> None:
        self._say(self.services.perform(PrepareDeposit(day=self.chosen_day())))

    def _perform(self, action: Action) -> Outcome:
        outcome = self.services.perform(action)
        if outcome.done:
            self._say(outcome)
        return outcome

    def _open(self, dialog: QWidget) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
