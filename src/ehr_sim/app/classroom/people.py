"""Passwords in the class database: the instructor's (instructor mode) and each student's
(sign-in on lab machines), kept as argon2id hashes (argon2-cffi's defaults), never as text."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from ehr_sim.records.classroom import ClassSetting

INSTRUCTOR_PASSWORD = "instructor_password"
# Shorter passwords are refused: a lab full of students is the threat, not a botnet.
MINIMUM_LENGTH = 8
_hasher = PasswordHasher()


class PasswordRefused(ValueError):
    """A new password that may not be used; the message says why."""


def hash_password(password: str) -> str:
    """The argon2id hash to keep for `password` (PasswordRefused when it is too weak)."""
    if len(password) < MINIMUM_LENGTH:
        raise PasswordRefused(f"a password needs at least {MINIMUM_LENGTH} characters")
    if not password.strip():
        raise PasswordRefused("a password cannot be only spaces")
    return _hasher.hash(password)


def password_matches(stored: str | None, given: str) -> bool:
    """True when `given` is the password `stored` (a hash) was made from."""
    if not stored:
        return False
    try:
        return _hasher.verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False


def set_instructor_password(session: Session, password: str) -> None:
    """Set (or change) the instructor's password."""
    hashed = hash_password(password)
    found = session.get(ClassSetting, INSTRUCTOR_PASSWORD)
    if found is None:
        session.add(ClassSetting(key=INSTRUCTOR_PASSWORD, value=hashed))
    else:
        found.value = hashed


def instructor_password_set(session: Session) -> bool:
    return session.get(ClassSetting, INSTRUCTOR_PASSWORD) is not None


def is_instructor(session: Session, password: str) -> bool:
    """True when `password` is the instructor's (False when none was set)."""
    found = session.get(ClassSetting, INSTRUCTOR_PASSWORD)
    return password_matches(found.value if found else None, password)
