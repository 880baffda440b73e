"""Opening the class database: ClassProblem with one plain line when it cannot be reached.

Class tables are written in ordinary transactions (`ClassDatabase.session`), not under the
clinic's single write lock, so forty lab machines sending their logs do not queue behind
each other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.server import ClassProblem, class_url, explain, revision_of, shown
from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.classroom import ClassGrade, ClassSetting
from ehr_sim.records.database import Database, make_engine, open_database


@dataclass(frozen=True)
class ClassDatabase:
    """An open class database."""

    database: Database
    where: str  # the URL with its password hidden

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success; ClassProblem when the server
        went away (nothing of this transaction was kept)."""
        try:
            with self.database.sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise ClassProblem(explain(self.database.engine.url, exc)) from exc
        except ProgrammingError as exc:
            if "permission denied" not in str(exc.orig):
                raise
            user = self.database.engine.url.username
            raise ClassProblem(
                f"the class server does not let '{user}' do this ({_first_line(exc)}): "
                "lab machines' account may not; use the class owner's URL (the one "
                "`ehr-sim class init` used)"
            ) from exc

    def close(self) -> None:
        self.database.close()


def open_class(given: str, *, instructor: bool = False) -> ClassDatabase:
    """The class database at URL `given`, made by `ehr-sim class init` (migrated if older).
    `instructor`: the URL must be one that may read grades (the class owner's, not the lab
    machines' account): ClassProblem saying so at once, before anything is done."""
    url = class_url(given)
    full = url.render_as_string(hide_password=False)
    probe = make_engine(full)
    try:
        with probe.connect() as connection:
            revision = revision_of(connection)
    except DBAPIError as exc:
        raise ClassProblem(explain(url, exc)) from None
    finally:
        probe.dispose()
    if revision is None:
        raise ClassProblem(
            f"{shown(url)} holds no class database yet: run `ehr-sim class init --url URL` first"
        )
    try:
        database = open_database(full, create=False)
    except DatabaseProblem as problem:
        raise ClassProblem(str(problem)) from None
    opened = ClassDatabase(database, shown(url))
    if instructor:
        try:
            with opened.session() as session:
                session.execute(select(ClassGrade.id).limit(1))
                session.execute(select(ClassSetting.key).limit(1))
        except ClassProblem:
            opened.close()
            raise
    return opened


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig).strip()
    return text.splitlines()[0] if text else "refused"
