"""The referral dialog and the prior authorisation dialog: a patient, the order's details,
then the action through the gateway (refusals inline, the form kept); and the dialogs that
track them afterwards: update a referral, file a consult note, update a prior authorisation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.clinic import providers
from ehr_sim.app.queries.patients import PatientRow
from ehr_sim.app.queries.referrals import (
    REFERRAL,
    SpecialistChoice,
    WorkRow,
    directory,
    patient_plan,
)
from ehr_sim.domain.actions import (
    Action,
    CreateReferral,
    FileConsultNote,
    RequestPriorAuth,
    UpdatePriorAuth,
    UpdateReferral,
)
from ehr_sim.domain.referrals import (
    AUTH_SERVICES,
    FOLLOW_UP_DAYS,
    NEXT_STATUSES,
    REFERRAL_STATUS_WORDS,
    ReferralStatus,
)
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
REFERRAL_TITLE = "New referral"
REFERRAL_SUBMIT = "&Write referral"
REFERRAL_INTRO = (
    "Write the referral from the provider's order. Check the specialist's network status for "
    "the patient's plan: an HMO pays only in network and only with a referral before the visit."
)
AUTH_TITLE = "Prior authorisation request"
AUTH_SUBMIT = "&Send to payer"
AUTH_INTRO = (
    "Ask the payer before the service: the CPT codes, the diagnosis, the clinical reason and "
    "the notes that support it. The simulated payer answers at once; read it with Check payer answer."
)
PICK_PATIENT = "Find and select the patient first."
NO_PLAN = "Self-pay: no plan rules; network status does not apply."
PLAN_RULES = "{plan}: {referral}; {auth}."
NEEDS_REFERRAL = "specialist visits need a PCP referral"
NO_REFERRAL = "no referral needed"
NEEDS_AUTH = "some services need prior authorisation"
NO_AUTH = "no prior authorisation rules"
DATE_FORMAT = "MM/dd/yyyy"
REFERRAL_DAYS = 90
PICKER_HEIGHT = 130
IN_NETWORK = "In network for {plan}."
OUT_OF_NETWORK = (
    "OUT of network for {plan}: the plan will not pay for a non-emergency visit there. Offer an "
    "in-network specialist, or tell the patient they would pay themselves."
)
NETWORK_NO_PATIENT = "Pick the patient to see each specialist's network status for their plan."
NETWORK_UNKNOWN = "Network status for {plan} is not on file: check it with the plan."
UPDATE_TITLE = "Update referral"
UPDATE_SUBMIT = "&Save"
UPDATE_INTRO = (
    "Record what the specialist's office told you: the appointment once it is booked, the visit "
    "once the patient was seen, or close the referral (say why when no consult note came back)."
)
ABOUT_REFERRAL = "Referral {id} for {patient} (MRN {mrn}) to {what}: now {status}."
FOLLOW_UP_NONE = "no change"
FOLLOW_UP_SUFFIX = " days from today"
APPOINTMENT_DAYS = 7
APPOINTMENT_TIME = time(9, 0)
DATE_TIME_FORMAT = "MM/dd/yyyy h:mm AP"
MAX_FOLLOW_UP = 90
CONSULT_TITLE = "File consult note"
CONSULT_SUBMIT = "&File to chart"
CONSULT_INTRO = (
    "File what came back from outside to the patient's chart; it is routed to the ordering "
    "provider (or the patient's PCP) to review. A consult note on a referral closes its loop."
)
ABOUT_PATIENT = "Patient: {patient} (MRN {mrn})."
CONSULT_KINDS = {"consult note": "consult_note", "outside records": "records"}
ROUTE_DEFAULT = "The ordering provider (or the patient's PCP)"
AUTH_UPDATE_TITLE = "Update prior authorisation"
AUTH_UPDATE_SUBMIT = "&Send update to payer"
AUTH_UPDATE_INTRO = (
    "Answer what the payer asked: attach the documents it named, and/or give the corrected codes "
    "from the provider's new order. The request goes back to the payer; check its answer again."
)
ABOUT_AUTH = "Prior authorisation {id} for {patient} (MRN {mrn}): {what}, now {status}."


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


class _PatientFirst(ActionDialog):
    """A dialog whose first part is the patient search; the plan's rules show once picked."""

    def __init__(
        self,
        services: Services,
        title: str,
        submit: str,
        intro: str,
        patient: PatientRow | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(services.perform, title, submit, parent)
        self.services = services
        self.patient = patient
        self.picker = PatientPicker(services.db, self, limit=20)
        self.picker.setFixedHeight(PICKER_HEIGHT)
        self.plan_line = hint_label(PICK_PATIENT)
        self.plan_line.setObjectName("planRules")
        self.provider = QComboBox()
        for row in providers(services.db):
            self.provider.addItem(f"{row.name} ({row.specialty})", row.id)
        self.content.addWidget(hint_label(intro))
        if patient is None:
            self.content.addWidget(self.picker)
            self.picker.selection_changed.connect(self._picked)
        else:
            self.picker.hide()
            self.content.addWidget(QLabel(f"Patient: {patient.full_name} (MRN {patient.mrn})"))
        self.content.addWidget(self.plan_line)

    def chosen_patient(self) -> PatientRow | None:
        return self.patient or self.picker.selected()

    def _picked(self, row: PatientRow | None) -> None:
        self.plan_changed(row)

    def plan_changed(self, row: PatientRow | None) -> None:
        if row is None:
            self.plan_line.setText(PICK_PATIENT)
            return
        plan = patient_plan(self.services.db, row.id, self.services.today())
        if plan is None:
            self.plan_line.setText(NO_PLAN)
            return
        self.plan_line.setText(
            PLAN_RULES.format(
                plan=plan.plan,
                referral=NEEDS_REFERRAL if plan.requires_referral else NO_REFERRAL,
                auth=NEEDS_AUTH if plan.requires_prior_auth else NO_AUTH,
            )
        )

    def require_patient(self) -> PatientRow | None:
        row = self.chosen_patient()
        if row is None:
            self.show_error(PICK_PATIENT)
            self.picker.search.setFocus()
        return row


class ReferralDialog(_PatientFirst):
    """CreateReferral: patient, ordering provider, specialist (with network status), diagnosis,
    reason, visits, dates, documents."""

    def __init__(
        self,
        services: Services,
        patient: PatientRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, REFERRAL_TITLE, REFERRAL_SUBMIT, REFERRAL_INTRO, patient, parent)
        today = services.today()
        self.specialist = QComboBox()
        self.choices: dict[int, SpecialistChoice] = {}
        self.network = hint_label(NETWORK_NO_PATIENT)
        self.network.setObjectName("networkStatus")
        self.network.setMinimumHeight(2 * self.network.fontMetrics().lineSpacing() + 4)
        self.diagnosis = QLineEdit()
        self.diagnosis.setPlaceholderText("ICD-10-CM, e.g. R00.2")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("as the provider wrote it")
        self.visits = QSpinBox()
        self.visits.setRange(1, 12)
        self.valid_from = QDateEdit(_qdate(today))
        self.valid_to = QDateEdit(_qdate(today + timedelta(days=REFERRAL_DAYS)))
        for edit in (self.valid_from, self.valid_to):
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
        dates = QHBoxLayout()
        dates.addWidget(self.valid_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.valid_to)
        dates.addStretch(1)
        dates_box = QWidget()
        dates_box.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        self.documents = QLineEdit()
        self.documents.setPlaceholderText("comma separated: Last office note, ECG")
        form = labelled_form(
            [
                ("&Ordering provider:", self.provider),
                ("S&pecialist:", self.specialist),
                ("", self.network),
                ("&Diagnosis:", self.diagnosis),
                ("&Reason:", self.reason),
                ("&Visits:", self.visits),
                ("Valid &from:", dates_box),
                ("D&ocuments:", self.documents),
            ]
        )
        column = QVBoxLayout()
        column.addLayout(form)
        self.content.addLayout(column)
        self._fill_specialists(patient)
        self.specialist.currentIndexChanged.connect(lambda _i: self._show_network())
        chain_tab_order(
            [
                self.picker.search,
                self.picker.table,
                self.provider,
                self.specialist,
                self.diagnosis,
                self.reason,
                self.visits,
                self.valid_from,
                self.valid_to,
                self.documents,
                self.submit_button,
                self.close_button,
            ]
        )
        self.content.addStretch(1)
        self.fit_width(760)

    def plan_changed(self, row: PatientRow | None) -> None:
        super().plan_changed(row)
        if hasattr(self, "specialist"):
            self._fill_specialists(row)

    def _fill_specialists(self, row: PatientRow | None) -> None:
        chosen = self.specialist.currentData()
        self.specialist.clear()
        for choice in directory(self.services.db, row.id if row else None, self.services.today()):
            self.specialist.addItem(choice.label, choice.id)
            self.choices[choice.id] = choice
            if choice.in_network is False:
                self.specialist.setItemData(
                    self.specialist.count() - 1,
                    "Out of network for this patient's plan",
                    Qt.ItemDataRole.ToolTipRole,
                )
        if chosen is not None:
            self.specialist.setCurrentIndex(max(0, self.specialist.findData(chosen)))
        self._show_network()

    def _show_network(self) -> None:
        """The chosen specialist's network status for the patient's plan, in plain words."""
        row = self.chosen_patient()
        plan = patient_plan(self.services.db, row.id, self.services.today()) if row else None
        choice = self.choices.get(self.specialist.currentData() or 0)
        text, warn = NETWORK_NO_PATIENT if row is None else NO_PLAN, False
        if plan is not None and choice is not None:
            if choice.in_network:
                text = IN_NETWORK.format(plan=plan.plan)
            elif choice.in_network is False:
                text, warn = OUT_OF_NETWORK.format(plan=plan.plan), True
            else:
                text, warn = NETWORK_UNKNOWN.format(plan=plan.plan), True
        self.network.setText(text)
        self.network.setProperty("role", "error" if warn else "hint")
        self.network.style().unpolish(self.network)
        self.network.style().polish(self.network)

    def build(self) -> Action | None:
        patient = self.require_patient()
        if patient is None:
            return None
        return CreateReferral(
            patient_id=patient.id,
            provider_id=int(self.provider.currentData()),
            specialist_id=int(self.specialist.currentData()),
            icd10=self.diagnosis.text().strip(),
            reason=self.reason.text().strip(),
            visits=self.visits.value(),
            valid_from=_date(self.valid_from),
            valid_to=_date(self.valid_to),
            documents=_list(self.documents.text()),
        )

    def succeeded(self, outcome: Outcome) -> None:
        self.accept()


class PriorAuthDialog(_PatientFirst):
    """RequestPriorAuth: patient, ordering provider, codes, diagnosis, clinical reason,
    servicing facility, attachments."""

    def __init__(
        self,
        services: Services,
        patient: PatientRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, AUTH_TITLE, AUTH_SUBMIT, AUTH_INTRO, patient, parent)
        self.codes = QLineEdit()
        self.codes.setPlaceholderText("CPT/HCPCS, comma separated: 72148")
        self.codes.setToolTip(
            "\n".join(f"{code}  {words}" for code, words in AUTH_SERVICES.items())
        )
        self.diagnosis = QLineEdit()
        self.diagnosis.setPlaceholderText("ICD-10-CM, e.g. M54.16")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            "from the provider's note: symptoms, how long, what was tried"
        )
        self.servicing = QLineEdit()
        self.servicing.setPlaceholderText("facility or provider doing it")
        self.attachments = QLineEdit()
        self.attachments.setPlaceholderText("comma separated: Office note, PT discharge summary")
        self.content.addLayout(
            labelled_form(
                [
                    ("&Ordering provider:", self.provider),
                    ("&Codes:", self.codes),
                    ("&Diagnosis:", self.diagnosis),
                    ("Clinical &reason:", self.reason),
                    ("&Servicing:", self.servicing),
                    ("&Attachments:", self.attachments),
                ]
            )
        )
        chain_tab_order(
            [
                self.picker.search,
                self.picker.table,
                self.provider,
                self.codes,
                self.diagnosis,
                self.reason,
                self.servicing,
                self.attachments,
                self.submit_button,
                self.close_button,
            ]
        )
        self.content.addStretch(1)
        self.fit_width(760)

    def build(self) -> Action | None:
        patient = self.require_patient()
        if patient is None:
            return None
        return RequestPriorAuth(
            patient_id=patient.id,
            provider_id=int(self.provider.currentData()),
            codes=_list(self.codes.text().replace(" ", ",")),
            icd10=self.diagnosis.text().strip(),
            clinical_reason=self.reason.text().strip(),
            servicing=self.servicing.text().strip(),
            attachments=_list(self.attachments.text()),
        )


