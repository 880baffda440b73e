"""Temporary placeholder, replaced by the real view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ehr_sim.ui.services import Services


class ScheduleView(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        QVBoxLayout(self).addWidget(QLabel("ScheduleView"))

    def refresh(self) -> None:
        pass

    def new_appointment(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def register_patient(self) -> None:
        pass

    def show_chart(self, patient_id: int) -> None:
        pass

    def close_chart(self) -> None:
        pass
