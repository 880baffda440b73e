"""The "Messages & phone" area: one tab per way messages reach the front desk — the phone,
the voicemail box, the in-basket, the fax and letters."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ehr_sim.ui.messages.fax import FaxTab
from ehr_sim.ui.messages.inbasket import InbasketTab
from ehr_sim.ui.messages.letters import LettersTab
from ehr_sim.ui.messages.phone_tab import PhoneTab
from ehr_sim.ui.messages.voicemail_tab import VoicemailTab
from ehr_sim.ui.services import Services

PHONE = "&Phone"
VOICEMAIL = "&Voicemail"


class MessagesView(QTabWidget):
    """The phone, the voicemail box, the in-basket, the fax and letters: one `addTab` each."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.phone = PhoneTab(services, self)
        self.addTab(self.phone, PHONE)
        self.voicemail = VoicemailTab(services, self)
        self.addTab(self.voicemail, VOICEMAIL)
        self.inbasket = InbasketTab(services)
        self.addTab(self.inbasket, "&In-basket")
        self.fax = FaxTab(services)
        self.addTab(self.fax, "&Fax")
        self.letters = LettersTab(services)
        self.addTab(self.letters, "&Letters")
