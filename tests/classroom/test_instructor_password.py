"""The instructor's password is kept as an argon2 hash in the class database."""

from __future__ import annotations

import pytest

from ehr_sim.app.classroom import open_class
from ehr_sim.app.classroom.people import (
    INSTRUCTOR_PASSWORD,
    PasswordRefused,
    instructor_password_set,
    is_instructor,
    set_instructor_password,
)
from ehr_sim.records import ClassSetting


def test_the_instructor_password_is_stored_hashed_and_checked(class_db: str) -> None:
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            assert not instructor_password_set(session)
            assert not is_instructor(session, "anything at all")
            set_instructor_password(session, "correct horse")
        with opened.session() as session:
            stored = session.get(ClassSetting, INSTRUCTOR_PASSWORD)
            assert stored is not None and stored.value.startswith("$argon2id$")
            assert "correct horse" not in stored.value
            assert is_instructor(session, "correct horse")
            assert not is_instructor(session, "correct horsE")
            set_instructor_password(session, "battery staple")
        with opened.session() as session:
            assert is_instructor(session, "battery staple")
            assert not is_instructor(session, "correct horse")
    finally:
        opened.close()


@pytest.mark.parametrize("weak", ["short", "        ", ""])
def test_a_weak_password_is_refused_and_nothing_is_kept(class_db: str, weak: str) -> None:
    opened = open_class(class_db)
    try:
        with pytest.raises(PasswordRefused), opened.session() as session:
            set_instructor_password(session, weak)
        with opened.session() as session:
            assert not instructor_password_set(session)
    finally:
        opened.close()
