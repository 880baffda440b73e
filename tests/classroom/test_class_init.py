"""`ehr-sim class init --url URL` on a real PostgreSQL server, through a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from ehr_sim.records.database import SCHEMA_HEAD, open_database, sqlite_url, upgrade
from tests.classroom.conftest import ClassServer, free_port


def class_init(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", "class", "init", "--url", url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def refusal(done: subprocess.CompletedProcess[str]) -> str:
    """The one plain line a refused `class init` prints, after checking it is only that."""
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("ehr-sim class init: ")
    return lines[0].removeprefix("ehr-sim class init: ")


def shown(url: str) -> str:
    return url.replace(":class-secret@", ":***@")


def server_schema(url: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The class database's tables, their indexes, and its alembic_version rows."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            look = inspect(connection)
            tables = sorted(look.get_table_names())
            indexes = sorted(
                (table, str(index["name"])) for table in tables for index in look.get_indexes(table)
            )
            versions = [
                str(row)
                for row in connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalars()
            ]
    finally:
        engine.dispose()
    return tables, indexes, versions


def sqlite_tables(folder: Path) -> list[str]:
    database = open_database(sqlite_url(folder / "fresh.db"))
    try:
        return sorted(inspect(database.engine).get_table_names())
    finally:
        database.close()


def test_class_init_on_a_fresh_server_creates_every_table_at_the_newest_schema(
    class_url: str, tmp_path: Path
) -> None:
    done = class_init(class_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"ehr-sim class init: created the class database at {shown(class_url)} "
        f"(schema {SCHEMA_HEAD})\n"
    )
    assert "class-secret" not in done.stdout + done.stderr
    tables, _, versions = server_schema(class_url)
    assert tables == sqlite_tables(tmp_path)
    assert "patients" in tables and "action_log" in tables
    assert versions == [SCHEMA_HEAD]


def test_running_class_init_twice_changes_nothing_the_second_time(class_url: str) -> None:
    assert class_init(class_url).returncode == 0
    first = server_schema(class_url)
    again = class_init(class_url)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"ehr-sim class init: the class database at {shown(class_url)} "
        f"is already at the newest schema ({SCHEMA_HEAD})\n"
    )
    assert server_schema(class_url) == first


def test_class_init_migrates_an_older_class_database_to_the_newest_schema(
    class_server: ClassServer, class_url: str, tmp_path: Path
) -> None:
    maintenance = create_engine(class_server.url("postgres"), isolation_level="AUTOCOMMIT")
    name = class_url.rsplit("/", 1)[1]
    with maintenance.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    maintenance.dispose()
    older = create_engine(class_url)
    upgrade(older, "0005")
    older.dispose()
    assert server_schema(class_url)[2] == ["0005"]

    done = class_init(class_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"ehr-sim class init: migrated the class database at {shown(class_url)} "
        f"from schema 0005 to {SCHEMA_HEAD}\n"
    )
    tables, _, versions = server_schema(class_url)
    assert tables == sqlite_tables(tmp_path)
    assert versions == [SCHEMA_HEAD]


def test_a_wrong_password_is_refused_in_one_plain_line(class_server: ClassServer) -> None:
    url = class_server.url("class_never_made", password="not-the-password")
    line = refusal(class_init(url))
    assert line == (
        f"the class server at 127.0.0.1:{class_server.port} refused user 'ehrsim': "
        "wrong user name or password (check the URL's user and password)"
    )


def test_a_port_with_no_server_exits_2_with_one_plain_line() -> None:
    port = free_port()
    line = refusal(class_init(f"postgresql://teacher:pw@127.0.0.1:{port}/ehr_sim"))
    assert line.startswith(f"no PostgreSQL server answers at 127.0.0.1:{port} (")
    assert line.endswith("): check the address and port, and that the server runs")
    assert ":pw@" not in line


def test_a_url_that_is_not_postgresql_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.db"
    line = refusal(class_init(sqlite_url(clinic)))
    assert line.startswith(f"{sqlite_url(clinic)} is not a PostgreSQL URL: ")
    assert not clinic.exists()
    assert refusal(class_init("class-server/ehr_sim")).startswith(
        "'class-server/ehr_sim' is not a database URL: give a PostgreSQL URL"
    )


def make_database(server: ClassServer, url: str, *statements: str) -> None:
    maintenance = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    maintenance.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def test_a_database_holding_other_tables_is_refused_and_left_as_it_was(
    class_server: ClassServer, class_url: str
) -> None:
    make_database(class_server, class_url, "CREATE TABLE marks (student text, mark int)")
    line = refusal(class_init(class_url))
    assert "holds tables but is not an EHR Sim clinic database" in line
    assert server_schema_tables(class_url) == ["marks"]


def test_a_class_database_from_a_newer_ehr_sim_is_refused_and_left_as_it_was(
    class_server: ClassServer, class_url: str
) -> None:
    make_database(
        class_server,
        class_url,
        "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('9999')",
    )
    line = refusal(class_init(class_url))
    assert "was made by a newer version of EHR Sim (schema 9999)" in line
    assert server_schema_tables(class_url) == ["alembic_version"]


def server_schema_tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return sorted(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_several_class_inits_at_once_create_the_database_once(
    class_url: str, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "ehr_sim", "class", "init", "--url", class_url]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    said = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], said
    outputs = sorted(out for out, _ in said)
    assert outputs == sorted(
        [
            f"ehr-sim class init: created the class database at {shown(class_url)} "
            f"(schema {SCHEMA_HEAD})\n"
        ]
        + 3
        * [
            f"ehr-sim class init: the class database at {shown(class_url)} "
            f"is already at the newest schema ({SCHEMA_HEAD})\n"
        ]
    )
    tables, _, versions = server_schema(class_url)
    assert tables == sqlite_tables(tmp_path)
    assert versions == [SCHEMA_HEAD]


def test_a_user_who_may_not_create_databases_is_told_to_ask_the_administrator(
    class_server: ClassServer,
) -> None:
    server = create_engine(class_server.url("postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql("CREATE ROLE student LOGIN NOCREATEDB PASSWORD 'student-pw'")
    server.dispose()
    url = f"postgresql://student:student-pw@127.0.0.1:{class_server.port}/class_of_2027"
    line = refusal(class_init(url))
    assert line.startswith(
        f"there is no database 'class_of_2027' on 127.0.0.1:{class_server.port} and user "
        "'student' may not create it ("
    )
    assert line.endswith(
        "): ask the server's administrator to run `createdb -O student class_of_2027`, "
        "then run this again"
    )
