"""Student sign-in on a lab machine (a class setting exists: settings.py).

A student signs in with their login (from the roster) and their password; the first time,
they choose that password (typed twice). Every step asks the class server, so a password
is checked against the one hash the server keeps: when the server cannot be reached, no
one can sign in (there is nothing on the lab machine to check a password against), and
the message says so.

The signed-in student is remembered in the seat's data folder (`signin.json`), and their
name becomes the trainee name (app/trainee.py) that the action log and the scenarios use.
Signing out forgets both.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.people import PasswordRefused, hash_password, password_matches
from ehr_sim.app.classroom.server import ClassProblem
from ehr_sim.app.classroom.settings import SettingProblem
from ehr_sim.app.classroom.store import ClassDatabase, open_class
from ehr_sim.app.trainee import save_trainee_name, settings_path
from ehr_sim.records.classroom import Student

SIGNIN_FILE = "signin.json"


class SignInRefused(Exception):
    """The sign-in did not happen; the message says why in plain words."""


class ServerUnreachable(SignInRefused):
    """The class server did not answer: try again (there is no offline sign-in)."""


class ChoosePassword(Exception):
    """The student is on the roster but has no password yet: they choose one now."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class SignedIn:
    login: str
    name: str


def not_on_roster(login: str) -> str:
    return f"'{login}' is not on the class roster — ask your instructor."


WRONG_PASSWORD = (
    "That password is not right. Type it again, or ask your instructor to reset it "
    "(ehr-sim class students --reset-password)."
)
NO_MATCH = "The two passwords are not the same: type the new password twice."
NO_LOGIN = "Type your login (as on the class roster)."


def unreachable(problem: object) -> str:
    return (
        f"The class server cannot be reached: {problem}. Nobody can sign in on a lab machine "
        "while it is down, since only the class server can check your password. Check the "
        "network, then press Sign in again, or tell your instructor."
    )


class SignInService:
    """Sign-in against the class database at `url`, remembered in `data_dir`."""

    def __init__(
        self, url: str, data_dir: Path, opener: Callable[[str], ClassDatabase] = open_class
    ) -> None:
        self.url = url
        self.data_dir = data_dir
        self._open = opener

    def _class(self) -> ClassDatabase:
        try:
            return self._open(self.url)
        except (ClassProblem, SettingProblem) as problem:
            raise ServerUnreachable(unreachable(problem)) from None

    def sign_in(self, login: str, password: str) -> SignedIn:
        """Check `login`'s password; ChoosePassword when they have none yet."""
        login = login.strip()
        if not login:
            raise SignInRefused(NO_LOGIN)
        db = self._class()
        try:
            with db.session() as session:
                student = _student(session, login)
                if student is None or not student.active:
                    raise SignInRefused(not_on_roster(login))
                if student.password_hash is None:
                    raise ChoosePassword(student.name)
                if not password_matches(student.password_hash, password):
                    raise SignInRefused(WRONG_PASSWORD)
                done = SignedIn(student.login, student.name)
        except ClassProblem as problem:
            raise ServerUnreachable(unreachable(problem)) from None
        finally:
            db.close()
        return self._remember(done)

    def choose_password(self, login: str, password: str, again: str) -> SignedIn:
        """The first sign-in: keep the password `login` chose (typed twice) and sign in."""
        if password != again:
            raise SignInRefused(NO_MATCH)
        try:
            hashed = hash_password(password)
        except PasswordRefused as refused:
            raise SignInRefused(f"Choose another password: {refused}.") from None
        db = self._class()
        try:
            with db.session() as session:
                student = _student(session, login.strip(), lock=True)
                if student is None or not student.active:
                    raise SignInRefused(not_on_roster(login.strip()))
                if student.password_hash is not None:
                    # Chosen on another seat a moment ago: that one stands.
                    raise SignInRefused(
                        "A password was already chosen for this login: sign in with it, or "
                        "ask your instructor to reset it."
                    )
                student.password_hash = hashed
                done = SignedIn(student.login, student.name)
        except ClassProblem as problem:
            raise ServerUnreachable(unreachable(problem)) from None
        finally:
            db.close()
        return self._remember(done)

    def _remember(self, done: SignedIn) -> SignedIn:
        save_trainee_name(self.data_dir, done.name)
        _write_json(self.data_dir / SIGNIN_FILE, {"login": done.login, "name": done.name})
        return done


def _student(session: Session, login: str, *, lock: bool = False) -> Student | None:
    query = select(Student).where(func.lower(Student.login) == login.lower())
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def signed_in(data_dir: Path) -> SignedIn | None:
    """Who is signed in on this seat, or None."""
    try:
        raw = json.loads((data_dir / SIGNIN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    login, name = raw.get("login"), raw.get("name")
    if isinstance(login, str) and isinstance(name, str) and login:
        return SignedIn(login, name)
    return None


def sign_out(data_dir: Path) -> bool:
    """Forget the signed-in student and their trainee name; False when nobody was signed in."""
    was = (data_dir / SIGNIN_FILE).exists()
    (data_dir / SIGNIN_FILE).unlink(missing_ok=True)
    settings_path(data_dir).unlink(missing_ok=True)
    return was


def _write_json(path: Path, data: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".signin-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
