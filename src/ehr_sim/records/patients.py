"""Patients and their charts: demographics, allergies, medications, problems, results, visits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class Patient(Base):
    __tablename__ = "patients"
    __table_args__ = (
        Index("ix_patients_last_first", "last_norm", "first_norm"),
        Index("ix_patients_first_norm", "first_norm"),
        Index("ix_patients_dob", "dob"),
        Index("ix_patients_phone_digits", "phone_digits"),
        Index("ix_patients_mobile_digits", "mobile_digits"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mrn: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60))
    preferred_name: Mapped[str] = mapped_column(String(60), default="")
    dob: Mapped[date]
    sex: Mapped[str] = mapped_column(String(1))
    address1: Mapped[str] = mapped_column(String(120))
    address2: Mapped[str] = mapped_column(String(120), default="")
    city: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(2))
    zip_code: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(20))
    mobile: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    preferred_language: Mapped[str] = mapped_column(String(30), default="English")
    emergency_contact_name: Mapped[str] = mapped_column(String(120), default="")
    emergency_contact_relationship: Mapped[str] = mapped_column(String(30), default="")
    emergency_contact_phone: Mapped[str] = mapped_column(String(20), default="")
    photo_id_seen_on: Mapped[date | None]
    privacy_notice: Mapped[str | None] = mapped_column(String(20))
    privacy_notice_on: Mapped[date | None]
    pcp_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    registered_on: Mapped[date]
    # Normalised copies for search-as-you-type; kept in step by the gateway.
    last_norm: Mapped[str] = mapped_column(String(60))
    first_norm: Mapped[str] = mapped_column(String(60))
    phone_digits: Mapped[str] = mapped_column(String(15))
    mobile_digits: Mapped[str] = mapped_column(String(15), default="")


class Allergy(Base):
    __tablename__ = "allergies"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    substance: Mapped[str] = mapped_column(String(80))
    reaction: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(20))


class Medication(Base):
    __tablename__ = "medications"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    dose: Mapped[str] = mapped_column(String(40))
    frequency: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date]
    refills_left: Mapped[int]


class Problem(Base):
    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    icd10: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(120))
    onset_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))


class Result(Base):
    """A lab or imaging result in the chart."""

    __tablename__ = "results"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20), default="")
    reference_range: Mapped[str] = mapped_column(String(40), default="")
    flag: Mapped[str] = mapped_column(String(10), default="")
    resulted_on: Mapped[date]
    # Results wait in the provider's in-basket until reviewed; staff must not release one
    # to the patient before that.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    reviewed_at: Mapped[datetime | None]


class Contact(Base):
    """A person who is not a patient but calls or comes in about one: a spouse, a parent,
    a caregiver, with what they know of the patient."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20), default="")
    knows: Mapped[str] = mapped_column(Text, default="")
    # Named in the chart as someone the patient allows to hear about their care.
    authorised: Mapped[bool] = mapped_column(default=False)
    # What they may be told ("; "-joined keys of domain.privacy.TOPICS), from when, until when,
    # how the patient gave it (verbal, written) and when it was withdrawn.
    topics: Mapped[str] = mapped_column(Text, default="")
    authorised_from: Mapped[date | None]
    authorised_until: Mapped[date | None]
    given: Mapped[str] = mapped_column(String(20), default="")
    revoked_on: Mapped[date | None]
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")


class Encounter(Base):
    """A completed visit with its billing codes and charge."""

    __tablename__ = "encounters"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    seen_at: Mapped[datetime]
    cpt: Mapped[str] = mapped_column(String(10))
    icd10: Mapped[str] = mapped_column(String(10))
    charge_cents: Mapped[int]
    summary: Mapped[str] = mapped_column(Text, default="")
