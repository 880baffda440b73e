"""A refill request taken by phone, fax or portal, routed to clinical staff; the patient's
earlier requests are listed, and approving one is the clinical staff's job (refused here)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from ehr_sim.app.queries.refills import (
    RefillRow,
    medications_of,
    refill_recipients,
    refill_requests,
)
from ehr_sim.domain.actions import Action, ApproveRefill, RouteRefillRequest
from ehr_sim.domain.refills import VIA
from ehr_sim.ui.common.action_dialog import ActionDialog, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
TITLE = "Refill request: {patient}"
SUBMIT = "Send to clinical staff"
HINT = (
    "Take the medication, strength and pharmacy; send it to the clinical team. The front desk "
    "never approves a refill or tells the caller it is approved."
)
MEDICATION = "&Medication:"
PHARMACY = "P&harmacy (name, phone or fax):"
VIA_LABEL = "Came &by:"
TO = "Send &to:"
NOTE = "&Note:"
EARLIER = "Earlier requests"
APPROVE = "&Approve selected…"
APPROVE_TIP = "Approving is for the provider or clinical staff"
MISSING = "Enter the medication and the pharmacy."


class RefillDialog(ActionDialog):
    """Route a refill request; the patient's requests are listed above the form."""

    def __init__(
        self, services: Services, patient_id: int, patient_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, TITLE.format(patient=patient_name), SUBMIT, parent)
        self.services = services
        self.patient_id = patient_id
        self.medication = QComboBox()
        self.medication.setEditable(True)
        self.medication.addItems(medications_of(services.db, patient_id))
        self.medication.setCurrentIndex(-1)
        self.pharmacy = QLineEdit()
        self.via = QComboBox()
        self.via.addItems(list(VIA))
        self.to = QComboBox()
        self.to.addItems(refill_recipients(services.db))
        self.note = QLineEdit()
        self.earlier: RowsModel[RefillRow] = RowsModel(
            [
                Column("Requested", lambda r: f"{r.requested_at:%m/%d/%Y %I:%M %p}"),
                Column("Medication", lambda r: r.medication),
                Column("Pharmacy", lambda r: r.pharmacy),
                Column("By", lambda r: r.via),
                Column("With", lambda r: r.routed_to),
                Column("Status", lambda r: r.status),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.earlier)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.approve_button = QPushButton(APPROVE)
        self.approve_button.setToolTip(APPROVE_TIP)
        self.approve_button.clicked.connect(self.approve)
        self.extra_buttons.addWidget(self.approve_button)
        self.content.addWidget(hint_label(HINT))
        self.content.addLayout(
            labelled_form(
                [
                    (MEDICATION, self.medication),
                    (PHARMACY, self.pharmacy),
                    (VIA_LABEL, self.via),
                    (TO, self.to),
                    (NOTE, self.note),
                ]
            )
        )
        self.content.addWidget(hint_label(EARLIER))
        self.content.addWidget(self.table, 1)
        self.load()
        self.resize(720, 480)

    def load(self) -> None:
        self.earlier.set_rows(refill_requests(self.services.db, self.patient_id))
        self.approve_button.setEnabled(bool(self.earlier.rows))

    def build(self) -> Action | None:
        medication, pharmacy = self.medication.currentText().strip(), self.pharmacy.text().strip()
        if not medication or not pharmacy:
            self.show_error(MISSING)
            return None
        return RouteRefillRequest(
            patient_id=self.patient_id,
            medication=medication,
            pharmacy=pharmacy,
            via=self.via.currentText(),
            to_staff=self.to.currentText(),
            note=self.note.text().strip(),
        )

    def approve(self) -> None:
        """Try to approve the selected request (or the newest): the gateway refuses the front
        desk, and the refusal is logged and shown under the form."""
        picked = self.table.selectionModel().selectedRows()
        row = self.earlier.row_at(picked[0]) if picked else (self.earlier.rows or [None])[0]
        if row is not None:
            self.perform(ApproveRefill(refill_request_id=row.id))
            self.load()
