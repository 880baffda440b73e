"""The clinic's records: SQLAlchemy 2 typed models, database opening, Alembic migrations."""

from ehr_sim.records.audit import ActionRecord, Amendment
from ehr_sim.records.base import Base
from ehr_sim.records.billing import LedgerEntry, Payment
from ehr_sim.records.claims import Claim, ClaimLine, Note, Remittance, RemittanceAdjustment
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
from ehr_sim.records.patients import (
    Allergy,
    Contact,
    Encounter,
    Medication,
    Patient,
    Problem,
    Result,
)
from ehr_sim.records.posting import PaymentPlan, PriorPayment, Statement
from ehr_sim.records.scheduling import Appointment, WaitlistEntry

__all__ = [
    "ActionRecord",
    "Allergy",
    "Amendment",
    "Appointment",
    "AppointmentType",
    "AttemptRecord",
    "Base",
    "Claim",
    "ClaimLine",
    "ClinicSetting",
    "ClinicianAlert",
    "Contact",
    "Conversation",
    "Coverage",
    "EligibilityCheck",
    "EmergencyCall",
    "Encounter",
    "FiredEvent",
    "LedgerEntry",
    "Medication",
    "Note",
    "Patient",
    "Payer",
    "Payment",
    "PaymentPlan",
    "Plan",
    "PriorPayment",
    "Problem",
    "Provider",
    "ProviderBreak",
    "ProviderHours",
    "Remittance",
    "RemittanceAdjustment",
    "Result",
    "Room",
    "RoomPreparation",
    "StaffMessage",
    "Statement",
    "WaitlistEntry",
]
