"""The class database's own tables (issue 12): people, sections, packs, assignments, the
attempts lab machines play and the log they send as it happens, and every grade given.

They live in the same schema as a clinic file (one set of migrations), so a clinic file has
them too, empty. Times are the computer's clock in UTC, without a zone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ehr_sim.records.base import Base


class ClassSetting(Base):
    """One setting of the class, e.g. `instructor_password` (an argon2 hash)."""

    __tablename__ = "class_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Section(Base):
    """A section of the class (as the LMS names it, e.g. "MOA 101 - 02")."""

    __tablename__ = "class_sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


class Student(Base):
    """A person on the roster. `login` is what they sign in with (the LMS's login id);
    `sis_id` and `lms_id` are the numbers the LMS matches grades back by."""

    __tablename__ = "class_students"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))  # "First Last", as shown
    sortable_name: Mapped[str] = mapped_column(String(200), default="")  # "Last, First"
    sis_id: Mapped[str] = mapped_column(String(120), default="")
    lms_id: Mapped[str] = mapped_column(String(60), default="")  # Canvas "ID", Moodle id
    email: Mapped[str] = mapped_column(String(200), default="")
    section_id: Mapped[int | None] = mapped_column(ForeignKey("class_sections.id"))
    # argon2 hash; None until the student signs in the first time and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(Text, default=None)
    active: Mapped[bool] = mapped_column(default=True)
    added_at: Mapped[datetime]


class ClassPack(Base):
    """The instructor's copy of a pack, as loaded: the archive (a zip of the pack folder)
    is what lab machines play and what the gradebook re-grades with."""

    __tablename__ = "class_packs"
    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(48))
    version: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    archive: Mapped[bytes] = mapped_column(LargeBinary)
    # The same pack without rubrics and recorded plays: what a lab machine may read before
    # an attempt ends (the whole archive is the instructor's alone).
    student_archive: Mapped[bytes] = mapped_column(LargeBinary)
    loaded_at: Mapped[datetime]


class Assignment(Base):
    """Scenarios of one pack given to the class (or one section), practice or assessed."""

    __tablename__ = "class_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    pack_hash: Mapped[str] = mapped_column(String(64))  # class_packs.content_hash
    scenarios: Mapped[str] = mapped_column(Text)  # JSON list of scenario ids, in order
    mode: Mapped[str] = mapped_column(String(10))  # "practice" | "assessed"
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts_allowed: Mapped[int | None] = mapped_column(default=None)  # None: no limit
    points: Mapped[int] = mapped_column(default=100)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("class_sections.id"))
    variants: Mapped[bool] = mapped_column(default=True)  # per-student seeded variants
    created_at: Mapped[datetime]


class ClassAttempt(Base):
    """One attempt, played on a lab machine (its log arrives as it happens) or imported
    from a student's result file. `uid` is given by the machine that plays it."""

    __tablename__ = "class_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("class_students.id"))
    student_name: Mapped[str] = mapped_column(String(200), default="")  # as the file says
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("class_assignments.id"))
    scenario_id: Mapped[str] = mapped_column(String(48))
    pack_hash: Mapped[str] = mapped_column(String(64))  # the pack it was played from
    mode: Mapped[str] = mapped_column(String(12), default="practice")
    variant: Mapped[int | None] = mapped_column(default=None)
    seat: Mapped[str] = mapped_column(String(120), default="")  # the lab machine's name
    source: Mapped[str] = mapped_column(String(10), default="lab")  # "lab" | "import"
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="running")
    seal: Mapped[str | None] = mapped_column(String(64), default=None)
    # None: not checked yet; False: `problem` says what failed verification.
    verified: Mapped[bool | None] = mapped_column(default=None)
    problem: Mapped[str] = mapped_column(Text, default="")
    file: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # the sealed file
    # The clinic as the attempt started (its .start snapshot): "what they changed" reads it.
    start_file: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class ClassLogEntry(Base):
    """One link of an attempt's chain as the lab machine sent it: the log the server holds
    as it happens. (attempt_uid, seq) is the key, so a link sent twice is stored once."""

    __tablename__ = "class_log"
    attempt_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)  # the link's number in the chain
    kind: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(120))
    content: Mapped[str] = mapped_column(Text)  # JSON of what the link covers
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]


class ClassGrade(Base):
    """A grade given to an attempt with one copy of the pack (re-grading adds a row)."""

    __tablename__ = "class_grades"
    __table_args__ = (UniqueConstraint("attempt_id", "pack_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("class_attempts.id"), index=True)
    pack_hash: Mapped[str] = mapped_column(String(64))  # the copy of the pack graded with
    score: Mapped[int]
    passed: Mapped[bool]
    critical: Mapped[int] = mapped_column(default=0)  # critical errors tripped
    report: Mapped[str] = mapped_column(Text)  # the grading report as JSON
    graded_at: Mapped[datetime]
