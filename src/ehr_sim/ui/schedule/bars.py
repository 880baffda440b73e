"""The schedule's two bars: the date bar above the grid and the selected-visit bar below it."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.clinic import ProviderRow, VisitTypeRow
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.domain.times import span as time_span
from ehr_sim.ui.schedule.day_model import Cell, CellKind, GridColumn
from ehr_sim.ui.schedule.forms import button, date_edit
from ehr_sim.ui.schedule.grid import STATUS_COLOURS, STATUS_MARKS

TEXT = {
    "previous": "◀",
    "next": "▶",
    "previous_tip": "Previous {unit} (Alt+Left or Page Up)",
    "next_tip": "Next {unit} (Alt+Right or Page Down)",
    "today": "&Today",
    "today_tip": "Go to today (T)",
    "date_tip": "Pick a date",
    "day": "&Day",
    "week": "W&eek",
    "waitlist": "Wait&list",
    "waitlist_count": "Wait&list ({n})",
    "provider": "&Provider:",
    "new": "&New appointment…",
    "new_tip": "Book a visit (Ctrl+N)",
    "day_title": "{day:%A, %B} {day.day}, {day.year}",
    "week_title": "Week of {monday:%m/%d} – {saturday:%m/%d/%Y}",
    "visits": "{n} visits",
    "one_visit": "1 visit",
    "hint": "Select a visit to see it here. Double-click an empty time (or press Enter) to book.",
    "visit": "<b>{patient}</b> · DOB {dob} · MRN {mrn}<br>{type} ({minutes} min) with "
    "{provider} · {day} {span} · {room} · <b style='color:{colour}'>{status}</b>"
    "<br>Reason: {reason}",
    "moved": " · rebooked from an earlier visit",
    "more": "<br><i>{n} more visit(s) start at this time: {names}</i>",
    "open": "<b>{provider}</b> · {day} {time} — open. Double-click or press Enter to book.",
    "break": "<b>{provider}</b> · {label} {span}. Visits cannot be booked in a break.",
    "out": "<b>{provider}</b> · not seeing patients at {time} on {day}.",
    "chart": "Open &chart",
    "confirm": "C&onfirm",
    "confirm_tip": "The patient confirmed on a reminder call",
    "reschedule": "&Reschedule…",
    "reschedule_tip": "Move the visit to another time (Ctrl+R)",
    "cancel": "Cancel &visit…",
    "cancel_tip": "Cancel the visit with a reason (Delete)",
    "no_show": "Mark no-&show",
    "no_show_tip": "The patient did not come (only once the time has passed)",
    "legend_status": "Status:",
}


class DateBar(QWidget):
    """Previous/Today/Next, a date picker, the title, Day/Week/Waitlist and the week's provider."""

    def __init__(self, day: date, providers: list[ProviderRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.previous_button = QToolButton()
        self.previous_button.setText(TEXT["previous"])
        self.today_button = QPushButton(TEXT["today"])
        self.today_button.setToolTip(TEXT["today_tip"])
        self.next_button = QToolButton()
        self.next_button.setText(TEXT["next"])
        self.date_edit = date_edit(day)
        self.date_edit.setToolTip(TEXT["date_tip"])
        self.title = QLabel()
        self.title.setProperty("role", "heading")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(120)
        self.title.setWordWrap(True)  # narrow (scenario panel open): two lines, never clipped
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        self.day_button = self._mode_button(TEXT["day"])
        self.week_button = self._mode_button(TEXT["week"])
        self.waitlist_button = self._mode_button(TEXT["waitlist"])
        self.modes = QButtonGroup(self)
        for mode, push in enumerate((self.day_button, self.week_button, self.waitlist_button)):
            self.modes.addButton(push, mode)
        self.day_button.setChecked(True)
        self.provider_label = QLabel(TEXT["provider"])
        self.provider = QComboBox()
        for row in providers:
            self.provider.addItem(row.name, row.id)
        self.provider_label.setBuddy(self.provider)
        self.new_button = button(TEXT["new"], primary=True)
        self.new_button.setToolTip(TEXT["new_tip"])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_button, self.today_button, self.next_button, self.date_edit):
            layout.addWidget(widget)
        layout.addSpacing(6)  # the bar must fit 1366 px with the scenario panel open
        layout.addWidget(self.title, 1)
        layout.addWidget(self.count)
        layout.addStretch(0)
        layout.addWidget(self.provider_label)
        layout.addWidget(self.provider)
        for push in (self.day_button, self.week_button, self.waitlist_button):
            layout.addWidget(push)
        layout.addSpacing(6)
        layout.addWidget(self.new_button)

    @staticmethod
    def _mode_button(text: str) -> QPushButton:
        push = QPushButton(text)
        push.setCheckable(True)
        push.setAutoDefault(False)
        return push

    def show_state(self, mode: str, day: date, visits: int, waiting: int) -> None:
        """Update title, counts and which controls apply to `mode` (day, week or waitlist)."""
        unit = "week" if mode == "week" else "day"
        self.previous_button.setToolTip(TEXT["previous_tip"].format(unit=unit))
        self.next_button.setToolTip(TEXT["next_tip"].format(unit=unit))
        dated = mode != "waitlist"
        for widget in (self.previous_button, self.today_button, self.next_button, self.date_edit):
            widget.setEnabled(dated)
        self.provider_label.setVisible(mode == "week")
        self.provider.setVisible(mode == "week")
        if mode == "week":
            monday = day - timedelta(days=day.weekday())
            saturday = monday + timedelta(days=5)
            self.title.setText(TEXT["week_title"].format(monday=monday, saturday=saturday))
        elif mode == "day":
            self.title.setText(TEXT["day_title"].format(day=day))
        else:
            self.title.setText("")
        self.count.setVisible(dated)
        self.count.setText(TEXT["one_visit"] if visits == 1 else TEXT["visits"].format(n=visits))
        self.waitlist_button.setText(
            TEXT["waitlist_count"].format(n=waiting) if waiting else TEXT["waitlist"]
        )


def legend(types: list[VisitTypeRow]) -> str:
    """Rich text naming the colour of each visit type and the mark of each status."""
    chips = [
        f"<span style='background:{t.colour}; color:#17212b'>&nbsp;{t.name}&nbsp;</span>"
        for t in types
    ]
    marks = [
        f"<span style='color:{STATUS_COLOURS[status]}'><b>{mark}</b></span>"
        for status, mark in STATUS_MARKS.items()
        if status != AppointmentStatus.COMPLETED
    ]
    return " ".join(chips) + f" &nbsp; {TEXT['legend_status']} " + " &nbsp;".join(marks)


class VisitBar(QFrame):
    """What is selected in the grid, and the buttons that act on a selected visit."""

    def __init__(self, types: list[VisitTypeRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.details = QLabel(TEXT["hint"])
        self.details.setWordWrap(True)
        self.details.setMinimumHeight(48)
        self.chart_button = button(TEXT["chart"])
        self.confirm_button = button(TEXT["confirm"])
        self.confirm_button.setToolTip(TEXT["confirm_tip"])
        self.reschedule_button = button(TEXT["reschedule"])
        self.reschedule_button.setToolTip(TEXT["reschedule_tip"])
        self.cancel_button = button(TEXT["cancel"])
        self.cancel_button.setToolTip(TEXT["cancel_tip"])
        self.no_show_button = button(TEXT["no_show"])
        self.no_show_button.setToolTip(TEXT["no_show_tip"])
        self.legend = QLabel(legend(types))
        self.legend.setProperty("role", "hint")
        self.legend.setWordWrap(True)  # a narrow window (1366 px with the scenario panel)
        row = QHBoxLayout()
        row.addWidget(self.details, 1)
        for push in self.buttons():
            row.addWidget(push)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.legend)
        self.show_cell(None, None)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.chart_button,
            self.confirm_button,
            self.reschedule_button,
            self.cancel_button,
            self.no_show_button,
        )

    def show_cell(self, cell: Cell | None, column: GridColumn | None) -> None:
        visit = cell.visit if cell is not None and cell.kind == CellKind.VISIT else None
        self.details.setText(
            describe(cell, column) if cell is not None and column else TEXT["hint"]
        )
        status = visit.status if visit else None
        self.chart_button.setEnabled(visit is not None)
        self.confirm_button.setEnabled(status == AppointmentStatus.SCHEDULED)
        for push in (self.reschedule_button, self.cancel_button, self.no_show_button):
            push.setEnabled(status is not None and status.is_open)


def describe(cell: Cell, column: GridColumn) -> str:
    """Rich text about a cell: the visit's details, or what the empty time is."""
    where = {
        "provider": column.provider.provider_name,
        "time": clock(cell.start),
        "day": f"{cell.start:%a %m/%d/%Y}",
    }
    if cell.kind == CellKind.VISIT and cell.visit is not None:
        text = visit_details(cell.visit)
        if len(cell.visits) > 1:
            names = escape(", ".join(v.patient_name for v in cell.visits[1:]))
            text += TEXT["more"].format(n=len(cell.visits) - 1, names=names)
        return text
    if cell.kind == CellKind.BREAK:
        end = cell.start + timedelta(minutes=15 * cell.span)
        span = f"{time_span(cell.start, end)}"
        return TEXT["break"].format(label=cell.label.capitalize(), span=span, **where)
    if cell.kind == CellKind.OUT:
        return TEXT["out"].format(**where)
    return TEXT["open"].format(**where)


def visit_details(visit: AppointmentRow) -> str:
    text = TEXT["visit"].format(
        patient=escape(visit.patient_name),
        dob=f"{visit.patient_dob:%m/%d/%Y}",
        mrn=visit.mrn,
        type=visit.type_name,
        minutes=int((visit.end - visit.start).total_seconds() // 60),
        provider=visit.provider_name,
        day=f"{visit.start:%a %m/%d/%Y}",
        span=f"{time_span(visit.start, visit.end)}",
        room=visit.room or "no room",
        colour=STATUS_COLOURS.get(visit.status, "#17212b"),
        status=visit.status.label,
        reason=escape(visit.reason) or "—",
    )
    return text + (TEXT["moved"] if visit.rescheduled_from_id else "")
