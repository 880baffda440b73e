"""Today's arrivals as table rows: status colours, late flags and the count line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ehr_sim.app.queries.frontdesk import Arrival
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.ui.common.table_model import Column, Index, RowsModel

# Strings the trainee reads -----------------------------------------------------------
ELIGIBILITY_TEXT = {"not checked": "Not checked", "active": "Active", "INACTIVE": "INACTIVE"}
NO_COPAY = "—"
LATE_STATUS = "{status} · late {minutes} min"
LATE_TIP = "The visit started {minutes} min ago and the patient is not checked in yet."
COUNT_PARTS = (
    ("{n} expected", "expected"),
    ("{n} checked in", "arrived"),
    ("{n} late", "late"),
    ("{n} no-show", "no_show"),
    ("{n} cancelled", "cancelled"),
)
HEADERS = (
    "Time",
    "Patient",
    "DOB",
    "Provider",
    "Visit type",
    "Status",
    "Eligibility",
    "Co-pay collected",
)

# Colours -----------------------------------------------------------------------------
STATUS_COLOURS: dict[AppointmentStatus, str | None] = {
    AppointmentStatus.SCHEDULED: None,
    AppointmentStatus.CONFIRMED: "#e3effb",
    AppointmentStatus.CHECKED_IN: "#d6f0da",
    AppointmentStatus.ROOMED: "#d3eeea",
    AppointmentStatus.COMPLETED: "#e6ebe6",
    AppointmentStatus.NO_SHOW: "#fbdcd7",
    AppointmentStatus.CANCELLED: "#eceff2",
    AppointmentStatus.RESCHEDULED: "#eceff2",
}
LATE_COLOUR = "#ffe3a3"
ELIGIBILITY_COLOURS = {"active": "#d6f0da", "INACTIVE": "#f7cfca"}
GONE_TEXT_COLOUR = "#6b7785"

ARRIVED = frozenset(
    {AppointmentStatus.CHECKED_IN, AppointmentStatus.ROOMED, AppointmentStatus.COMPLETED}
)
GONE = frozenset({AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED})


@dataclass(frozen=True)
class ArrivalRow:
    """One visit on the arrivals list, with how late the patient is at the time of reading."""

    arrival: Arrival
    late_minutes: int | None = None

    @property
    def id(self) -> int:
        return self.arrival.id

    @property
    def visit(self) -> AppointmentRow:
        return self.arrival.appointment

    @property
    def status(self) -> AppointmentStatus:
        return self.arrival.appointment.status

    @property
    def is_late(self) -> bool:
        return self.late_minutes is not None

    @property
    def status_text(self) -> str:
        if self.late_minutes is None:
            return self.status.label
        return LATE_STATUS.format(status=self.status.label, minutes=self.late_minutes)


def arrival_rows(arrivals: Sequence[Arrival], now: datetime) -> list[ArrivalRow]:
    """Attach a late flag to every open visit whose start time has passed."""
    rows = []
    for arrival in arrivals:
        visit = arrival.appointment
        late = None
        if visit.status.is_open and visit.start < now:
            late = max(1, int((now - visit.start).total_seconds() // 60))
        rows.append(ArrivalRow(arrival, late))
    return rows


def count_line(rows: Sequence[ArrivalRow]) -> str:
    """'23 expected · 5 checked in · 2 late' (no-shows and cancellations only when there are any)."""
    counts = {
        "expected": sum(r.status.is_active for r in rows),
        "arrived": sum(r.status in ARRIVED for r in rows),
        "late": sum(r.is_late for r in rows),
        "no_show": sum(r.status is AppointmentStatus.NO_SHOW for r in rows),
        "cancelled": sum(r.status in GONE for r in rows),
    }
    always = {"expected", "arrived", "late"}
    return " · ".join(
        text.format(n=counts[key]) for text, key in COUNT_PARTS if key in always or counts[key]
    )


def _status_colour(row: ArrivalRow) -> str | None:
    return LATE_COLOUR if row.is_late else STATUS_COLOURS[row.status]


def _time_colour(row: ArrivalRow) -> str | None:
    return LATE_COLOUR if row.is_late else None


COLUMNS: list[Column[ArrivalRow]] = [
    Column(HEADERS[0], lambda r: f"{clock(r.visit.start)}", _time_colour),
    Column(HEADERS[1], lambda r: r.visit.patient_name),
    Column(HEADERS[2], lambda r: f"{r.visit.patient_dob:%m/%d/%Y}"),
    Column(HEADERS[3], lambda r: r.visit.provider_name),
    Column(HEADERS[4], lambda r: r.visit.type_name),
    Column(HEADERS[5], lambda r: r.status_text, _status_colour),
    Column(
        HEADERS[6],
        lambda r: ELIGIBILITY_TEXT.get(r.arrival.eligibility, r.arrival.eligibility),
        lambda r: ELIGIBILITY_COLOURS.get(r.arrival.eligibility),
    ),
    Column(
        HEADERS[7],
        lambda r: NO_COPAY if r.arrival.copay_collected is None else str(r.arrival.copay_collected),
        align_right=True,
    ),
]
STATUS_COLUMN = 5


class ArrivalsModel(RowsModel[ArrivalRow]):
    """The arrivals table: greys out cancelled visits and explains late ones in a tooltip."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def update_rows(self, rows: Sequence[ArrivalRow]) -> None:
        """Replace the rows; when they are the same visits in the same order, keep the view's
        selection and scroll position by reporting changed cells instead of a reset."""
        if [r.id for r in rows] != [r.id for r in self.rows] or not rows:
            self.set_rows(rows)
            return
        self.rows = list(rows)
        last = self.index(len(self.rows) - 1, len(self.columns) - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    def row_of(self, appointment_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == appointment_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is not None and 0 <= index.column() < len(self.columns):
            if role == Qt.ItemDataRole.ForegroundRole and row.status in GONE:
                return QBrush(QColor(GONE_TEXT_COLOUR))
            if role == Qt.ItemDataRole.ToolTipRole and row.is_late:
                return LATE_TIP.format(minutes=row.late_minutes)
        return super().data(index, role)