class UpdateReferralDialog(ActionDialog):
    """UpdateReferral for one referral: the next status allowed, the specialist's appointment
    when scheduling, when to follow up, and a note."""

    def __init__(self, services: Services, row: WorkRow, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, UPDATE_TITLE, UPDATE_SUBMIT, parent)
        self.row = row
        self.status = QComboBox()
        allowed = NEXT_STATUSES.get(row.status, frozenset())
        for key, words in REFERRAL_STATUS_WORDS.items():
            if key in allowed:
                self.status.addItem(words, key)
        when = datetime.combine(
            services.today() + timedelta(days=APPOINTMENT_DAYS), APPOINTMENT_TIME
        )
        self.appointment = QDateTimeEdit(
            QDateTime(when.year, when.month, when.day, when.hour, when.minute, 0)
        )
        self.appointment.setDisplayFormat(DATE_TIME_FORMAT)
        self.appointment.setCalendarPopup(True)
        self.follow_up = QSpinBox()
        self.follow_up.setRange(0, MAX_FOLLOW_UP)
        self.follow_up.setSpecialValueText(FOLLOW_UP_NONE)
        self.follow_up.setSuffix(FOLLOW_UP_SUFFIX)
        self.follow_up.setValue(FOLLOW_UP_DAYS)
        self.note = QLineEdit()
        self.note.setPlaceholderText("what the office said; why, when closing without a consult")
        self.content.addWidget(hint_label(UPDATE_INTRO))
        about = QLabel(
            ABOUT_REFERRAL.format(
                id=row.id,
                patient=row.patient_name,
                mrn=row.mrn,
                what=row.what,
                status=row.status_words,
            )
        )
        about.setWordWrap(True)
        self.content.addWidget(about)
        self.content.addLayout(
            labelled_form(
                [
                    ("S&tatus:", self.status),
                    ("&Appointment:", self.appointment),
                    ("&Follow up in:", self.follow_up),
                    ("&Note:", self.note),
                ]
            )
        )
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._status_changed()
        chain_tab_order(
            [
                self.status,
                self.appointment,
                self.follow_up,
                self.note,
                self.submit_button,
                self.close_button,
            ]
        )
        self.content.addStretch(1)
        self.fit_width(620)

    def chosen_status(self) -> str:
        return str(self.status.currentData() or "")

    def _status_changed(self) -> None:
        status = self.chosen_status()
        self.appointment.setEnabled(status == ReferralStatus.SCHEDULED)
        self.follow_up.setEnabled(status != ReferralStatus.CLOSED)

    def build(self) -> Action | None:
        status = self.chosen_status()
        scheduled = status == ReferralStatus.SCHEDULED
        days = self.follow_up.value()
        appointment: datetime | None = self.appointment.dateTime().toPython()  # type: ignore[assignment]
        return UpdateReferral(
            referral_id=self.row.id,
            status=status,
            appointment_at=appointment if scheduled else None,
            follow_up_days=days if days and status != ReferralStatus.CLOSED else None,
            note=self.note.text().strip(),
        )


