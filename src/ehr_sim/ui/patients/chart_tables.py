"""The chart's table tabs: insurance, appointments, allergies/meds/problems, results, audit trail."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.handlers.registration import COVERAGE_FIELDS
from ehr_sim.app.queries.patients import AmendmentRow, AuditRow, ChartItem, CoverageRow
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.demographics import LABELS
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import date_and_time, weekday_date_and_time
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row

ALERT = "#fbe3e1"
LOW = "#dfeafb"
MUTED = "#eceff3"
RELATIONSHIPS = {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}
FLAGS = {"H": "H — high", "L": "L — low", "A": "A — abnormal"}
TEXT = {
    "insurance_hint": "The primary coverage (order 1) is billed first. Select a row to correct it.",
    "add_coverage": "Add co&verage…",
    "correct_coverage": "&Correct…",
    "correct_coverage_tip": "Fix a mistyped member ID, group number or date (a reason is required)",
    "appointments_hint": "All visits, newest first. Book, move or cancel visits in the Schedule.",
    "allergies": "Allergies ({count}) — severe reactions in red",
    "no_allergies": "Allergies: none recorded (no known allergies)",
    "medications": "Medications ({count})",
    "problems": "Problems ({count})",
    "results_hint": "Flags: H = above the reference range, L = below it (highlighted). "
    "Results are read-only for the front desk.",
    "audit_actions": "Everything done on this chart ({count}) — opening it is logged too",
    "audit_amendments": "Corrections ({count}) — the old value is never lost",
}


def date_text(day: date | None) -> str:
    return f"{day:%m/%d/%Y}" if day else ""


def table_view(model: RowsModel[Any]) -> QTableView:
    """A read-only, row-selecting table over `model` whose last column takes the spare width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit_columns(view: QTableView) -> None:
    """Size columns to their contents (the last one stretches)."""
    view.resizeColumnsToContents()


def heading(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "subheading")
    return label


