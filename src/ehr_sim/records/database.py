"""Open a clinic database: SQLite (WAL, foreign keys, durable commits) or any SQLAlchemy URL.

Opening checks the schema revision: a new file is created at the newest schema, an older
one is migrated, and a newer, damaged, locked or foreign file raises DatabaseProblem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ehr_sim.domain.errors import DatabaseProblem

# The newest migration in records/migrations/versions; a test keeps the two in step.
SCHEMA_HEAD = "0004"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Database:
    """An open clinic database: the engine and how to get sessions from it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short session for queries; nothing it does is committed."""
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def make_engine(url: str) -> Engine:
    """An engine with the clinic's SQLite settings applied on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 2.0})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed action survives a power cut, not only a crash of the app.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine


def open_database(url: str, *, create: bool = True) -> Database:
    """Open (creating or migrating when needed) the clinic database at `url`."""
    parsed = make_url(url)
    where = parsed.database if parsed.get_backend_name() == "sqlite" else parsed.host
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        if not path.exists() and not create:
            raise DatabaseProblem(f"There is no clinic database at {path}.")
        if path.is_dir():
            raise DatabaseProblem(f"{path} is a folder, not a clinic database file.")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        revision = _schema_revision(engine)
        if revision != SCHEMA_HEAD:
            upgrade(engine)
        if parsed.get_backend_name() == "sqlite":
            _check_writable(engine)
    except DatabaseProblem:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseProblem(_explain(exc, where)) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseProblem(
            f"{where} is damaged or is not an EHR Sim clinic database ({exc.orig}). "
            "Choose another file or build a new clinic."
        ) from exc
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _check_writable(engine: Engine) -> None:
    """Take and release the write lock: in WAL mode another program's open transaction does
    not stop reading, so without this a locked file would open and fail at the first action."""
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql("ROLLBACK")


def _explain(exc: OperationalError, where: str | None) -> str:
    reason = str(exc.orig)
    if "locked" in reason or "busy" in reason:
        return (
            f"{where} is in use by another program (it is locked). "
            "Close the other EHR Sim window using it, then try again."
        )
    if "unable to open" in reason:
        return f"{where} cannot be opened: check that the folder exists and you may write to it."
    return f"{where} cannot be used: {reason}"


def _schema_revision(engine: Engine) -> str | None:
    """The file's schema revision; None for an empty file; DatabaseProblem if it isn't ours."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseProblem(
                f"{engine.url.database} holds tables but is not an EHR Sim clinic database."
            )
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision not in KNOWN_REVISIONS:
        raise DatabaseProblem(
            f"{engine.url.database} was made by a newer version of EHR Sim "
            f"(schema {revision}); this version knows schemas up to {SCHEMA_HEAD}. "
            "Update EHR Sim to open it."
        )
    return str(revision)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's config is a ConfigParser: a '%' in a path must be doubled to survive it.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic (imported only when a migration is due)."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def wipe(session: Session) -> None:
    """Remove all clinic rows, keeping the schema (used before building a new world)."""
    from ehr_sim.records.base import Base

    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