class ConsultNoteDialog(ActionDialog):
    """FileConsultNote: a document from outside filed to a chart, on the selected referral, or
    for a patient picked here (no referral)."""

    def __init__(
        self,
        services: Services,
        row: WorkRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, CONSULT_TITLE, CONSULT_SUBMIT, parent)
        self.row = row
        self.picker = PatientPicker(services.db, self, limit=20)
        self.picker.setFixedHeight(PICKER_HEIGHT)
        self.content.addWidget(hint_label(CONSULT_INTRO))
        if row is None:
            self.content.addWidget(self.picker)
        else:
            self.picker.hide()
            about = (
                ABOUT_REFERRAL.format(
                    id=row.id,
                    patient=row.patient_name,
                    mrn=row.mrn,
                    what=row.what,
                    status=row.status_words,
                )
                if row.kind == REFERRAL
                else ABOUT_PATIENT.format(patient=row.patient_name, mrn=row.mrn)
            )
            label = QLabel(about)
            label.setWordWrap(True)
            self.content.addWidget(label)
        self.document_title = QLineEdit()
        self.document_title.setPlaceholderText("e.g. Cardiology consult note")
        self.received_from = QLineEdit()
        self.received_from.setPlaceholderText(
            row.what if row is not None and row.kind == REFERRAL else "the office that sent it"
        )
        self.kind = QComboBox()
        for words, key in CONSULT_KINDS.items():
            self.kind.addItem(words, key)
        self.route_to = QComboBox()
        self.route_to.addItem(ROUTE_DEFAULT, None)
        for provider in providers(services.db):
            self.route_to.addItem(f"{provider.name} ({provider.specialty})", provider.id)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("the findings and plan, in a line or two")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(4 * self.summary.fontMetrics().lineSpacing() + 12)
        self.content.addLayout(
            labelled_form(
                [
                    ("&Title:", self.document_title),
                    ("&Received from:", self.received_from),
                    ("&Kind:", self.kind),
                    ("R&oute to:", self.route_to),
                    ("S&ummary:", self.summary),
                ]
            )
        )
        chain_tab_order(
            [
                self.picker.search,
                self.picker.table,
                self.document_title,
                self.received_from,
                self.kind,
                self.route_to,
                self.summary,
                self.submit_button,
                self.close_button,
            ]
        )
        self.content.addStretch(1)
        self.fit_width(680)

    def build(self) -> Action | None:
        if self.row is not None:
            patient_id = self.row.patient_id
        elif (picked := self.picker.selected()) is not None:
            patient_id = picked.id
        else:
            self.show_error(PICK_PATIENT)
            self.picker.search.setFocus()
            return None
        route = self.route_to.currentData()
        return FileConsultNote(
            patient_id=patient_id,
            title=self.document_title.text().strip(),
            received_from=self.received_from.text().strip(),
            summary=self.summary.toPlainText().strip(),
            kind=str(self.kind.currentData()),
            referral_id=self.row.id if self.row is not None and self.row.kind == REFERRAL else None,
            provider_id=int(route) if route is not None else None,
        )


