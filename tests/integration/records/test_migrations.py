"""Schema migrations: the models and the migrations agree, and an old clinic file is upgraded."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from ehr_sim.records import Appointment, Base, Patient
from ehr_sim.records.database import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    alembic_config,
    make_engine,
    open_database,
    sqlite_url,
    upgrade,
)


def test_the_models_and_the_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "head.db"))
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.close()
    assert differences == []


def test_schema_head_names_the_newest_migration(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "unused.db"))
    try:
        scripts = ScriptDirectory.from_config(alembic_config(engine))
    finally:
        engine.dispose()
    assert scripts.get_heads() == [SCHEMA_HEAD]
    assert KNOWN_REVISIONS[-1] == SCHEMA_HEAD
    assert {s.revision for s in scripts.walk_revisions()} == set(KNOWN_REVISIONS)


OLD_ROWS = [
    "INSERT INTO providers (id, npi, first_name, last_name, credentials, specialty, colour) "
    "VALUES (1, '1234567893', 'Adaeze', 'Okafor', 'MD', 'Family Medicine', '#2f6fb3')",
    "INSERT INTO patients (id, mrn, first_name, middle_name, last_name, preferred_name, dob, "
    "sex, address1, address2, city, state, zip_code, phone, mobile, email, preferred_language, "
    "emergency_contact_name, emergency_contact_relationship, emergency_contact_phone, "
    "registered_on, last_norm, first_norm, phone_digits, mobile_digits) VALUES (1, '1000001', "
    "'Ruth', '', 'Abernathy', '', '1950-02-03', 'F', '5 Oak Street', '', 'Columbus', 'OH', "
    "'43215', '(614) 555-0101', '', '', 'English', '', '', '', '2020-01-01', 'abernathy', "
    "'ruth', '6145550101', '')",
    "INSERT INTO appointment_types (id, code, name, minutes, turnover_minutes, new_patient, "
    "telehealth, copay_kind, colour) VALUES (1, 'FU', 'Follow-up', 15, 5, 0, 0, "
    "'primary_care', '#d6e6f5')",
    'INSERT INTO appointments (id, patient_id, provider_id, type_id, room_id, start, "end", '
    "status, reason, booked_at, rescheduled_from_id, change_reason, changed_by, checked_in_at) "
    "VALUES (1, 1, 1, 1, NULL, '2026-11-24 09:00:00.000000', '2026-11-24 09:15:00.000000', "
    "'scheduled', 'BP check', '2026-11-01 10:00:00.000000', NULL, '', '', NULL)",
]


def test_a_file_from_the_first_version_is_upgraded_with_its_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(sqlite_url(path))
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("appointments")}
            assert "confirmed_at" not in columns
            for statement in OLD_ROWS:
                connection.execute(text(statement))
    finally:
        engine.dispose()

    db = open_database(sqlite_url(path))
    try:
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        with db.reading() as s:
            patient = s.scalars(select(Patient)).one()
            visit = s.scalars(select(Appointment)).one()
    finally:
        db.close()
    assert version == SCHEMA_HEAD
    assert (patient.mrn, patient.last_name) == ("1000001", "Abernathy")
    assert (visit.patient_id, visit.start, visit.reason) == (
        1,
        datetime(2026, 11, 24, 9, 0),
        "BP check",
    )
    assert visit.confirmed_at is None
    assert visit.confirmed_via == ""
