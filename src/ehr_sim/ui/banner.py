"""The patient banner shown while a chart is open: who, allergies, coverage, balance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

if TYPE_CHECKING:
    from ehr_sim.app.queries.patients import Banner


class PatientBanner(QFrame):
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.name = QLabel()
        self.name.setObjectName("bannerName")
        self.facts = QLabel()
        self.allergy = QLabel()
        self.allergy.setObjectName("allergyAlert")
        self.coverage = QLabel()
        # A long plan name may be cut short rather than widen the whole window; tooltip has it all.
        self.coverage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.coverage.setMinimumWidth(120)
        self.balance = QLabel()
        close = QPushButton("Close chart")
        close.setToolTip("Close this chart (Ctrl+W) so no patient's details stay on screen")
        close.clicked.connect(self.close_requested)
        for widget in (self.name, self.facts, self.allergy):
            layout.addWidget(widget)
        layout.addWidget(self.coverage, 1)
        layout.addWidget(self.balance)
        layout.addWidget(close)
        self.hide()

    def show_banner(self, banner: Banner) -> None:
        self.name.setText(banner.name)
        self.facts.setText(
            f"{banner.age} y · {banner.sex} · DOB {banner.dob:%m/%d/%Y} · MRN {banner.mrn}"
        )
        if banner.allergies:
            self.allergy.setText("⚠ Allergies: " + ", ".join(banner.allergies))
        else:
            self.allergy.setText("No known allergies")
        self.allergy.setProperty("alert", bool(banner.allergies))
        self.allergy.style().unpolish(self.allergy)
        self.allergy.style().polish(self.allergy)
        self.coverage.setText(banner.coverage)
        self.coverage.setToolTip(banner.coverage)
        self.balance.setText(f"Balance {banner.balance}")
        self.show()
