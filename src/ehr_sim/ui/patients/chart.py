"""The open chart: demographics and the tabs a front desk reads (insurance, visits, clinical, audit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.patients import Chart, Demographics
from ehr_sim.app.queries.privacy import PrivacyView
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.demographics import SEXES
from ehr_sim.domain.identity import age_on, format_phone
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.patients.chart_tables import (
    AppointmentsTab,
    AuditTab,
    ClinicalTab,
    InsuranceTab,
    ResultsTab,
    date_text,
)
from ehr_sim.ui.patients.privacy import PrivacyTab

TABS = {
    "demographics": "&Demographics",
    "insurance": "&Insurance ({count})",
    "appointments": "A&ppointments ({count})",
    "clinical": "Allergies, &meds, problems",
    "clinical_alert": "⚠ Allergies, &meds, problems",
    "results": "&Results ({count})",
    "audit": "Audi&t trail",
    "privacy": "Pri&vacy",
}
TEXT = {
    "find": "Find another patient",
    "find_tip": "Back to patient search (Ctrl+F); this chart stays open in the banner",
    "correct": "&Correct…",
    "correct_tip": "Correct a mistake in these details; the old value is kept in the audit trail",
    "demographics_hint": "Read-only. To fix a mistake use Correct… — every correction needs a reason.",
    "not_on_file": "Not on file",
    "no_visit": "None booked",
    "self_pay": "Self-pay (no active coverage)",
    "none": "—",
}
# (group title, ((key, label), ...)); the keys name the value labels for tests and screen readers.
LAYOUT: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Identity",
        (
            ("name", "Name"),
            ("preferred_name", "Preferred name"),
            ("dob", "Date of birth"),
            ("sex", "Sex"),
            ("mrn", "MRN"),
            ("registered_on", "Registered on"),
        ),
    ),
    (
        "Contact",
        (
            ("address", "Address"),
            ("phone", "Phone"),
            ("mobile", "Mobile"),
            ("email", "Email"),
            ("preferred_language", "Preferred language"),
        ),
    ),
    (
        "Emergency contact and care",
        (
            ("emergency_contact", "Emergency contact"),
            ("emergency_contact_phone", "Emergency phone"),
            ("pcp", "Primary care provider"),
            ("photo_id", "Photo ID seen"),
            ("privacy_notice", "Privacy notice"),
        ),
    ),
)


GLANCE: tuple[tuple[str, str], ...] = (
    ("next_visit", "Next visit"),
    ("last_visit", "Last visit"),
    ("primary_insurance", "Primary insurance"),
    ("balance", "Balance"),
)


def glance_texts(chart: Chart, visits: Sequence[AppointmentRow], today: date) -> dict[str, str]:
    """The face-sheet line a front desk checks first: next and last visit, insurance, balance."""
    upcoming = [v for v in visits if v.status.is_open and v.start.date() >= today]
    done = [v for v in visits if v.status is AppointmentStatus.COMPLETED]
    active = [c for c in chart.coverages if c.active_on(today)]
    return {
        "next_visit": min(upcoming, key=lambda v: v.start).label if upcoming else TEXT["no_visit"],
        "last_visit": max(done, key=lambda v: v.start).label if done else TEXT["none"],
        "primary_insurance": active[0].label if active else TEXT["self_pay"],
        "balance": str(chart.balance),
    }


def demographic_texts(chart: Chart, today: date) -> dict[str, str]:
    """What each value label of the Demographics tab shows."""
    p: Demographics = chart.patient
    name = f"{p.last_name}, {p.first_name}" + (f" {p.middle_name}" if p.middle_name else "")
    address = "\n".join(
        line
        for line in (p.address1, p.address2, f"{p.city}, {p.state} {p.zip_code}")
        if line.strip()
    )
    contact = p.emergency_contact_name
    if contact and p.emergency_contact_relationship:
        contact += f" ({p.emergency_contact_relationship})"
    notice = TEXT["not_on_file"]
    if p.privacy_notice:
        notice = f"{p.privacy_notice.capitalize()} on {date_text(p.privacy_notice_on)}".strip()
    return {
        "name": name,
        "preferred_name": p.preferred_name,
        "dob": f"{p.dob:%m/%d/%Y} (age {age_on(p.dob, today)})",
        "sex": f"{p.sex} — {SEXES.get(p.sex, p.sex)}",
        "mrn": p.mrn,
        "registered_on": date_text(p.registered_on),
        "address": address,
        "phone": format_phone(p.phone),
        "mobile": format_phone(p.mobile),
        "email": p.email,
        "preferred_language": p.preferred_language,
        "emergency_contact": contact,
        "emergency_contact_phone": format_phone(p.emergency_contact_phone),
        "pcp": chart.pcp,
        "photo_id": date_text(p.photo_id_seen_on) or TEXT["not_on_file"],
        "privacy_notice": notice,
    }


class DemographicsTab(QWidget):
    """The patient's details, read-only, with a Correct… button."""

    correct_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        self.correct_button = QPushButton(TEXT["correct"])
        self.correct_button.setToolTip(TEXT["correct_tip"])
        self.correct_button.clicked.connect(self.correct_requested)
        top = QHBoxLayout()
        top.addWidget(hint_label(TEXT["demographics_hint"]), 1)
        top.addWidget(self.correct_button)
        groups = QHBoxLayout()
        for title, rows in LAYOUT:
            groups.addWidget(self._group(title, rows), 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(groups)
        layout.addWidget(self._group("At a glance", GLANCE))
        layout.addStretch(1)

    def _group(self, title: str, rows: tuple[tuple[str, str], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in rows:
            value = QLabel()
            value.setObjectName(f"value_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            caption = QLabel(label + ":")
            caption.setProperty("role", "hint")
            form.addRow(caption, value)
        return box

    def set_chart(self, chart: Chart, visits: Sequence[AppointmentRow], today: date) -> None:
        texts = demographic_texts(chart, today) | glance_texts(chart, visits, today)
        for key, text in texts.items():
            self.values[key].setText(text or TEXT["none"])

    def clear(self) -> None:
        for label in self.values.values():
            label.clear()


class ChartPage(QWidget):
    """The tabs of one open chart; `clear()` leaves nothing of the patient on screen."""

    find_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demographics = DemographicsTab()
        self.insurance = InsuranceTab()
        self.appointments = AppointmentsTab()
        self.clinical = ClinicalTab()
        self.results = ResultsTab()
        self.audit = AuditTab()
        self.privacy = PrivacyTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for key, tab in self._pages():
            self.tabs.addTab(tab, TABS[key].format(count=0))
        self.find_button = QPushButton(TEXT["find"])
        self.find_button.setToolTip(TEXT["find_tip"])
        self.find_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.find_button.clicked.connect(self.find_requested)
        self.tabs.setCornerWidget(self.find_button, Qt.Corner.TopRightCorner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _pages(self) -> list[tuple[str, QWidget]]:
        return [
            ("demographics", self.demographics),
            ("insurance", self.insurance),
            ("appointments", self.appointments),
            ("clinical", self.clinical),
            ("results", self.results),
            ("privacy", self.privacy),
            ("audit", self.audit),
        ]

    def show_chart(
        self,
        chart: Chart,
        appointments: Sequence[AppointmentRow],
        today: date,
        privacy: PrivacyView | None = None,
    ) -> None:
        self.demographics.set_chart(chart, appointments, today)
        if privacy is not None:
            self.privacy.set_view(privacy)
        self.insurance.set_coverages(chart.coverages, today)
        self.appointments.set_appointments(appointments)
        self.clinical.set_items(chart.allergies, chart.medications, chart.problems)
        self.results.set_results(chart.results)
        self.audit.set_entries(chart.audit, chart.amendments)
        severe = any(a.flag == "!" for a in chart.allergies)
        counts = {
            "insurance": len(chart.coverages),
            "appointments": len(appointments),
            "results": len(chart.results),
        }
        for index, (key, _tab) in enumerate(self._pages()):
            if key == "clinical" and severe:
                key = "clinical_alert"
            self.tabs.setTabText(index, TABS[key].format(count=counts.get(key, 0)))

    def clear(self) -> None:
        self.demographics.clear()
        self.insurance.set_coverages((), self.insurance.today)
        self.appointments.set_appointments(())
        self.clinical.clear()
        self.results.set_results(())
        self.audit.clear()
        self.privacy.clear()
        for index, (key, _tab) in enumerate(self._pages()):
            self.tabs.setTabText(index, TABS[key].format(count=0))
        self.tabs.setCurrentIndex(0)
