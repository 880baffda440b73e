"""The lab machines' own PostgreSQL account: what it may read and write (issue 12).

Lab machines hold their URL (and so its password) on disk where students sit, so that
account gets only what playing needs: it reads assignments, the roster and the student copy
of each pack (a column privilege leaves `class_packs.archive` out), writes attempts and their
log, and reads no grade. The whole pack — rubric and recorded plays — comes only through
`ehr_sim_ended_pack(uid, seal)`, a SECURITY DEFINER function that returns it for an attempt
that has ended, to the seat that holds its sealed file (the seal it does not otherwise read),
for its debrief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ehr_sim.app.classroom.server import ClassProblem, _reason, class_url, explain, shown
from ehr_sim.app.classroom.store import ClassDatabase, open_class

ENDED_PACK = "ehr_sim_ended_pack"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# What the lab account reads whole (class_students: sign-in; alembic_version: the schema).
READS = ("alembic_version", "class_sections", "class_students", "class_assignments")
# Each table the lab account writes, with what it may do there: it adds log links but never
# changes one (the server's log is what a recomputed chain is checked against), and of an
# attempt it changes only what its end sends (never whose it is, nor its verdict).
# What it reads of them leaves out each attempt's seal and file and each link's hash: the
# seal is what ENDED_PACK asks for, which only the seat holding the attempt file knows.
WRITES = {
    "class_attempts": "INSERT, UPDATE (file, start_file, seal, status, ended_at)",
    "class_log": "INSERT",
}
WRITES_READ = {
    "class_attempts": (
        "id", "uid", "student_id", "student_name", "assignment_id", "scenario_id", "pack_hash",
        "mode", "variant", "seat", "source", "started_at", "ended_at", "status", "verified",
        "problem",
    ),
    "class_log": ("attempt_uid", "seq"),
}  # fmt: skip
PACK_COLUMNS = ("id", "pack_id", "version", "content_hash", "student_archive", "loaded_at")

FUNCTION = """
CREATE OR REPLACE FUNCTION {function}(attempt_uid text, attempt_seal text) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $body$
DECLARE
    found_status text;
    found_hash text;
    found_seal text;
    found_archive bytea;
BEGIN
    SELECT status, pack_hash, seal INTO found_status, found_hash, found_seal
        FROM class_attempts WHERE uid = attempt_uid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no attempt % on the class server', attempt_uid;
    END IF;
    IF found_status = 'running' THEN
        RAISE EXCEPTION 'attempt % has not ended: its rubric stays closed until it ends',
            attempt_uid;
    END IF;
    IF found_seal IS NULL OR found_seal IS DISTINCT FROM attempt_seal THEN
        RAISE EXCEPTION 'attempt % was not sealed with that seal: its rubric is for the seat '
            'that played it', attempt_uid;
    END IF;
    SELECT archive INTO found_archive FROM class_packs WHERE content_hash = found_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the class server has no pack % any more', found_hash;
    END IF;
    RETURN found_archive;
END
$body$
"""

# An ended attempt stays ended: otherwise the lab account could mark its attempt ended, read
# the pack through ENDED_PACK, and go on playing it.
STAYS_ENDED = "ehr_sim_attempt_stays_ended"
TRIGGER = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $body$
BEGIN
    IF OLD.status <> 'running' AND NEW.status = 'running' THEN
        RAISE EXCEPTION 'attempt % has ended and cannot run again', OLD.uid;
    END IF;
    RETURN NEW;
END
$body$
"""


# A password, once chosen, is changed only by the class owner (`class students
# --reset-password` forgets it): otherwise the lab account could set a classmate's.
PASSWORD_KEPT = "ehr_sim_password_kept"
PASSWORD_TRIGGER = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $body$
BEGIN
    IF OLD.password_hash IS NOT NULL
            AND NEW.password_hash IS DISTINCT FROM OLD.password_hash
            AND current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class
                                 WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION '% has chosen a password: only the instructor can reset it', OLD.login;
    END IF;
    RETURN NEW;
