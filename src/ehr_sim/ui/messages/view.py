"""The "Messages & phone" area: one tab per way messages reach the front desk."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ehr_sim.ui.messages.phone_tab import PhoneTab
from ehr_sim.ui.messages.voicemail_tab import VoicemailTab
from ehr_sim.ui.services import Services

PHONE = "&Phone"
VOICEMAIL = "&Voicemail"


class MessagesView(QTabWidget):
    """The phone and the voicemail box (more tabs join them: one `addTab` each)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.phone = PhoneTab(services, self)
        self.addTab(self.phone, PHONE)
        self.voicemail = VoicemailTab(services, self)
        self.addTab(self.voicemail, VOICEMAIL)
