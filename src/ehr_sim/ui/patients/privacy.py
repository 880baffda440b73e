"""The chart's Privacy tab (message preferences, authorised contacts, records requests,
disclosures) and its dialogs: message preferences, add and revoke a contact, and release of
information, each performing one action through the gateway."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.patients import Demographics
from ehr_sim.app.queries.privacy import (
    ContactRow,
    DisclosureRow,
    PrivacyView,
    RequestRow,
    request_problems,
)
from ehr_sim.domain import privacy
from ehr_sim.domain.actions import (
    Action,
    AddAuthorisedContact,
    LogRecordsRequest,
    RecordMessagePreferences,
    ReleaseRecords,
    RevokeAuthorisedContact,
)
from ehr_sim.domain.identity import format_phone, phone_digits
from ehr_sim.domain.times import date_and_time
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order, labelled_form
from ehr_sim.ui.common.labels import hint_label, set_flag
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row
from ehr_sim.ui.patients.chart_tables import (
    ALERT,
    MUTED,
    date_text,
    fit_columns,
    heading,
    table_view,
)
from ehr_sim.ui.services import Services

TEXT = {
    "messages": "Messages and how to reach the patient",
    "preferences": "Message pre&ferences…",
    "preferences_tip": "Record what the patient said about voicemail, messages and e-mail",
    "contacts": "Authorised contacts ({count}) — only they may hear about the patient",
    "add_contact": "Add &contact…",
    "revoke": "Revo&ke…",
    "requests": "Records requests ({count})",
    "log_request": "Lo&g request…",
    "log_request_tip": "Log a records request that came by fax, mail or at the desk, with its "
    "authorisation",
    "release": "Re&lease of information…",
    "release_tip": "Check the authorisation and release the records (logged as a disclosure)",
    "disclosures": "Disclosures ({count}) — every release of this patient's records",
    "hint": "Before you leave a message or discuss the patient with anyone, check here. "
    "Releases need a valid authorisation unless the patient asks for their own records or "
    "another provider needs them for treatment.",
    "ok": "✓ Nothing stops this release.",
}
STATUS = {
    "pending": "Not worked yet",
    "on_hold": "On hold",
    "released": "Released",
    "refused": "Refused",
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: date) -> QDateEdit:
    """A date field in the office's format (MM/DD/YYYY) with a calendar."""
    edit = QDateEdit(_qdate(day))
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    return edit


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PrivacyTab(QWidget):
    """Preferences, authorised contacts, records requests and disclosures of one chart."""

    preferences_requested = Signal()
    add_contact_requested = Signal()
    revoke_requested = Signal(object)  # ContactRow
    release_requested = Signal(object)  # RequestRow
    log_request_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PrivacyView | None = None
        self.preference_box = QGroupBox(TEXT["messages"])
        self.preference_form = QFormLayout(self.preference_box)
        self.preferences_button = QPushButton(TEXT["preferences"])
        self.preferences_button.setToolTip(TEXT["preferences_tip"])
        self.preferences_button.clicked.connect(self.preferences_requested)

        self.contacts: RowsModel[ContactRow] = RowsModel(
            [
                Column("Name", lambda c: c.name),
                Column("Relation", lambda c: c.relation),
                Column("Phone", lambda c: c.phone),
                Column("May be told about", lambda c: c.topics_text),
                Column("From", lambda c: date_text(c.start)),
                Column("Until", lambda c: date_text(c.until) or "—"),
                Column("Given", lambda c: c.given),
                Column("Status", lambda c: c.status, lambda c: None if c.active else MUTED),
            ],
            self,
        )
        self.contacts_table = table_view(self.contacts)
        self.contacts_heading = heading()
        self.add_contact_button = QPushButton(TEXT["add_contact"])
        self.add_contact_button.clicked.connect(self.add_contact_requested)
        self.revoke_button = QPushButton(TEXT["revoke"])
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self._revoke)
        self.contacts_table.selectionModel().selectionChanged.connect(self._contact_selected)

        self.requests: RowsModel[RequestRow] = RowsModel(
            [
                Column("Received", lambda r: date_text(r.received_on)),
                Column("From", lambda r: r.requester),
                Column("Who", lambda r: r.kind_text),
                Column("Asks for", lambda r: privacy.parts_text(r.parts)),
                Column("Status", lambda r: STATUS.get(r.status, r.status)),
                Column(
                    "Check",
                    lambda r: "; ".join(r.problems) or ("" if r.status == "released" else "OK"),
                    lambda r: ALERT if r.problems else None,
                ),
            ],
            self,
        )
        self.requests_table = table_view(self.requests)
        self.requests_heading = heading()
        self.log_request_button = QPushButton(TEXT["log_request"])
        self.log_request_button.setToolTip(TEXT["log_request_tip"])
        self.log_request_button.clicked.connect(self.log_request_requested)
        self.release_button = QPushButton(TEXT["release"])
        self.release_button.setToolTip(TEXT["release_tip"])
        self.release_button.setEnabled(False)
        self.release_button.clicked.connect(self._release)
        self.requests_table.selectionModel().selectionChanged.connect(self._request_selected)
        self.requests_table.doubleClicked.connect(lambda _index: self._release())

        self.disclosures: RowsModel[DisclosureRow] = RowsModel(
            [
                Column("When", lambda d: date_and_time(d.disclosed_at)),
                Column("To", lambda d: d.recipient),
                Column("What", lambda d: privacy.parts_text(d.parts)),
                Column("Purpose", lambda d: d.purpose),
                Column("By", lambda d: d.by),
                Column("Basis", lambda d: d.basis),
            ],
            self,
        )
        self.disclosures_table = table_view(self.disclosures)
        self.disclosures_heading = heading()

        left = QVBoxLayout()
        left.addWidget(self.preference_box)
        left.addWidget(self.preferences_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        right = QVBoxLayout()
        contact_top = QHBoxLayout()
        contact_top.addWidget(self.contacts_heading, 1)
        contact_top.addWidget(self.add_contact_button)
        contact_top.addWidget(self.revoke_button)
        right.addLayout(contact_top)
        right.addWidget(self.contacts_table, 1)
        top = QHBoxLayout()
        top.addLayout(left, 0)
        top.addLayout(right, 1)
        request_top = QHBoxLayout()
        request_top.addWidget(self.requests_heading, 1)
        request_top.addWidget(self.log_request_button)
        request_top.addWidget(self.release_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(TEXT["hint"]))
        layout.addLayout(top, 3)
        layout.addLayout(request_top)
        layout.addWidget(self.requests_table, 2)
        layout.addWidget(self.disclosures_heading)
        layout.addWidget(self.disclosures_table, 2)
        self.clear()

    def set_view(self, view: PrivacyView) -> None:
        self.view = view
        while self.preference_form.rowCount():
            self.preference_form.removeRow(0)
        for label, value in view.preference_lines():
            caption = QLabel(label + ":")
            caption.setProperty("role", "hint")
            shown = QLabel(value)
            shown.setWordWrap(True)
            self.preference_form.addRow(caption, shown)
        self.contacts.set_rows(view.contacts)
        self.requests.set_rows(view.requests)
        self.disclosures.set_rows(view.disclosures)
        self.contacts_heading.setText(TEXT["contacts"].format(count=len(view.contacts)))
        self.requests_heading.setText(TEXT["requests"].format(count=len(view.requests)))
        self.disclosures_heading.setText(TEXT["disclosures"].format(count=len(view.disclosures)))
        for table in (self.contacts_table, self.requests_table, self.disclosures_table):
            fit_columns(table)
        self._contact_selected()
        self._request_selected()

    def clear(self) -> None:
        self.set_view(PrivacyView(None, (), (), ()))
        self.view = None
        for label in (self.contacts_heading, self.requests_heading, self.disclosures_heading):
            label.clear()

    def selected_contact(self) -> ContactRow | None:
        return selected_row(self.contacts_table, self.contacts)

    def selected_request(self) -> RequestRow | None:
        return selected_row(self.requests_table, self.requests)

    def select_request(self, request_id: int) -> None:
        for row, request in enumerate(self.requests.rows):
            if request.id == request_id:
                self.requests_table.selectRow(row)

    def _contact_selected(self, *_: object) -> None:
        chosen = self.selected_contact()
        self.revoke_button.setEnabled(chosen is not None and chosen.active)

    def _request_selected(self, *_: object) -> None:
        chosen = self.selected_request()
        self.release_button.setEnabled(chosen is not None and chosen.status != "released")

    def _revoke(self) -> None:
        chosen = self.selected_contact()
        if chosen is not None:
            self.revoke_requested.emit(chosen)

    def _release(self) -> None:
        chosen = self.selected_request()
        if chosen is not None and chosen.status != "released":
            self.release_requested.emit(chosen)


# -- dialogs -------------------------------------------------------------------------------


class PreferencesDialog(ActionDialog):
    """Records the patient's message preferences: performs RecordMessagePreferences."""

    def __init__(
        self,
        services: Services,
        patient: Demographics,
        current: privacy.MessagePreferences | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, "Message preferences", "&Save preferences", parent)
        self.patient = patient
        self.voicemail = QCheckBox("May leave a &voicemail")
        self.with_someone = QCheckBox("May leave a message &with someone who answers")
        self.email = QCheckBox("May &e-mail" + ("" if patient.email else " (no e-mail on file)"))
        self.email.setEnabled(bool(patient.email))
        self.portal = QCheckBox("May message through the &portal")
        self.numbers: dict[str, QCheckBox] = {}
        for label, number in (("Home", patient.phone), ("Mobile", patient.mobile)):
            if number:
                self.numbers[number] = QCheckBox(f"{label} {format_phone(number)}")
        self.preferred = QComboBox()
        for key, words in privacy.CONTACT_METHODS.items():
            self.preferred.addItem(words, key)
        if current is not None:
            self.voicemail.setChecked(bool(current.voicemail))
            self.with_someone.setChecked(bool(current.with_someone))
            self.email.setChecked(current.email)
            self.portal.setChecked(current.portal)
            listed = set(current.numbers)
            for number, box in self.numbers.items():
                box.setChecked(phone_digits(number) in listed)
            index = self.preferred.findData(current.preferred)
            self.preferred.setCurrentIndex(max(index, 0))
        numbers = QVBoxLayout()
        for box in self.numbers.values():
            numbers.addWidget(box)
        numbers_box = QWidget()
        numbers_box.setLayout(numbers)
        self.content.addWidget(
            hint_label(
                f"Ask {patient.first_name} and record the answer; it is dated today. Leave the "
                "numbers unticked to allow messages at any number on file."
            )
        )
        for box in (self.voicemail, self.with_someone, self.email, self.portal):
            self.content.addWidget(box)
        self.content.addLayout(
            labelled_form([("Only at these &numbers", numbers_box), ("P&referred", self.preferred)])
        )
        chain_tab_order(
            [
                self.voicemail,
                self.with_someone,
                self.email,
                self.portal,
                *self.numbers.values(),
                self.preferred,
                self.submit_button,
                self.close_button,
            ]
        )
        self.fit_width(480)

    def build(self) -> Action | None:
        return RecordMessagePreferences(
            patient_id=self.patient.id,
            voicemail=self.voicemail.isChecked(),
            with_someone=self.with_someone.isChecked(),
            numbers=tuple(n for n, box in self.numbers.items() if box.isChecked()),
            email=self.email.isChecked(),
            portal=self.portal.isChecked(),
            preferred=str(self.preferred.currentData()),
        )


class AddContactDialog(ActionDialog):
    """Adds an authorised contact with what they may be told: performs AddAuthorisedContact."""

    def __init__(
        self, services: Services, patient: Demographics, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, "Add an authorised contact", "&Add contact", parent)
        self.patient = patient
        today = services.today()
        self.person = QLineEdit()
        self.person.setPlaceholderText("Full name, e.g. Carol Whitfield")
        self.relation = QLineEdit()
        self.relation.setPlaceholderText("e.g. mother, spouse, caregiver")
        self.phone = QLineEdit()
        self.topics = {key: QCheckBox(words) for key, words in privacy.TOPICS.items()}
        topics = QGridLayout()
        for index, box in enumerate(self.topics.values()):
            topics.addWidget(box, index // 2, index % 2)
        topics_box = QWidget()
        topics_box.setLayout(topics)
        self.given = QComboBox()
        self.given.addItems(["verbal", "written"])
        self.start = _date_edit(today)
        self.has_until = QCheckBox("Ends on")
        self.until = _date_edit(date(today.year + 1, today.month, min(today.day, 28)))
        self.until.setEnabled(False)
        self.has_until.toggled.connect(self.until.setEnabled)
        until = QHBoxLayout()
        until.addWidget(self.has_until)
        until.addWidget(self.until, 1)
        until_box = QWidget()
        until_box.setLayout(until)
        self.content.addWidget(
            hint_label(
                f"Only someone {patient.first_name} names, and only what they allow. Record "
                "exactly what the patient said; a caller asking to be added is not enough."
            )
        )
        self.content.addLayout(
            labelled_form(
                [
                    ("&Name *", self.person),
                    ("&Relation *", self.relation),
                    ("&Phone", self.phone),
                    ("May be &told about *", topics_box),
                    ("&Given", self.given),
                    ("&From", self.start),
                    ("&Until", until_box),
                ]
            )
        )
        chain_tab_order(
            [
                self.person,
                self.relation,
                self.phone,
                *self.topics.values(),
                self.given,
                self.start,
                self.has_until,
                self.until,
                self.submit_button,
                self.close_button,
            ]
        )
        self.person.setFocus()
        self.fit_width(560)

    def build(self) -> Action | None:
        topics = tuple(key for key, box in self.topics.items() if box.isChecked())
        return AddAuthorisedContact(
            patient_id=self.patient.id,
            person=self.person.text().strip(),
            relation=self.relation.text().strip(),
            topics=topics,
            phone=self.phone.text().strip(),
            given=self.given.currentText(),
            start=_pydate(self.start.date()),
            until=_pydate(self.until.date()) if self.has_until.isChecked() else None,
        )


class RevokeContactDialog(ActionDialog):
    """Withdraws a contact's authorisation with a reason: performs RevokeAuthorisedContact."""

    def __init__(
        self, services: Services, contact: ContactRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, "Revoke an authorised contact", "&Revoke", parent)
        self.contact = contact
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. patient asked by phone on verification")
        self.content.addWidget(
            hint_label(
                f"{contact.name} ({contact.relation}) will no longer be told anything. The "
                "authorisation stays in the chart, marked revoked today."
            )
        )
        self.content.addLayout(labelled_form([("Rea&son *", self.reason)]))
        self.reason.setFocus()
        self.fit_width(460)

    def build(self) -> Action | None:
        reason = self.reason.text().strip()
        set_flag(self.reason, "invalid", not reason)
        return RevokeAuthorisedContact(contact_id=self.contact.id, reason=reason)


class ReleaseDialog(ActionDialog):
    """Release of information: the request and its authorisation side by side with the records
    to release; the checks update as parts are ticked, and a refusal names every problem."""

    def __init__(
        self, services: Services, request: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, "Release of information", "&Release records", parent)
        self.services = services
        self.request = request
        summary = QGroupBox("The request")
        form = QFormLayout(summary)
        for label, value in (
            ("From", request.requester),
            ("Who", request.kind_text),
            ("Received", date_text(request.received_on)),
            ("Purpose", request.purpose or "—"),
            ("Asks for", privacy.parts_text(request.parts) or "—"),
        ):
            form.addRow(QLabel(label + ":"), QLabel(value))
        authorisation = QGroupBox("The authorisation received")
        auth_form = QFormLayout(authorisation)
        for label, value in request.authorisation:
            shown = QLabel(value)
            shown.setWordWrap(True)
            auth_form.addRow(QLabel(label + ":"), shown)
        columns = QHBoxLayout()
        columns.addWidget(summary, 1, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(authorisation, 1, Qt.AlignmentFlag.AlignTop)
        self.parts = {key: QCheckBox(words) for key, words in privacy.RECORD_PARTS.items()}
        grid = QGridLayout()
        for index, (key, box) in enumerate(self.parts.items()):
            box.setChecked(key in request.parts)
            box.toggled.connect(self._check)
            grid.addWidget(box, index // 4, index % 4)
        parts = QGroupBox("Records to release (minimum necessary)")
        parts.setLayout(grid)
        self.checks = QLabel()
        self.checks.setObjectName("releaseChecks")
        self.checks.setWordWrap(True)
        self.content.addWidget(
            hint_label(
                "Release only what the authorisation names, to whom it names, before it "
                "expires. The patient's own request and treatment by another provider need no "
                "authorisation. Every release is written to the chart's disclosures."
            )
        )
        self.content.addLayout(columns)
        self.content.addWidget(parts)
        self.content.addWidget(self.checks)
        chain_tab_order([*self.parts.values(), self.submit_button, self.close_button])
        self._check()
        self.fit_width(760)

    def chosen(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.parts.items() if box.isChecked())

    def problems(self) -> list[str]:
        return request_problems(
            self.services.db, self.request.id, self.chosen(), today=self.services.today()
        )

    def _check(self, *_: object) -> None:
        problems = self.problems()
        self.checks.setText("Before you release: " + " ".join(problems) if problems else TEXT["ok"])
        self.checks.setProperty("role", "hint" if not problems else "error")
        set_flag(self.checks, "invalid", bool(problems))

    def build(self) -> Action | None:
        return ReleaseRecords(request_id=self.request.id, parts=self.chosen())


class LogRequestDialog(ActionDialog):
    """Logs a records request as it arrived, with its authorisation field by field: performs
    LogRecordsRequest, which puts it on hold with every problem named or marks it ready."""

    def __init__(
        self, services: Services, patient: Demographics, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, "Log a records request", "&Log request", parent)
        self.patient = patient
        today = services.today()
        self.requester = QLineEdit()
        self.requester.setPlaceholderText("e.g. Brandt & Keller LLP")
        self.kind = QComboBox()
        for key, words in privacy.REQUESTERS.items():
            self.kind.addItem(words, key)
        self.purpose = QLineEdit()
        self.asks = self._parts()
        self.has_auth = QCheckBox("A signed authorisation came with the request")
        self.signed = QCheckBox("Signed")
        self.dated = QCheckBox("Dated")
        self.signed_on = _date_edit(today)
        self.signed_by = QLineEdit()
        self.authority = QLineEdit()
        self.authority.setPlaceholderText("only when someone other than the patient signed")
        self.discloser = QLineEdit()
        self.information = self._parts()
        self.recipient = QLineEdit()
        self.auth_purpose = QLineEdit()
        self.expires = QCheckBox("Expires on")
        self.expires_on = _date_edit(today)
        self.expiry_event = QLineEdit()
        self.expiry_event.setPlaceholderText("or an event, e.g. end of the claim")
        signed_row = QHBoxLayout()
        for widget in (self.signed, self.dated, self.signed_on):
            signed_row.addWidget(widget)
        signed_box = QWidget()
        signed_box.setLayout(signed_row)
        expiry_row = QHBoxLayout()
        for part in (self.expires, self.expires_on, self.expiry_event):
            expiry_row.addWidget(part)
        expiry_box = QWidget()
        expiry_box.setLayout(expiry_row)
        self.auth_box = QGroupBox("The authorisation, as written (leave blank what is blank)")
        auth_form = labelled_form(
            [
                ("Signature", signed_box),
                ("Signed &by", self.signed_by),
                ("Authority", self.authority),
                ("Practice releasing", self.discloser),
                ("May release", self._grid(self.information)),
                ("&To", self.recipient),
                ("Pu&rpose", self.auth_purpose),
                ("Expiry", expiry_box),
            ]
        )
        self.auth_box.setLayout(auth_form)
        self.auth_box.setEnabled(False)
        self.has_auth.toggled.connect(self.auth_box.setEnabled)
        self.content.addWidget(
            hint_label(
                f"Log the request for {patient.first_name} {patient.last_name} exactly as it "
                "came in. It is checked at once: a request with a problem goes on hold, with "
                "every problem named, until a valid authorisation arrives."
            )
        )
        self.content.addLayout(
            labelled_form(
                [
                    ("&From *", self.requester),
                    ("&Who *", self.kind),
                    ("&Purpose", self.purpose),
                    ("Asks for", self._grid(self.asks)),
                ]
            )
        )
        self.content.addWidget(self.has_auth)
        self.content.addWidget(self.auth_box)
        self.requester.setFocus()
        self.fit_width(720)

    @staticmethod
    def _parts() -> dict[str, QCheckBox]:
        return {key: QCheckBox(words) for key, words in privacy.RECORD_PARTS.items()}

    @staticmethod
    def _grid(boxes: dict[str, QCheckBox]) -> QWidget:
        grid = QGridLayout()
        for index, box in enumerate(boxes.values()):
            grid.addWidget(box, index // 4, index % 4)
        holder = QWidget()
        holder.setLayout(grid)
        return holder

    def build(self) -> Action | None:
        def ticked(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
            return tuple(key for key, box in boxes.items() if box.isChecked())

        auth = self.has_auth.isChecked()
        return LogRecordsRequest(
            patient_id=self.patient.id,
            requester=self.requester.text().strip(),
            requester_kind=str(self.kind.currentData()),
            purpose=self.purpose.text().strip(),
            parts=ticked(self.asks),
            has_authorisation=auth,
            signed=auth and self.signed.isChecked(),
            signed_on=_pydate(self.signed_on.date()) if auth and self.dated.isChecked() else None,
            signed_by=self.signed_by.text().strip() if auth else "",
            representative_authority=self.authority.text().strip() if auth else "",
            discloser=self.discloser.text().strip() if auth else "",
            information=ticked(self.information) if auth else (),
            recipient=self.recipient.text().strip() if auth else "",
            auth_purpose=self.auth_purpose.text().strip() if auth else "",
            expires_on=_pydate(self.expires_on.date())
            if auth and self.expires.isChecked()
            else None,
            expiry_event=self.expiry_event.text().strip() if auth else "",
        )
