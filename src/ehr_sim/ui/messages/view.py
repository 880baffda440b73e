"""Messages & phone: one tab per part of the office's communication.

(This is the in-basket branch's minimal view: the in-basket, fax and letters tabs. The phone
branch adds its own tabs to the same QTabWidget.)
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ehr_sim.ui.messages.fax import FaxTab
from ehr_sim.ui.messages.inbasket import InbasketTab
from ehr_sim.ui.messages.letters import LettersTab
from ehr_sim.ui.services import Services


class MessagesView(QTabWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.inbasket = InbasketTab(services)
        self.fax = FaxTab(services)
        self.letters = LettersTab(services)
        self.addTab(self.inbasket, "&In-basket")
        self.addTab(self.fax, "&Fax")
        self.addTab(self.letters, "&Letters")
