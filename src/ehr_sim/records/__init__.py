"""The clinic's records: SQLAlchemy 2 typed models, database opening, Alembic migrations."""

from ehr_sim.records.audit import ActionRecord, Amendment
from ehr_sim.records.base import Base
from ehr_sim.records.billing import LedgerEntry, Payment
from ehr_sim.records.charges import Charge, Superbill
from ehr_sim.records.claims import Claim, ClaimLine, Note, Remittance, RemittanceAdjustment
from ehr_sim.records.classroom import (
    Assignment,
    ClassAttempt,
    ClassGrade,
    ClassLogEntry,
    ClassPack,
    ClassSetting,
    Section,
    Student,
)
from ehr_sim.records.clinic import (
    AppointmentType,
    ClinicSetting,
    Provider,
    ProviderBreak,
    ProviderHours,
    Room,
)
from ehr_sim.records.engine import (
    AttemptRecord,
    ClinicianAlert,
    Conversation,
    EmergencyCall,
    FiredEvent,
    RoomPreparation,
    StaffMessage,
)
from ehr_sim.records.insurance import Coverage, EligibilityCheck, Payer, Plan
from ehr_sim.records.integrity import ChainLink
from ehr_sim.records.messages import Fax, Letter
from ehr_sim.records.office import (
    ExpectedDocument,
    InventoryItem,
    PurchaseOrder,
    PurchaseOrderLine,
    RefillRequest,
    StockMovement,
    TelehealthCheckIn,
)
from ehr_sim.records.patients import (
    Allergy,
    Contact,
    Encounter,
    Medication,
    Patient,
    Problem,
    Result,
)
from ehr_sim.records.phone import CallLogEntry, Voicemail
from ehr_sim.records.posting import PaymentPlan, PriorPayment, Statement
from ehr_sim.records.privacy import Disclosure, MessagePreference, RecordsRequest
from ehr_sim.records.referrals import (
    ChartDocument,
    PriorAuth,
    Referral,
    Specialist,
    SpecialistNetwork,
)
from ehr_sim.records.reports import (
    DayClose,
    DayCount,
    Deposit,
    PaymentCorrection,
    PaymentVoid,
)
from ehr_sim.records.scheduling import Appointment, WaitlistEntry

__all__ = [
    "ActionRecord",
    "Allergy",
    "Amendment",
    "Appointment",
    "AppointmentType",
    "Assignment",
    "AttemptRecord",
    "Base",
    "CallLogEntry",
    "ChainLink",
    "Charge",
    "ChartDocument",
    "Claim",
    "ClaimLine",
    "ClassAttempt",
    "ClassGrade",
    "ClassLogEntry",
    "ClassPack",
    "ClassSetting",
    "ClinicSetting",
    "ClinicianAlert",
    "Contact",
    "Conversation",
    "Coverage",
    "DayClose",
    "DayCount",
    "Deposit",
    "Disclosure",
    "EligibilityCheck",
    "EmergencyCall",
    "Encounter",
    "ExpectedDocument",
    "Fax",
    "FiredEvent",
    "InventoryItem",
    "LedgerEntry",
    "Letter",
    "Medication",
    "MessagePreference",
    "Note",
    "Patient",
    "Payer",
    "Payment",
    "PaymentCorrection",
    "PaymentPlan",
    "PaymentVoid",
    "Plan",
    "PriorAuth",
    "PriorPayment",
    "Problem",
    "Provider",
    "ProviderBreak",
    "ProviderHours",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "RecordsRequest",
    "Referral",
    "RefillRequest",
    "Remittance",
    "RemittanceAdjustment",
    "Result",
    "Room",
    "RoomPreparation",
    "Section",
    "Specialist",
    "SpecialistNetwork",
    "StaffMessage",
    "Statement",
    "StockMovement",
    "Student",
    "Superbill",
    "TelehealthCheckIn",
    "Voicemail",
    "WaitlistEntry",
]
