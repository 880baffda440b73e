"""`ehr-sim class lab-account`: a real second PostgreSQL role that plays but cannot read
rubrics, recorded plays or grades before an attempt ends."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError

from ehr_sim.app.classroom import ClassProblem, init_class_database, open_class
from ehr_sim.app.classroom.assignments import unzip_files
from ehr_sim.app.classroom.lab_role import ended_pack
from ehr_sim.records.classroom import ClassAttempt, ClassPack, Student
from tests.classroom.conftest import ClassServer
from tests.classroom.test_assign import CORE, cli, refusal

LAB_PASSWORD = "lab-secret-1"
_roles = itertools.count(1)


def role_name(stem: str = "lab") -> str:
    return f"{stem}_{os.getpid()}_{next(_roles)}"


def as_role(url: str, name: str, password: str = LAB_PASSWORD) -> str:
    return make_url(url).set(username=name, password=password).render_as_string(False)


def lab_account(url: str, name: str) -> None:
    done = cli("lab-account", "--url", url, "--name", name, "--password-stdin", stdin=LAB_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ehr-sim class lab-account: created the lab account '{name}'")


def add_attempt(url: str, uid: str, status: str) -> None:
    database = open_class(url)
    with database.session() as session:
        pack_hash = session.query(ClassPack.content_hash).scalar()
        session.add(
            ClassAttempt(
                uid=uid,
                student_name="ana",
                assignment_id=1,
                scenario_id="denied_claim",
                pack_hash=pack_hash,
                mode="assessed",
                started_at=datetime.now(),
                status=status,
                seal=f"seal of {uid}",
            )
        )
    database.close()


def test_the_lab_account_cannot_read_the_archive_or_grades_but_plays(class_db: str) -> None:
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz").returncode == 0
    name = role_name()
    lab_account(class_db, name)
    add_attempt(class_db, "attempt-running", "running")
    lab = create_engine(as_role(class_db, name))
    try:
        with lab.connect() as connection:
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("SELECT archive FROM class_packs")).all()
            connection.rollback()
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("SELECT * FROM class_grades")).all()
            connection.rollback()
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("SELECT * FROM class_settings")).all()
            connection.rollback()
            student = connection.execute(text("SELECT student_archive FROM class_packs")).scalar()
            assert b"pack.yaml" in student
            titles = connection.execute(text("SELECT title FROM class_assignments")).scalars()
            assert list(titles) == ["Quiz"]
            # It plays: registers an attempt, sends its log, ends it.
            connection.execute(
                text(
                    "INSERT INTO class_attempts (uid, student_name, scenario_id, pack_hash, "
                    "mode, seat, source, started_at, status, problem) SELECT 'lab-1', 'ben', "
                    "'denied_claim', content_hash, 'practice', 'seat 4', 'lab', now(), "
                    "'running', '' FROM class_packs"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO class_log VALUES ('lab-1', 1, 'start', 'start', '{}', 'h', now())"
                )
            )
            connection.execute(
                text("UPDATE class_attempts SET status = 'completed' WHERE uid = 'lab-1'")
            )
            connection.commit()
            # An ended attempt stays ended: it cannot be reopened once its pack could be read.
            with pytest.raises(DBAPIError, match="lab-1 has ended and cannot run again"):
                connection.execute(
                    text("UPDATE class_attempts SET status = 'running' WHERE uid = 'lab-1'")
                )
            connection.rollback()
    finally:
        lab.dispose()


def test_the_whole_pack_comes_only_for_an_attempt_that_has_ended(class_db: str) -> None:
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz").returncode == 0
    name = role_name()
    lab_account(class_db, name)
    add_attempt(class_db, "attempt-running", "running")
    add_attempt(class_db, "attempt-done", "completed")
    database = open_class(as_role(class_db, name))
    try:
        with pytest.raises(ClassProblem, match="attempt-running has not ended"):
            ended_pack(database, "attempt-running", "seal of attempt-running")
        with pytest.raises(ClassProblem, match="there is no attempt nobody"):
            ended_pack(database, "nobody", "")
        whole = unzip_files(ended_pack(database, "attempt-done", "seal of attempt-done"))
        assert b"\nrubric:" in whole["denied-claim.yaml"]
        # A classmate's ended attempt gives nothing without its seal, which only the seat
        # holding its file knows: the lab account cannot read it on the server.
        with pytest.raises(ClassProblem, match="attempt-done was not sealed with that seal"):
            ended_pack(database, "attempt-done", "")
        with (
            database.session() as session,
            pytest.raises((DBAPIError, ClassProblem), match="permission denied"),
        ):
            session.execute(text("SELECT seal FROM class_attempts")).all()
        with (
            database.session() as session,
            pytest.raises((DBAPIError, ClassProblem), match="permission denied"),
        ):
            session.execute(text("SELECT hash FROM class_log")).all()
    finally:
        database.close()
    # Once the running attempt ends, its pack comes too.
    owner = open_class(class_db)
    with owner.session() as session:
        session.execute(
            text("UPDATE class_attempts SET status = 'stopped' WHERE uid = 'attempt-running'")
        )
    owner.close()
    database = open_class(as_role(class_db, name))
    try:
        assert (
            b"\nplays:"
            in unzip_files(ended_pack(database, "attempt-running", "seal of attempt-running"))[
                "denied-claim.yaml"
            ]
        )
    finally:
        database.close()


def test_running_it_again_updates_the_account(class_db: str) -> None:
    name = role_name()
    lab_account(class_db, name)
    again = cli(
        "lab-account", "--url", class_db, "--name", name, "--password-stdin", stdin="other-pass-2"
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"ehr-sim class lab-account: updated the lab account '{name}'")
    engine = create_engine(as_role(class_db, name, "other-pass-2"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM class_assignments")).scalar() == 0
    engine.dispose()


def test_an_owner_who_may_not_create_accounts_is_told_what_to_ask(
    class_db: str, class_server: ClassServer
) -> None:
    teacher = role_name("teacher")
    database = open_class(class_db)
    with database.session() as session:  # may create databases, not accounts
        session.execute(text(f"CREATE ROLE {teacher} LOGIN CREATEDB PASSWORD 'teacher-pass'"))
    database.close()
    url = as_role(class_db, teacher, "teacher-pass")
    url = make_url(url).set(database=f"{teacher}_class").render_as_string(False)
    init_class_database(url)
    name = role_name()
    message = refusal(
        cli("lab-account", "--url", url, "--name", name, "--password-stdin", stdin=LAB_PASSWORD),
        "class lab-account",
    )
    assert f"user '{teacher}' may not create accounts" in message
    assert f"createuser --pwprompt {name}" in message


def test_a_short_password_or_a_strange_name_is_refused(class_db: str) -> None:
    short = cli("lab-account", "--url", class_db, "--name", "lab", "--password-stdin", stdin="abc")
    assert "at least 8 characters" in refusal(short, "class lab-account")
    odd = cli(
        "lab-account",
        "--url",
        class_db,
        "--name",
        "Lab; DROP",
        "--password-stdin",
        stdin=LAB_PASSWORD,
    )
    assert "cannot be the lab account's name" in refusal(odd, "class lab-account")


def test_the_gradebook_refused_to_the_lab_account_says_whose_url_to_use(class_db: str) -> None:
    from ehr_sim.app.classroom.gradebook_view import instructor_check

    name = role_name()
    lab_account(class_db, name)
    opened = open_class(as_role(class_db, name))
    try:
        with pytest.raises(ClassProblem) as refused:
            instructor_check(opened, "anything")
    finally:
        opened.close()
    message = str(refused.value)
    assert message.startswith(f"the class server does not let '{name}' do this (")
    assert "use the class owner's URL" in message and "\n" not in message


def test_every_instructor_command_given_the_lab_accounts_url_refuses_in_one_line(
    class_db: str, tmp_path: Path
) -> None:
    """The lab account's URL is the one on a lab seat: an instructor who runs a command with
    it gets one sentence saying whose URL to use (exit 2), never a traceback."""
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz").returncode == 0
    add_attempt(class_db, "ended-1", "completed")
    name = role_name()
    lab_account(class_db, name)
    lab = as_role(class_db, name)
    roster = tmp_path / "roster.csv"
    roster.write_text("First name,Last name,Username\nAna,Lopez,alopez\n", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    runs = {
        "class assign": ["class", "assign", "--url", lab, "--pack", str(CORE), "--title", "Q2"],
        "class roster": ["class", "roster", "--url", lab, str(roster)],
        "class regrade": ["class", "regrade", "--url", lab],
        "class import": ["class", "import", "--url", lab, str(inbox)],
        "class students": ["class", "students", "--url", lab],
        "grades export": [
            "grades", "export", "--url", lab, "--assignment", "1", "--format", "canvas",
            "--out", str(tmp_path / "g.csv"),
        ],
        "grades debriefs": [
            "grades", "debriefs", "--url", lab, "--assignment", "1", "--out", str(tmp_path / "d"),
        ],
    }  # fmt: skip
    for command, args in runs.items():
        done = subprocess.run(
            [sys.executable, "-m", "ehr_sim", *args], capture_output=True, text=True, timeout=120
        )
        message = refusal(done, command)
        assert f"does not let '{name}' do this" in message, (command, message)
    assert not (tmp_path / "g.csv").exists()


def test_the_lab_account_cannot_rewrite_the_servers_log_nor_whose_an_attempt_is_nor_a_set_password(
    class_db: str,
) -> None:
    assert cli("assign", "--url", class_db, "--pack", str(CORE), "--title", "Quiz").returncode == 0
    name = role_name()
    lab_account(class_db, name)
    add_attempt(class_db, "attempt-ana", "completed")
    owner = open_class(class_db)
    with owner.session() as session:
        session.add(Student(login="ana", name="Ana Lopez", added_at=datetime.now()))
        session.add(Student(login="ben", name="Ben Ode", added_at=datetime.now()))
        session.execute(
            text(
                "INSERT INTO class_log VALUES ('attempt-ana', 1, 'start', 'start', '{}', 'h', now())"
            )
        )
        session.execute(
            text("UPDATE class_students SET password_hash = 'ana-set' WHERE login = 'ana'")
        )
    lab = create_engine(as_role(class_db, name))
    refused = (
        "UPDATE class_log SET hash = 'forged' WHERE attempt_uid = 'attempt-ana'",
        "UPDATE class_attempts SET student_name = 'ben' WHERE uid = 'attempt-ana'",
        "UPDATE class_attempts SET student_id = NULL WHERE uid = 'attempt-ana'",
        "UPDATE class_attempts SET verified = true, problem = '' WHERE uid = 'attempt-ana'",
        "UPDATE class_students SET password_hash = 'known-to-ben' WHERE login = 'ana'",
    )
    try:
        with lab.connect() as connection:
            for statement in refused:
                with pytest.raises(DBAPIError, match=r"permission denied|only the instructor"):
                    connection.execute(text(statement))
                connection.rollback()
            # What sign-in needs still works: a first password is chosen.
            connection.execute(
                text("UPDATE class_students SET password_hash = 'ben-set' WHERE login = 'ben'")
            )
            connection.commit()
    finally:
        lab.dispose()
    with owner.session() as session:
        assert session.execute(text("SELECT hash FROM class_log")).scalar() == "h"
        hashes = dict(
            session.execute(text("SELECT login, password_hash FROM class_students")).all()
        )
        assert hashes == {"ana": "ana-set", "ben": "ben-set"}
        # The instructor still resets a password (the owner is not held by the trigger).
        session.execute(text("UPDATE class_students SET password_hash = NULL WHERE login = 'ana'"))
    owner.close()
