"""Video check-in for a telehealth visit: each step is its own logged action, done in order
from one window (link, identity on video, location, consent, co-pay by card, ready)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.frontdesk import checkin_facts
from ehr_sim.app.queries.telehealth import video_visit
from ehr_sim.domain.actions import (
    Action,
    CollectCopay,
    MarkReadyForProvider,
    RecordConsent,
    RecordPatientLocation,
    SendTelehealthLink,
    VerifyVideoIdentity,
)
from ehr_sim.domain.telehealth import missing_before_ready, stage
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.notice import NoticeBar
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
TITLE = "Video check-in: {patient}"
HINT = (
    "Check in 15 minutes ahead. Identity on video before any health information; where the "
    "patient is (address and state); consent; co-pay by card; then ready for the provider."
)
LINK = "1. Link"
SEND_TO = "Send &to:"
SEND = "&Send link"
IDENTITY = "2. Identity on video"
NAME, DOB, PHOTO = "&Name confirmed", "&Date of birth confirmed", "&Photo ID to the camera"
VERIFY = "&Confirm identity"
LOCATION = "3. Where the patient is"
ADDRESS, STATE = "&Address:", "S&tate:"
PRIVATE = "In a &private place"
RECORD_LOCATION = "&Record location"
CONSENT = "4. Consent and co-pay"
CONSENT_BUTTON = "Record &verbal consent"
COPAY = "Take co-pay by &card"
COPAY_NONE = "No co-pay known: verify eligibility first"
READY = "&Ready for provider"
CLOSE = "Close"
STAGE = "Status: {stage}"
STAGE_NONE = "Status: link not sent"
STILL = "Still to do: {missing}."


class TelehealthDialog(QDialog):
    """The steps of one video visit's check-in; each button performs one action."""

    def __init__(
        self, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id = appointment_id
        facts = checkin_facts(services.db, appointment_id)
        assert facts is not None
        self.facts = facts
        self.setWindowTitle(TITLE.format(patient=facts.full_name))
        self.status = QLabel()
        self.status.setProperty("role", "heading")
        self.outcome_label = NoticeBar()  # what the last step did, coloured like the window's

        self.send_to = QComboBox()
        self.send_to.setEditable(True)
        self.send_button = QPushButton(SEND)
        self.name = QCheckBox(NAME)
        self.dob = QCheckBox(DOB)
        self.photo = QCheckBox(PHOTO)
        self.verify_button = QPushButton(VERIFY)
        self.address = QLineEdit()
        self.state = QLineEdit()
        self.state.setMaxLength(2)
        self.private = QCheckBox(PRIVATE)
        self.private.setChecked(True)
        self.location_button = QPushButton(RECORD_LOCATION)
        self.consent_button = QPushButton(CONSENT_BUTTON)
        copay = facts.eligibility.copay if facts.eligibility else None
        self.copay_cents = copay.cents if copay else 0
        self.copay_button = QPushButton(f"{COPAY} ({copay})" if copay else COPAY_NONE)
        self.ready_button = QPushButton(READY)
        self.ready_button.setProperty("primary", True)
        close = QPushButton(CLOSE)

        link = QGroupBox(LINK)
        form = QFormLayout(link)
        row = QHBoxLayout()
        row.addWidget(self.send_to, 1)
        row.addWidget(self.send_button)
        caption = QLabel(SEND_TO)
        caption.setBuddy(self.send_to)
        form.addRow(caption, row)
        identity = QGroupBox(IDENTITY)
        line = QHBoxLayout(identity)
        for widget in (self.name, self.dob, self.photo):
            line.addWidget(widget)
        line.addStretch(1)
        line.addWidget(self.verify_button)
        location = QGroupBox(LOCATION)
        form = QFormLayout(location)
        for text, field in ((ADDRESS, self.address), (STATE, self.state)):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        row = QHBoxLayout()
        row.addWidget(self.private)
        row.addStretch(1)
        row.addWidget(self.location_button)
        form.addRow(row)
        consent = QGroupBox(CONSENT)
        line = QHBoxLayout(consent)
        line.addWidget(self.consent_button)
        line.addWidget(self.copay_button)
        line.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.ready_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        page = QVBoxLayout(self)
        page.addWidget(hint_label(HINT))
        page.addWidget(self.status)
        for group in (link, identity, location, consent):
            page.addWidget(group)
        page.addWidget(self.outcome_label)
        page.addLayout(bottom)

        self.send_button.clicked.connect(self.send_link)
        self.verify_button.clicked.connect(self.verify)
        self.location_button.clicked.connect(self.record_location)
        self.consent_button.clicked.connect(
            lambda: self._do(RecordConsent(appointment_id=appointment_id, how="verbal"))
        )
        self.copay_button.clicked.connect(self.take_copay)
        self.ready_button.clicked.connect(
            lambda: self._do(MarkReadyForProvider(appointment_id=appointment_id))
        )
        close.clicked.connect(self.accept)
        self.load()
        self.resize(640, 520)

    @classmethod
    def ask(
        cls, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> TelehealthDialog:
        """Open window-modal without blocking (tests click in it like a trainee)."""
        dialog = cls(services, appointment_id, parent)
        dialog.open()
        return dialog

    def load(self) -> None:
        visit = video_visit(self.services.db, self.appointment_id)
        assert visit is not None
        if self.send_to.count() == 0:
            self.send_to.addItems(list(visit.contacts))
        where = stage(visit.steps)
        text = STAGE.format(stage=where) if where else STAGE_NONE
        missing = missing_before_ready(visit.steps)
        if missing and not visit.steps.ready:
            text += "  ·  " + STILL.format(missing="; ".join(missing))
        self.status.setText(text)
        self.copay_button.setEnabled(self.copay_cents > 0)

    def send_link(self) -> None:
        self._do(
            SendTelehealthLink(
                appointment_id=self.appointment_id, send_to=self.send_to.currentText().strip()
            )
        )

    def verify(self) -> None:
        identifiers = tuple(
            name for name, box in (("name", self.name), ("dob", self.dob)) if box.isChecked()
        )
        self._do(
            VerifyVideoIdentity(
                appointment_id=self.appointment_id,
                identifiers=identifiers,
                photo_id_seen=self.photo.isChecked(),
            )
        )

    def record_location(self) -> None:
        self._do(
            RecordPatientLocation(
                appointment_id=self.appointment_id,
                address=self.address.text().strip(),
                state=self.state.text().strip(),
                private_place=self.private.isChecked(),
            )
        )

    def take_copay(self) -> None:
        self._do(
            CollectCopay(
                appointment_id=self.appointment_id, amount_cents=self.copay_cents, method="card"
            )
        )

    def _do(self, action: Action) -> Outcome:
        outcome = self.services.perform(action)
        self.outcome_label.show_outcome(outcome)
        self.load()
        return outcome
