"""Open a clinic database: SQLite (WAL, foreign keys, durable commits) or any SQLAlchemy URL.

Opening checks the schema revision: a new file is created at the newest schema, an older
one is migrated, and a newer, damaged, locked or foreign file raises DatabaseProblem. An
existing SQLite file is first inspected read-only (schema and a quick integrity check), so a
file that is refused is never written to, not even switched to WAL mode.

Write transactions (`Database.writing`) take the write lock when they begin (SQLite's
`BEGIN IMMEDIATE`), so a check and the write it guards can never interleave with another
process; a writer that cannot get the lock within the busy timeout raises `ClinicBusy`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from ehr_sim.domain.errors import ClinicBusy, DatabaseProblem

# The newest migration in records/migrations/versions; a test keeps the two in step.
# In the order they apply (each later office area's migration revises the one merged before).
SCHEMA_HEAD = "0016"
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0011",
    "0009",
    "0006",
    "0007",
    "0008",
    "0012",
    "0010",
    "0013",
    "0014",
    "0015",
    "0016",
)
MIGRATIONS = Path(__file__).parent / "migrations"
# How long a writer waits for another writer's lock before it reports the file busy: long
# enough to outlast any one action of another process, short enough to answer a trainee.
BUSY_TIMEOUT_SECONDS = 3.0
# How long opening a server database waits for the server to answer.
CONNECT_TIMEOUT_SECONDS = 5
BUSY_MESSAGE = (
    "The clinic file is busy: another program is writing to it. "
    "Nothing was changed; try again in a moment."
)


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

    @contextmanager
    def writing(self, *, durable: bool = True) -> Iterator[Session]:
        """A session whose transaction holds the write lock from its first statement and
        commits on success: checks made in it stay true until the commit. Raises ClinicBusy
        (nothing written) when another program holds the lock longer than the busy timeout.

        `durable=False` (SQLite) commits without waiting for the disk: a crash of the app
        loses nothing, a power cut may lose the last such commits. Only for writes that are
        worked out again from what was kept (the living clinic's colleagues)."""
        sessions = self.sessions if durable else self._relaxed
        try:
            with sessions() as session, session.begin():
                connection = session.connection()
                if connection.dialect.name == "sqlite":
                    # pysqlite begins lazily (deferred) before the first write; an explicit
                    # BEGIN IMMEDIATE takes the lock now, and pysqlite then adds no BEGIN.
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                elif connection.dialect.name == "postgresql":
                    # One transaction-scoped lock per clinic: writers queue, readers do not.
                    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7220)")
                yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise ClinicBusy(BUSY_MESSAGE) from exc
            raise

    @cached_property
    def _relaxed(self) -> sessionmaker[Session]:
        """Sessions on a second engine whose SQLite commits are not synced (WAL, NORMAL)."""
        if self.engine.dialect.name != "sqlite" or self.engine.url.database in (None, ""):
            return self.sessions
        url = self.engine.url.render_as_string(hide_password=False)
        return sessionmaker(make_engine(url, durable=False), expire_on_commit=False)

    def close(self) -> None:
        relaxed = self.__dict__.get("_relaxed")
        if relaxed is not None and relaxed is not self.sessions:
            relaxed.kw["bind"].dispose()
        self.engine.dispose()


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def read_only_uri(path: Path) -> str:
    """SQLite's URI for reading `path` without writing a byte beside it.

    A WAL-mode file read with `mode=ro` still gets `-wal` and `-shm` files created next to it
    (and cannot be read at all in a read-only folder). When no other program has the file open
    (no `-wal` or `-journal` beside it) it is read as `immutable`, which needs neither."""
    uri = path.resolve().as_uri()
    in_use = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    return f"{uri}?mode=ro" if in_use else f"{uri}?immutable=1"


def is_busy(exc: OperationalError | sqlite3.OperationalError) -> bool:
    """True when `exc` says another connection holds a lock we waited for in vain."""
    reason = str(getattr(exc, "orig", exc))
    return "locked" in reason or "busy" in reason


