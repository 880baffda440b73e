"""The class database: one PostgreSQL server a class shares (issue 12).

`init_class_database` creates or migrates it with the clinic's own SQLAlchemy models and
Alembic migrations (records/database.py), creating the database itself when the server's
user may. Every problem raises ClassProblem with one plain line an instructor can act on:
a URL that is not PostgreSQL, a server that does not answer, a wrong user or password.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)

from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.database import SCHEMA_HEAD, make_engine, open_database

# The database a PostgreSQL server always has, used to create the class database.
MAINTENANCE_DATABASE = "postgres"
# The session lock `class init` holds while it reads and migrates the schema (the clinic's
# write lock, records/database.py, is 7220).
INIT_LOCK = 7221
EXAMPLE_URL = "postgresql://teacher:PASSWORD@class-server/ehr_sim"


class ClassProblem(Exception):
    """The class database cannot be set up; the message says why and what to do."""


@dataclass(frozen=True)
class ClassInit:
    """What `init_class_database` did."""

    where: str  # the URL, password hidden
    before: str | None  # the schema found; None when the database held nothing yet
    after: str
    created_database: bool  # the database itself did not exist on the server

    def summary(self) -> str:
        if self.before is None:
            return f"created the class database at {self.where} (schema {self.after})"
        if self.before != self.after:
            return (
                f"migrated the class database at {self.where} "
                f"from schema {self.before} to {self.after}"
            )
        return f"the class database at {self.where} is already at the newest schema ({self.after})"


def class_url(given: str) -> URL:
    """The PostgreSQL URL to use (psycopg 3 as driver), or ClassProblem for anything else."""
    try:
        url = make_url(given)
    except ArgumentError:
        raise ClassProblem(
            f"'{given}' is not a database URL: give a PostgreSQL URL such as {EXAMPLE_URL}"
        ) from None
    if url.get_backend_name() != "postgresql":
        raise ClassProblem(
            f"{url.render_as_string(hide_password=True)} is not a PostgreSQL URL: the class "
            f"database runs on a PostgreSQL server, for example {EXAMPLE_URL}"
        )
    if url.get_driver_name() not in ("psycopg", "postgresql"):
        raise ClassProblem(
            f"EHR Sim talks to PostgreSQL through psycopg 3, not '{url.get_driver_name()}': "
            "write the URL as postgresql://… or postgresql+psycopg://…"
        )
    if not url.database:
        raise ClassProblem(
            f"{url.render_as_string(hide_password=True)} names no database: end the URL with "
            "the class database's name, for example /ehr_sim"
        )
    return url.set(drivername="postgresql+psycopg")


def init_class_database(given: str) -> ClassInit:
    """Create (or migrate to the newest schema) the class database at the URL `given`.

    Several `class init` runs at once are safe: each holds a lock on the class database
    from reading its schema to the end of the migration, so one creates it and the others
    find it at the newest schema."""
    url = class_url(given)
    created = False
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        try:
            connection = engine.connect()
        except OperationalError as exc:
            if not _missing_database(exc):
                raise ClassProblem(explain(url, exc)) from exc
            created = _create_database(url)
            try:
                connection = engine.connect()
            except OperationalError as again:
                raise ClassProblem(explain(url, again)) from again
        with connection:
            # Held by this session (not a transaction) until the connection closes.
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({INIT_LOCK})")
            before = revision_of(connection)
            connection.commit()
            try:
                database = open_database(url.render_as_string(hide_password=False))
            except DatabaseProblem as problem:
                raise ClassProblem(str(problem)) from problem
            database.close()
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({INIT_LOCK})")
    finally:
        engine.dispose()
    return ClassInit(shown(url), before, SCHEMA_HEAD, created)


def _missing_database(exc: OperationalError) -> bool:
    reason = _reason(exc)
    return reason.startswith("database ") and reason.endswith(" does not exist")


def revision_of(connection: Connection) -> str | None:
    """The schema revision of the class database; None when it holds no EHR Sim schema yet
    (empty, or other tables: open_database then says which)."""
    if "alembic_version" not in set(inspect(connection).get_table_names()):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)


def _create_database(url: URL) -> bool:
    """Create the database `url` names; False when another run created it a moment ago."""
    maintenance = make_engine(
        url.set(database=MAINTENANCE_DATABASE).render_as_string(hide_password=False)
    )
    name = url.database or ""
    try:
        with maintenance.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            quoted = _quote(maintenance, name)
            connection.exec_driver_sql(f"CREATE DATABASE {quoted}")
    except IntegrityError:
        return False  # another `class init` was creating it at the same moment
    except ProgrammingError as exc:
        if "already exists" in _reason(exc):
            return False  # another `class init` made it a moment ago
        raise ClassProblem(
            f"there is no database '{name}' on {_server(url)} and user '{url.username}' may "
            f"not create it ({_reason(exc)}): ask the server's administrator to run "
            f"`createdb -O {url.username} {name}`, then run this again"
        ) from exc
    except DBAPIError as exc:
        raise ClassProblem(explain(url, exc)) from exc
    finally:
        maintenance.dispose()
    return True


def _quote(engine: Engine, name: str) -> str:
    return str(engine.dialect.identifier_preparer.quote_identifier(name))


def explain(url: URL, exc: DBAPIError) -> str:
    """One plain line saying why the class server at `url` refused or did not answer."""
    reason = _reason(exc)
    server, user = _server(url), url.username
    if "password authentication failed" in reason:
        return (
            f"the class server at {server} refused user '{user}': wrong user name or "
            "password (check the URL's user and password)"
        )
    if "no pg_hba.conf entry" in reason:
        return (
            f"the class server at {server} does not let user '{user}' connect from this "
            "machine: ask its administrator to allow it in pg_hba.conf"
        )
    if "role" in reason and "does not exist" in reason:
        return f"the class server at {server} has no user '{user}'"
    if any(words in reason.lower() for words in _NO_ANSWER):
        return (
            f"no PostgreSQL server answers at {server} ({reason}): check the address "
            "and port, and that the server runs"
        )
    return f"the class server at {server} refused the connection: {reason}"


# How psycopg (libpq) says that nothing answered at that address.
_NO_ANSWER = (
    "connection refused",
    "timeout expired",
    "resolve host",
    "translate host name",
    "no route to host",
    "network is unreachable",
    "server closed the connection unexpectedly",
    "no such file or directory",  # a Unix socket with no server behind it
)


def _reason(exc: DBAPIError) -> str:
    """The server's own words, on one line, without psycopg's 'connection to … failed:'."""
    text = str(exc.orig).strip()
    first = text.splitlines()[0] if text else "no answer"
    first = first.removeprefix("connection failed: ")
    if first.startswith("connection to server") and " failed: " in first:
        first = first.split(" failed: ", 1)[1]
    return " ".join(first.replace("FATAL:", "").split())


def _server(url: URL) -> str:
    return f"{url.host or 'localhost'}:{url.port or 5432}"


def shown(url: URL) -> str:
    """The URL with its password hidden."""
    return url.render_as_string(hide_password=True)
