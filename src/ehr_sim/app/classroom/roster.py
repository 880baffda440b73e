"""The class roster from a CSV file as Canvas or Moodle export it (../shared/design/EXPORTS.md §3).

`read_roster` reads the file (a BOM stripped, `,` `;` or tab, headers trimmed), tells which
export it is by its header, and returns one RosterRow per student, skipping what the LMS adds
that is not a student: Canvas's "Points Possible" and "Manual Posting" rows, rows with an
empty name, Canvas's Test Student. Grade and total columns are ignored. Every bad row is
collected, and RosterProblem lists them all (`FILE:LINE: what is wrong`).

`import_roster` writes the rows in the caller's transaction: a student already on the roster
(matched by login, then SIS id, then the LMS's own id) is updated, a new one added, never
twice; a conflict found there is a RosterProblem too, so the caller's transaction rolls back
and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.records.classroom import Section, Student

# Column names by meaning; the first found in the header is used (compared lower-cased).
LOGIN_COLUMNS = ("sis login id", "login_id", "username")
SIS_COLUMNS = ("sis user id", "user_id", "id number")
LMS_ID_COLUMNS = ("id",)
EMAIL_COLUMNS = ("email address", "email")
SECTION_COLUMNS = ("section",)
MAX_LOGIN = 120
MAX_NAME = 200
MAX_SECTION = 120
TEST_STUDENT = "Student, Test"
# A roster of thousands of students is well under 1 MB; a 50 MB file took over ten minutes
# and 2 GB before it was stopped.
MAX_BYTES = 5 * 1024 * 1024


class RosterProblem(Exception):
    """The roster cannot be imported; `problems` holds one `FILE:LINE: what` per bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RosterRow:
    line: int  # the row's line in the file (1 is the header)
    login: str
    name: str  # "Jane Doe"
    sortable_name: str  # "Doe, Jane"
    sis_id: str
    lms_id: str
    email: str
    section: str  # "" when the file names none


@dataclass(frozen=True)
class Roster:
    path: Path
    kind: str  # "Canvas gradebook" | "Canvas SIS users.csv" | "Moodle"
    rows: list[RosterRow]
    skipped: int  # rows that are not students (Points Possible, Test Student, no name)