def make_engine(url: str, *, read_only: bool = False, durable: bool = True) -> Engine:
    """An engine with the clinic's SQLite settings applied on every connection.

    `read_only` (SQLite files only) opens the file with SQLite's `mode=ro`, which refuses
    every write whatever the file's permissions (root included)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql":
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if read_only and parsed.database not in (None, "", ":memory:"):
        location = read_only_uri(Path(parsed.database or ""))
        return create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(location, uri=True, timeout=BUSY_TIMEOUT_SECONDS),
            poolclass=NullPool,
        )
    # uri: lets ATTACH take "file:...?mode=ro" (a read-only look at a snapshot) everywhere.
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "uri": True})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed action survives a power cut, not only a crash of the app.
        cursor.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def open_database(url: str, *, create: bool = True, read_only: bool = False) -> Database:
    """Open (creating or migrating when needed) the clinic database at `url`.

    `create=False` refuses a missing or empty file instead of building a schema in it;
    `read_only` (SQLite files) never writes, so the file must already be at the newest schema.
    Every problem raises DatabaseProblem with a message a trainee or instructor can act on."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    where = parsed.database if backend == "sqlite" else (parsed.host or "localhost")
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise DatabaseProblem(
            f"'{url}' is an in-memory database: every action would be lost when EHR Sim "
            "closes. Give a clinic file instead, for example --db clinic.db."
        )
    revision: str | None = None
    inspected = False
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        _check_path(path, create=create and not read_only)
        if path.exists():
            revision = inspect_file(path)
            inspected = True
            if revision is None and (read_only or not create):
                raise DatabaseProblem(f"{path} is empty: it holds no EHR Sim clinic.")
        if read_only and revision != SCHEMA_HEAD:
            raise DatabaseProblem(
                f"{path} was saved by an older version of EHR Sim (schema {revision}). "
                "Open it once in EHR Sim to update it, then try again."
            )
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseProblem(
                    f"{path} cannot be created: {exc.strerror or exc} ({path.parent})."
                ) from exc
    try:
        engine = make_engine(url, read_only=read_only)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseProblem(_explain_driver(parsed.drivername, exc)) from exc
    try:
        if not inspected:
            revision = _schema_revision(engine)
        if not read_only:
            if revision != SCHEMA_HEAD:
                upgrade(engine)
            if backend == "sqlite":
                _check_writable(engine)
    except DatabaseProblem:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        if backend != "sqlite":
            raise DatabaseProblem(_unreachable(exc, where)) from exc
        raise DatabaseProblem(_explain(exc, where)) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseProblem(_damaged(where, exc.orig)) from exc
    except (ImportError, OSError) as exc:
        engine.dispose()
        raise DatabaseProblem(_explain_driver(parsed.drivername, exc)) from exc
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _parse(url: str) -> Any:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseProblem(
            f"'{url}' is neither a clinic file nor a database URL "
            "(for example sqlite:///clinic.db or postgresql+psycopg://user@host/clinic)."
        ) from exc
    return parsed


def _check_path(path: Path, *, create: bool) -> None:
    """Plain words for a path that cannot hold a clinic file, before anything is written."""
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a clinic database file.")
    if path.exists():
        return
    if not create:
        raise DatabaseProblem(f"There is no clinic database at {path}.")
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise DatabaseProblem(f"{path} cannot be created: {parent} is a file, not a folder.")


def inspect_file(path: Path) -> str | None:
    """The schema revision of an existing SQLite file, read without writing a byte to it.

    None for an empty file. Raises DatabaseProblem for a damaged file (SQLite's quick
    integrity check), a foreign one, a newer one, or one locked by another program."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseProblem(_explain_reason(str(exc), str(path))) from exc
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            found = " ".join("; ".join(problems).replace("*** in database main ***", "").split())
            raise DatabaseProblem(_damaged(str(path), found[:200]))
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseProblem(f"{path} holds tables but is not an EHR Sim clinic database.")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise DatabaseProblem(_explain_reason(str(exc), str(path))) from exc
        raise DatabaseProblem(_damaged(str(path), exc)) from exc
    except sqlite3.Error as exc:
        raise DatabaseProblem(_damaged(str(path), exc)) from exc
    finally:
        connection.close()
    return _known(row[0] if row else None, str(path))


def _known(revision: Any, where: str | None) -> str:
    if revision not in KNOWN_REVISIONS:
        raise DatabaseProblem(
            f"{where} was made by a newer version of EHR Sim "
            f"(schema {revision}); this version knows schemas up to {SCHEMA_HEAD}. "
            "Update EHR Sim to open it."
        )
    return str(revision)


def _damaged(where: str | None, reason: object) -> str:
    return (
        f"{where} is damaged or is not an EHR Sim clinic database ({reason}). "
        "It was left untouched: open a backup copy, choose another file or build a new clinic."
    )


def _explain_driver(drivername: str, exc: BaseException) -> str:
    if isinstance(exc, NoSuchModuleError):
        return (
            f"EHR Sim does not know the database kind '{drivername}'. Give a clinic file path, "
            "sqlite:///path/to/clinic.db, or postgresql+psycopg://user@host/clinic."
        )
    if isinstance(exc, ImportError):
        module = exc.name or str(exc)
        return (
            f"The database driver for '{drivername}' is not installed (Python module "
            f"'{module}'). Install it (for PostgreSQL: pip install 'psycopg[binary]') "
            "or use a clinic file."
        )
    return f"The database '{drivername}' cannot be used: {exc}"


def _check_writable(engine: Engine) -> None:
    """Take and release the write lock: in WAL mode another program's open transaction does
    not stop reading, so without this a locked file would open and fail at the first action."""
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql("ROLLBACK")


def _explain(exc: OperationalError, where: str | None) -> str:
    return _explain_reason(str(exc.orig), where)


def _explain_reason(reason: str, where: str | None) -> str:
    if "locked" in reason or "busy" in reason:
        return (
            f"{where} is in use by another program (it is locked). "
            "Close that program or let it finish its changes, then try again."
        )
    if "unable to open" in reason or "readonly" in reason or "read-only" in reason:
        return f"{where} cannot be opened: check that the folder exists and you may write to it."
    return f"{where} cannot be used: {reason}"


def _unreachable(exc: OperationalError, host: str | None) -> str:
    lines = str(exc.orig).strip().splitlines()
    return (
        f"The database server at {host} cannot be reached or refused the connection "
        f"({lines[0] if lines else 'no answer'}). Check the address, and that the server runs."
    )


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
    return _known(revision, engine.url.database)


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