class UpdatePriorAuthDialog(ActionDialog):
    """UpdatePriorAuth for one request: documents to attach and/or its new codes, and a note."""

    def __init__(self, services: Services, row: WorkRow, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, AUTH_UPDATE_TITLE, AUTH_UPDATE_SUBMIT, parent)
        self.row = row
        self.content.addWidget(hint_label(AUTH_UPDATE_INTRO))
        about = ABOUT_AUTH.format(
            id=row.id, patient=row.patient_name, mrn=row.mrn, what=row.what, status=row.status_words
        )
        self.content.addWidget(hint_label(f"{about} {row.detail}".strip()))
        self.attachments = QLineEdit()
        self.attachments.setPlaceholderText("comma separated: Office note, PT discharge summary")
        self.codes = QLineEdit()
        self.codes.setPlaceholderText("only when the order changed: 72158")
        self.codes.setToolTip(
            "\n".join(f"{code}  {words}" for code, words in AUTH_SERVICES.items())
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText("for the payer, e.g. updated order from the provider")
        self.content.addLayout(
            labelled_form(
                [
                    ("&Attach:", self.attachments),
                    ("New &codes:", self.codes),
                    ("&Note:", self.note),
                ]
            )
        )
        chain_tab_order(
            [self.attachments, self.codes, self.note, self.submit_button, self.close_button]
        )
        self.content.addStretch(1)
        self.fit_width(620)

    def build(self) -> Action | None:
        return UpdatePriorAuth(
            prior_auth_id=self.row.id,
            attachments=_list(self.attachments.text()),
            codes=_list(self.codes.text().replace(" ", ",")),
            note=self.note.text().strip(),
        )