class InsuranceTab(QWidget):
    """The patient's coverages, with Add coverage… and Correct… buttons."""

    add_requested = Signal()
    correct_requested = Signal(object)  # CoverageRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.min  # set with the clinic's date when a chart is shown
        self.model: RowsModel[CoverageRow] = RowsModel(
            [
                Column("Order", lambda c: "Primary" if c.rank == 1 else "Secondary"),
                Column("Payer", lambda c: c.payer),
                Column("Plan", lambda c: f"{c.plan} ({c.kind})"),
                Column("Member ID", lambda c: c.member_id),
                Column("Group", lambda c: c.group_number),
                Column("Subscriber", lambda c: c.subscriber_name),
                Column(
                    "Relationship",
                    lambda c: RELATIONSHIPS.get(
                        c.subscriber_relationship, c.subscriber_relationship
                    ),
                ),
                Column("Subscriber DOB", lambda c: date_text(c.subscriber_dob)),
                Column("Effective", lambda c: date_text(c.effective_on)),
                Column("Ends", lambda c: date_text(c.terminated_on)),
                Column("Status", self._status, self._status_colour),
            ],
            self,
        )
        self.table = table_view(self.model)
        self.add_button = QPushButton(TEXT["add_coverage"])
        self.correct_button = QPushButton(TEXT["correct_coverage"])
        self.correct_button.setToolTip(TEXT["correct_coverage_tip"])
        self.correct_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_requested)
        self.correct_button.clicked.connect(self._correct)
        self.table.doubleClicked.connect(lambda _index: self._correct())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.correct_button.setEnabled(self.selected() is not None)
        )
        buttons = QHBoxLayout()
        buttons.addWidget(hint_label(TEXT["insurance_hint"]), 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def set_coverages(self, coverages: Sequence[CoverageRow], today: date) -> None:
        self.today = today
        self.model.set_rows(coverages)
        fit_columns(self.table)
        if coverages:
            self.table.selectRow(0)
        self.correct_button.setEnabled(self.selected() is not None)

    def selected(self) -> CoverageRow | None:
        return selected_row(self.table, self.model)

    def _status(self, c: CoverageRow) -> str:
        if c.active_on(self.today):
            return "Active"
        if c.effective_on > self.today:
            return f"Starts {c.effective_on:%m/%d/%Y}"
        return "Ended"

    def _status_colour(self, c: CoverageRow) -> str | None:
        return None if c.active_on(self.today) else MUTED

    def _correct(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.correct_requested.emit(chosen)


class AppointmentsTab(QWidget):
    """Every visit of the patient with status and its reschedule / cancel history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_id: dict[int, AppointmentRow] = {}
        self.moved_to: dict[int, AppointmentRow] = {}
        self.model: RowsModel[AppointmentRow] = RowsModel(
            [
                Column("Date and time", lambda a: f"{weekday_date_and_time(a.start)}"),
                Column("Provider", lambda a: a.provider_name),
                Column("Visit type", lambda a: a.type_name),
                Column("Status", lambda a: a.status.label, self._status_colour),
                Column("Room", lambda a: a.room),
                Column("Reason for visit", lambda a: a.reason),
                Column("History", self.history),
            ],
            self,
        )
        self.table = table_view(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(TEXT["appointments_hint"]))
        layout.addWidget(self.table, 1)

    def set_appointments(self, rows: Sequence[AppointmentRow]) -> None:
        self.by_id = {a.id: a for a in rows}
        self.moved_to = {a.rescheduled_from_id: a for a in rows if a.rescheduled_from_id}
        self.model.set_rows(rows)
        fit_columns(self.table)

    def history(self, a: AppointmentRow) -> str:
        """Where a visit came from or went: 'rescheduled from …', 'moved to …', why."""
        parts = []
        if a.rescheduled_from_id is not None:
            old = self.by_id.get(a.rescheduled_from_id)
            when = f" {date_and_time(old.start)}" if old else ""
            why = f" ({old.change_reason})" if old and old.change_reason else ""
            parts.append(f"Rescheduled from{when}{why}")
        if a.status is AppointmentStatus.RESCHEDULED:
            new = self.moved_to.get(a.id)
            parts.append(f"Moved to {date_and_time(new.start)}" if new else "Moved")
            if a.change_reason:
                parts.append(f"reason: {a.change_reason}")
        elif a.status is AppointmentStatus.CANCELLED and a.change_reason:
            parts.append(f"Cancelled: {a.change_reason}")
        return " · ".join(parts)

    @staticmethod
    def _status_colour(a: AppointmentRow) -> str | None:
        return None if a.status.is_active else MUTED


REFILL = "&Refill request…"
REFILL_TIP = "Take a refill request and send it to clinical staff (the front desk never approves)"


class ClinicalTab(QWidget):
    """Allergies (severe ones highlighted), medications and problems, one list each."""

    refill_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        def severe(item: ChartItem) -> str | None:
            return ALERT if item.flag == "!" else None

        self.allergies: RowsModel[ChartItem] = RowsModel(
            [
                Column("Allergy", lambda i: ("⚠ " if i.flag else "") + i.title, severe),
                Column("Reaction (severity)", lambda i: i.detail, severe),
            ],
            self,
        )
        self.medications: RowsModel[ChartItem] = RowsModel(
            [
                Column("Medication", lambda i: i.title),
                Column("Started", lambda i: date_text(i.when)),
                Column("Dose, frequency, refills", lambda i: i.detail),
            ],
            self,
        )
        self.problems: RowsModel[ChartItem] = RowsModel(
            [
                Column("Problem (ICD-10)", lambda i: i.title),
                Column("Onset", lambda i: date_text(i.when)),
                Column("Status", lambda i: i.detail),
            ],
            self,
        )
        self.headings = {name: heading() for name in ("allergies", "medications", "problems")}
        self.tables = {
            "allergies": table_view(self.allergies),
            "medications": table_view(self.medications),
            "problems": table_view(self.problems),
        }
        # A refill request (phone, fax, portal) is taken here and routed to clinical staff.
        self.refill_button = QPushButton(REFILL)
        self.refill_button.setToolTip(REFILL_TIP)
        self.refill_button.clicked.connect(self.refill_requested)
        layout = QVBoxLayout(self)
        for name in self.tables:
            layout.addWidget(self.headings[name])
            layout.addWidget(self.tables[name], 1)
            if name == "medications":
                layout.addWidget(self.refill_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_items(
        self,
        allergies: Sequence[ChartItem],
        medications: Sequence[ChartItem],
        problems: Sequence[ChartItem],
    ) -> None:
        self.allergies.set_rows(sorted(allergies, key=lambda i: (i.flag != "!", i.title)))
        self.medications.set_rows(medications)
        self.problems.set_rows(problems)
        self.headings["allergies"].setText(
            TEXT["allergies"].format(count=len(allergies)) if allergies else TEXT["no_allergies"]
        )
        self.headings["medications"].setText(TEXT["medications"].format(count=len(medications)))
        self.headings["problems"].setText(TEXT["problems"].format(count=len(problems)))
        for table in self.tables.values():
            fit_columns(table)

    def clear(self) -> None:
        self.set_items((), (), ())
        for label in self.headings.values():
            label.clear()


class ResultsTab(QWidget):
    """Labs and imaging, newest first, with H/L flags highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        def colour(item: ChartItem) -> str | None:
            return {"H": ALERT, "L": LOW}.get(item.flag, ALERT if item.flag else None)

        self.model: RowsModel[ChartItem] = RowsModel(
            [
                Column("Date", lambda i: date_text(i.when)),
                Column("Test", lambda i: i.title),
                Column("Flag", lambda i: FLAGS.get(i.flag, i.flag), colour),
                Column("Result (reference range)", lambda i: i.detail, colour),
            ],
            self,
        )
        self.table = table_view(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(TEXT["results_hint"]))
        layout.addWidget(self.table, 1)

    def set_results(self, results: Sequence[ChartItem]) -> None:
        self.model.set_rows(results)
        fit_columns(self.table)


def _words(action: str) -> str:
    """'UpdateDemographics' -> 'Update demographics'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", action).capitalize()


def _shown(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{date.fromisoformat(value):%m/%d/%Y}"
    return value or "(empty)"


def _field(row: AmendmentRow) -> str:
    labels = COVERAGE_FIELDS if row.record_type == "coverage" else LABELS
    where = "Insurance: " if row.record_type == "coverage" else ""
    return where + labels.get(row.field, row.field)


def _when(moment: datetime) -> str:
    return f"{date_and_time(moment)}"


class AuditTab(QWidget):
    """Who did what on this chart (the action log) and every correction with its reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        def refused(row: AuditRow) -> str | None:
            return ALERT if row.outcome == "refused" else None

        self.action_log: RowsModel[AuditRow] = RowsModel(
            [
                Column("Clinic time", lambda a: _when(a.sim_time)),
                Column("Who", lambda a: a.actor),
                Column("Action", lambda a: _words(a.action)),
                Column("Outcome", lambda a: a.outcome.capitalize(), refused),
                Column("Message", lambda a: a.message),
            ],
            self,
        )
        self.amendments: RowsModel[AmendmentRow] = RowsModel(
            [
                Column("When", lambda m: _when(m.amended_at)),
                Column("Field", _field),
                Column("Old value", lambda m: _shown(m.old_value)),
                Column("New value", lambda m: _shown(m.new_value)),
                Column("Reason", lambda m: m.reason),
            ],
            self,
        )
        self.actions_heading = heading()
        self.amendments_heading = heading()
        self.actions_table = table_view(self.action_log)
        self.amendments_table = table_view(self.amendments)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in (
            (self.actions_heading, self.actions_table),
            (self.amendments_heading, self.amendments_table),
        ):
            pane = QWidget()
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(table, 1)
            splitter.addWidget(pane)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

    def set_entries(self, actions: Sequence[AuditRow], amendments: Sequence[AmendmentRow]) -> None:
        self.action_log.set_rows(actions)
        self.amendments.set_rows(amendments)
        self.actions_heading.setText(TEXT["audit_actions"].format(count=len(actions)))
        self.amendments_heading.setText(TEXT["audit_amendments"].format(count=len(amendments)))
        fit_columns(self.actions_table)
        fit_columns(self.amendments_table)

    def clear(self) -> None:
        self.set_entries((), ())
        self.actions_heading.clear()
        self.amendments_heading.clear()