END
$body$
"""


@dataclass(frozen=True)
class LabAccount:
    name: str
    created: bool  # False: the role existed; its password was changed (or kept)
    password_changed: bool

    def summary(self, where: str) -> str:
        did = "created" if self.created else "updated"
        kept = "" if self.password_changed else " (its password left as the administrator set it)"
        return (
            f"{did} the lab account '{self.name}' on {where}{kept}: it plays assignments and "
            "sends attempts, and cannot read rubrics, recorded plays or grades"
        )


def set_up_lab_account(given: str, name: str, password: str) -> LabAccount:
    """Create (or update) the lab account `name` on the class server at URL `given` (the
    owner's URL) and give it exactly the lab's privileges. ClassProblem says what to ask
    the administrator when the owner may not create accounts."""
    if not _NAME.match(name):
        raise ClassProblem(
            f"'{name}' cannot be the lab account's name: use lower-case letters, digits and _"
        )
    if len(password) < 8:
        raise ClassProblem("the lab account's password needs at least 8 characters")
    url = class_url(given)
    if name == url.username:
        raise ClassProblem(
            f"the lab account must not be the class owner '{name}': choose another name"
        )
    database = open_class(given)
    try:
        return _set_up(database, name, password, url.database or "")
    except DBAPIError as exc:
        raise ClassProblem(explain(url, exc)) from exc
    except psycopg.Error as exc:
        raise ClassProblem(f"the class server refused: {' '.join(str(exc).split())}") from exc
    finally:
        database.close()


def _set_up(database: ClassDatabase, name: str, password: str, dbname: str) -> LabAccount:
    engine = database.database.engine
    owner = engine.url.username
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None

        def run(statement: sql.Composable) -> None:
            raw.execute(statement)  # psycopg's own: no parameters, so '%' stays '%'

        role = sql.Identifier(name)
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}
        ).first()
        created = changed = False
        try:
            if exists is None:
                run(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(password)))
                created = changed = True
            else:
                run(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(password)))
                changed = True
            connection.commit()
        except psycopg.errors.InsufficientPrivilege:
            connection.rollback()
            if exists is None:
                raise ClassProblem(
                    f"user '{owner}' may not create accounts on {shown(engine.url)}: ask the "
                    f"server's administrator to run `createuser --pwprompt {name}` (or give "
                    f"'{owner}' CREATEROLE), then run this again"
                ) from None
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        where = sql.Identifier(schema)
        run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(dbname), role))
        run(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(where, role))
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
            {"schema": schema},
        ).scalars()
        for table in tables:  # start from nothing: a second run takes back what changed
            run(sql.SQL("REVOKE ALL ON {}.{} FROM {}").format(where, sql.Identifier(table), role))
        for table in READS:
            run(sql.SQL("GRANT SELECT ON {}.{} TO {}").format(where, sql.Identifier(table), role))
        # First sign-in sets the student's password (people's sign-in).
        run(sql.SQL("GRANT UPDATE (password_hash) ON class_students TO {}").format(role))
        for table, rights in WRITES.items():
            run(
                sql.SQL("GRANT " + rights + " ON {}.{} TO {}").format(
                    where, sql.Identifier(table), role
                )
            )
        for table, readable in WRITES_READ.items():
            run(
                sql.SQL("GRANT SELECT ({}) ON {}.{} TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(c) for c in readable),
                    where,
                    sql.Identifier(table),
                    role,
                )
            )
        run(sql.SQL("GRANT USAGE ON SEQUENCE class_attempts_id_seq TO {}").format(role))
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in PACK_COLUMNS)
        run(sql.SQL("GRANT SELECT ({}) ON class_packs TO {}").format(columns, role))
        function = sql.Identifier(ENDED_PACK)
        run(sql.SQL("DROP FUNCTION IF EXISTS {}(text)").format(function))  # uid only: older
        run(sql.SQL(FUNCTION).format(function=function, schema=where))
        run(sql.SQL("REVOKE ALL ON FUNCTION {}(text, text) FROM PUBLIC").format(function))
        run(sql.SQL("GRANT EXECUTE ON FUNCTION {}(text, text) TO {}").format(function, role))
        guard = sql.Identifier(STAYS_ENDED)
        run(sql.SQL(TRIGGER).format(function=guard, schema=where))
        run(sql.SQL("DROP TRIGGER IF EXISTS {} ON class_attempts").format(guard))
        run(
            sql.SQL(
                "CREATE TRIGGER {} BEFORE UPDATE OF status ON class_attempts "
                "FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(guard, guard)
        )
        kept = sql.Identifier(PASSWORD_KEPT)
        run(sql.SQL(PASSWORD_TRIGGER).format(function=kept, schema=where))
        run(sql.SQL("DROP TRIGGER IF EXISTS {} ON class_students").format(kept))
        run(
            sql.SQL(
                "CREATE TRIGGER {} BEFORE UPDATE OF password_hash ON class_students "
                "FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(kept, kept)
        )
        connection.commit()
    return LabAccount(name, created, changed)


def ended_pack(database: ClassDatabase, attempt_uid: str, seal: str) -> bytes:
    """The whole pack (rubric and plays) an ended attempt was played from, through the
    server's function, for the seat that holds its file (`seal`: the attempt's final chain
    hash); ClassProblem with the server's words while it is running."""
    try:
        with database.session() as session:
            found = session.execute(
                text(f"SELECT {ENDED_PACK}(:uid, :seal)"), {"uid": attempt_uid, "seal": seal}
            ).scalar_one()
    except DBAPIError as exc:
        raise ClassProblem(_reason(exc).removeprefix("ERROR: ").strip()) from None
    return bytes(found)
