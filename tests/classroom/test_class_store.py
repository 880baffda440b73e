"""The class database opens with its own tables, and says plainly when it cannot."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import create_engine, select

from ehr_sim.app.classroom import ClassProblem, open_class
from ehr_sim.records import ClassLogEntry
from tests.classroom.conftest import ClassServer


def test_a_link_sent_twice_is_kept_once(class_db: str) -> None:
    opened = open_class(class_db)
    try:
        entry = dict(attempt_uid="u-1", seq=1, kind="start", label="", content="{}", hash="0" * 64)
        with opened.session() as session:
            session.add(ClassLogEntry(**entry, received_at=datetime(2026, 11, 29, 9)))
        with pytest.raises(Exception, match="duplicate key"), opened.session() as session:
            session.add(ClassLogEntry(**entry, received_at=datetime(2026, 11, 29, 9, 1)))
        with opened.session() as session:
            assert len(session.scalars(select(ClassLogEntry)).all()) == 1
    finally:
        opened.close()


def test_an_empty_database_is_refused_with_what_to_run(class_server: ClassServer) -> None:
    maintenance = create_engine(class_server.url("postgres"), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.exec_driver_sql("CREATE DATABASE never_initialised")
    maintenance.dispose()
    with pytest.raises(ClassProblem, match=r"run `ehr-sim class init --url URL` first"):
        open_class(class_server.url("never_initialised"))


def test_a_wrong_password_is_one_plain_line(class_db: str, class_server: ClassServer) -> None:
    database = class_db.rsplit("/", 1)[1]
    with pytest.raises(ClassProblem, match="wrong user name or password") as problem:
        open_class(class_server.url(database, password="wrong"))
    assert "\n" not in str(problem.value)