@dataclass
class RosterImport:
    """What `import_roster` did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    sections_added: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # every section the file's rows are in
    not_in_file: int = 0  # students on the roster this file does not list (kept)

    def summary(self) -> str:
        sections = ", ".join(self.sections) if self.sections else "none"
        new = f" ({len(self.sections_added)} new)" if self.sections_added else ""
        kept = f"; {self.not_in_file} on the roster not in this file, kept" * bool(self.not_in_file)
        return (
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}; "
            f"sections: {sections}{new}{kept}"
        )


def read_roster(path: Path, *, section: str | None = None) -> Roster:
    """The students in the roster export at `path`; RosterProblem listing every bad row.

    `section` puts every student of the file in that section (Moodle exports name none)."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RosterProblem([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    if len(raw) > MAX_BYTES:
        raise RosterProblem(
            [
                f"{path}:1: is more than {MAX_BYTES // 1024 // 1024} MB, far more than a class "
                "roster export: is it the right file?"
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RosterProblem(
            [f"{path}:{line}: is not UTF-8 text (export the roster again as CSV, UTF-8)"]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RosterProblem(
            [f"{path}:{line}: holds a NUL byte, so it is not a CSV text export of a roster"]
        )
    if section is not None:
        section = " ".join(section.split())
        if not section or len(section) > MAX_SECTION:
            raise RosterProblem([f"--section must be 1 to {MAX_SECTION} characters"])
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise RosterProblem([f"{path}:1: is empty: export the roster from Canvas or Moodle"])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
        records: list[tuple[int, list[str]]] = []
        ended = 0  # the line the previous record ended on (a quoted cell may hold newlines)
        for record in reader:
            records.append((ended + 1, record))
            ended = reader.line_num
    except csv.Error as exc:
        raise RosterProblem([f"{path}:{reader.line_num}: is not CSV ({exc})"]) from None
    header = [cell.strip() for cell in records[0][1]]
    return _Reader(path, header, section).read(records)


def _delimiter(first: str) -> str:
    counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
    return max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","


def _unwrap(cell: str) -> str:
    """A cell's text: trimmed, Canvas's `="…"` (written for a leading `=`) unwrapped."""
    cell = cell.strip()
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        cell = cell[2:-1].replace('""', '"')
    return " ".join(cell.split())


class _Reader:
    def __init__(self, path: Path, header: list[str], section: str | None) -> None:
        self.path = path
        self.header = header
        self.section = section
        self.lower = [name.lower() for name in header]
        self.kind, self.name_columns = self._kind()

    def _find(self, names: tuple[str, ...]) -> int | None:
        for name in names:
            if name in self.lower:
                return self.lower.index(name)
        return None

    def _kind(self) -> tuple[str, tuple[int, ...]]:
        at = {name: i for i, name in enumerate(self.lower)}
        if "student" in at:
            return "Canvas gradebook", (at["student"],)
        if "lastname" in at and "firstname" in at:
            return "Canvas gradebook", (at["firstname"], at["lastname"])
        if "login_id" in at and ("full_name" in at or "sortable_name" in at or "first_name" in at):
            if "first_name" in at and "last_name" in at:
                return "Canvas SIS users.csv", (at["first_name"], at["last_name"])
            return "Canvas SIS users.csv", (at.get("full_name", at.get("sortable_name", 0)),)
        if "first name" in at and "last name" in at:
            return "Moodle", (at["first name"], at["last name"])
        raise RosterProblem(
            [
                f"{self.path}:1: is not a roster exported by Canvas or Moodle: its header "
                "needs Student (Canvas's gradebook export), login_id (Canvas's users.csv) or "
                "First name and Last name (Moodle)"
            ]
        )

    def read(self, records: list[tuple[int, list[str]]]) -> Roster:
        login_at = self._find(LOGIN_COLUMNS)
        if login_at is None and self.kind == "Moodle":
            login_at = self._find(EMAIL_COLUMNS)  # Moodle's default export has no username
        if login_at is None:
            wanted = {
                "Canvas gradebook": "SIS Login ID",
                "Canvas SIS users.csv": "login_id",
                "Moodle": "Username or Email address",
            }[self.kind]
            raise RosterProblem(
                [
                    f"{self.path}:1: has no {wanted} column: students sign in with it "
                    "(export the roster again with it)"
                ]
            )
        login_name = self.header[login_at]
        problems: list[str] = []
        rows: list[RosterRow] = []
        skipped = 0
        seen: dict[str, int] = {}
        for index, record in records[1:]:
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            first = record[0].strip() if record else ""
            # Canvas's own rows (its Manual Posting row has empty first cells; some exports and
            # hand edits put the words in the first cell: not a student either way).
            if first in ("Points Possible", "Manual Posting"):
                skipped += 1
                continue
            where = f"{self.path}:{index}:"
            if len(record) != len(self.header):
                problems.append(
                    f"{where} has {len(record)} cells where the header has {len(self.header)}"
                    " (a missing or extra separator or quote)"
                )
                continue
            name, sortable = self._name(record)
            if not name or sortable == TEST_STUDENT:
                skipped += 1
                continue
            login = _unwrap(record[login_at])
            wrong = []
            if not login:
                wrong.append(f"no {login_name} for {name}: students sign in with it")
            elif len(login) > MAX_LOGIN:
                wrong.append(f"the {login_name} is longer than {MAX_LOGIN} characters")
            elif " " in login:
                wrong.append(f"the {login_name} '{login}' has a space in it")
            if len(name) > MAX_NAME:
                wrong.append(f"the name is longer than {MAX_NAME} characters")
            email = self._cell(record, EMAIL_COLUMNS)
            if email and "@" not in email:
                wrong.append(f"'{email}' is not an email address")
            section = self.section if self.section is not None else self._section(record)
            if len(section) > MAX_SECTION:
                wrong.append(f"the section is longer than {MAX_SECTION} characters")
            key = login.lower()
            if login and key in seen:
                wrong.append(f"{login_name} '{login}' is already on line {seen[key]}")
            if wrong:
                problems.append(f"{where} {'; '.join(wrong)}")
                continue
            seen[key] = index
            rows.append(
                RosterRow(
                    line=index,
                    login=login,
                    name=name,
                    sortable_name=sortable,
                    sis_id=self._cell(record, SIS_COLUMNS),
                    lms_id=self._cell(record, LMS_ID_COLUMNS),
                    email=email,
                    section=section,
                )
            )
        if problems:
            raise RosterProblem(problems)
        if not rows:
            raise RosterProblem([f"{self.path}: lists no students"])
        return Roster(self.path, self.kind, rows, skipped)

    def _cell(self, record: list[str], names: tuple[str, ...]) -> str:
        at = self._find(names)
        return _unwrap(record[at]) if at is not None else ""

    def _name(self, record: list[str]) -> tuple[str, str]:
        """("Jane Doe", "Doe, Jane") from the row's name cells."""
        if len(self.name_columns) == 2:
            first, last = (_unwrap(record[i]) for i in self.name_columns)
            name = " ".join(part for part in (first, last) if part)
            sortable = f"{last}, {first}" if first and last else name
            return name, sortable
        cell = _unwrap(record[self.name_columns[0]])
        if "," in cell:  # Canvas writes the sortable name, "Last, First" ("Doe, John Jr.")
            last, first = (part.strip() for part in cell.split(",", 1))
            given, suffix = _suffix(first.replace(",", " ").split())
            return " ".join(part for part in (given, last, suffix) if part), cell
        return cell, cell

    def _section(self, record: list[str]) -> str:
        """The row's section; Canvas lists several as "A and B" or "A, B, and C": the first."""
        cell = self._cell(record, SECTION_COLUMNS)
        if not cell:
            return ""
        first = cell.split(", ")[0]
        return first.split(" and ")[0].strip() if " and " in first else first


def import_roster(session: Session, roster: Roster) -> RosterImport:
    """Add or update `roster`'s students in the class database (the caller's transaction)."""
    done = RosterImport()
    now = datetime.now(UTC).replace(tzinfo=None)
    sections = {s.name: s for s in session.scalars(select(Section))}
    students = list(session.scalars(select(Student)))
    by_login = {s.login.lower(): s for s in students}
    by_sis = {s.sis_id: s for s in students if s.sis_id}
    by_lms = {s.lms_id: s for s in students if s.lms_id}
    problems: list[str] = []
    touched: set[int] = set()
    for row in roster.rows:
        section = None
        if row.section:
            section = sections.get(row.section)
            if section is None:
                section = Section(name=row.section)
                session.add(section)
                session.flush()
                sections[row.section] = section
                done.sections_added.append(row.section)
            if row.section not in done.sections:
                done.sections.append(row.section)
        found = by_login.get(row.login.lower())
        other = by_sis.get(row.sis_id) if row.sis_id else None
        if found is not None and other is not None and other is not found:
            problems.append(
                f"{roster.path}:{row.line}: login '{row.login}' is {found.name}'s on the roster "
                f"but SIS id '{row.sis_id}' is {other.name}'s"
            )
            continue
        found = found or other or (by_lms.get(row.lms_id) if row.lms_id else None)
        values = {
            "login": row.login,
            "name": row.name,
            "sortable_name": row.sortable_name,
            "sis_id": row.sis_id or (found.sis_id if found else ""),
            "lms_id": row.lms_id or (found.lms_id if found else ""),
            "email": row.email or (found.email if found else ""),
            "section_id": section.id if section else (found.section_id if found else None),
            "active": True,
        }
        if found is None:
            student = Student(**values, added_at=now)
            session.add(student)
            session.flush()
            by_login[row.login.lower()] = student
            done.added += 1
            touched.add(student.id)
            continue
        if found.id in touched:
            problems.append(
                f"{roster.path}:{row.line}: {row.name} is the same student as an earlier row "
                f"(same SIS id or {'ID'} on the roster)"
            )
            continue
        touched.add(found.id)
        changed = {k: v for k, v in values.items() if getattr(found, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(found, key, value)
            done.updated += 1
        else:
            done.unchanged += 1
    if problems:
        raise RosterProblem(problems)
    done.not_in_file = sum(1 for s in students if s.id not in touched)
    return done


@dataclass(frozen=True)
class RosterLine:
    """One student as `ehr-sim class students` lists them."""

    name: str
    login: str
    section: str
    password_set: bool
    active: bool


def roster_lines(session: Session) -> list[RosterLine]:
    """The roster, by section then sortable name."""
    sections = {s.id: s.name for s in session.scalars(select(Section))}
    lines = [
        RosterLine(
            s.name,
            s.login,
            sections.get(s.section_id, "") if s.section_id else "",
            s.password_hash is not None,
            s.active,
        )
        for s in session.scalars(select(Student))
    ]
    return sorted(lines, key=lambda line: (line.section, line.name.lower(), line.login))


def find_student(session: Session, login: str) -> Student | None:
    """The roster student who signs in as `login` (not case-sensitive)."""
    wanted = login.strip().lower()
    if not wanted:
        return None
    return session.scalars(select(Student).where(func.lower(Student.login) == wanted)).first()


def reset_password(session: Session, login: str) -> Student | None:
    """Forget `login`'s password: their next sign-in chooses a new one (None: not on roster)."""
    student = find_student(session, login)
    if student is not None:
        student.password_hash = None
    return student


# Name suffixes Canvas keeps after the given name in a sortable name ("Doe, John Jr.").
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})


def _suffix(words: list[str]) -> tuple[str, str]:
    """The given name(s) and a trailing suffix, if any: ["John", "Jr."] -> ("John", "Jr.")."""
    if len(words) > 1 and words[-1].lower() in SUFFIXES:
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), ""
