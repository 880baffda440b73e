"""Results from home: a student exports a sealed attempt as a result file (a zip holding the
attempt file and a manifest); the instructor imports a folder of them into the class
database, where each is verified and graded like a lab attempt (docs/classroom.md)."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ehr_sim.app.classroom.gradebook import (
    AttemptFile,
    AttemptFileProblem,
    Packs,
    grade_one,
    read_attempt_file,
)
from ehr_sim.app.classroom.store import ClassDatabase
from ehr_sim.app.files import attempt_bytes
from ehr_sim.domain.integrity import seal_code
from ehr_sim.packs.loader import load_pack
from ehr_sim.records.classroom import Assignment, ClassAttempt, ClassPack, Student

SUFFIX = ".ehrsim-result"
ATTEMPT_MEMBER = "attempt.db"
MANIFEST_MEMBER = "manifest.json"
# The clinic as the attempt started (for "what they changed"), when it is beside the file.
START_MEMBER = "attempt.db.start"
FORMAT = 1
# A result file bigger than this is not one (attempt files are a few MB).
MAX_BYTES = 200 * 1024 * 1024


class ResultRefused(ValueError):
    """A result that cannot be exported or imported; the message is one plain sentence."""


def result_name(student: str, scenario_id: str, ended: datetime | None) -> str:
    """`NAME-SCENARIO-DATE.ehrsim-result`, safe as a file name everywhere."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", student).strip("-") or "student"
    day = f"{ended:%Y-%m-%d}" if ended else "undated"
    return f"{name}-{scenario_id}-{day}{SUFFIX}"


def export_result(attempt_file: Path, folder_or_file: Path, student: str = "") -> Path:
    """Write the result file of the sealed attempt in `attempt_file` (into a folder, named
    by `result_name`, or to the file given); ResultRefused when it cannot be exported."""
    try:
        data = attempt_bytes(attempt_file)  # with what its write-ahead log holds (the seal)
    except OSError as exc:
        raise ResultRefused(f"{attempt_file.name} cannot be read: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise ResultRefused(
            f"{attempt_file.name} cannot be exported: it is damaged ({exc})"
        ) from None
    try:
        found = read_attempt_file(data)
    except AttemptFileProblem as problem:
        raise ResultRefused(f"{attempt_file.name} cannot be exported: {problem}") from None
    if found.status == "running" or found.verdict.running:
        raise ResultRefused(
            "this attempt is still running: finish it (or let it end) before exporting its result"
        )
    if not found.verdict.intact or found.seal is None:
        raise ResultRefused(
            f"this attempt is not sealed as it ended, so it cannot be exported: "
            f"{found.verdict.message}"
        )
    name = student.strip() or found.trainee
    manifest = {
        "format": FORMAT,
        "student": name,
        "trainee": found.trainee,
        "scenario": found.scenario_id,
        "pack_id": found.pack_id,
        "pack_version": found.pack_version,
        "pack_hash": found.pack_hash,
        "mode": found.mode,
        "uid": found.uid,
        "seal": found.seal,
        "seal_code": found.seal_code,
        "ended_at": found.ended_at.isoformat() if found.ended_at else None,
        "exported_at": datetime.now(UTC).replace(tzinfo=None).isoformat(),
    }
    out = (
        folder_or_file / result_name(name, found.scenario_id, found.ended_at)
        if folder_or_file.is_dir()
        else folder_or_file
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
        archive.writestr(ATTEMPT_MEMBER, data)
        start = attempt_file.with_name(attempt_file.name + ".start")
        if start.is_file():
            archive.write(start, START_MEMBER)
    try:
        out.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise ResultRefused(f"{out} cannot be written: {exc.strerror or exc}") from None
    return out


@dataclass(frozen=True)
class Imported:
    """What importing one result file did, as one line."""

    file: str
    outcome: str  # "imported" | "already" | "refused"
    verified: bool
    message: str

    def line(self) -> str:
        return f"{self.file}: {self.message}"


def read_result(path: Path) -> tuple[dict[str, object], bytes]:
    """The manifest and attempt file inside a result file; ResultRefused saying why not."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            # Opening a pipe would wait for a writer forever.
            raise ResultRefused("it is not a plain file (a folder, a device or a pipe)")
        if found.st_size > MAX_BYTES:
            raise ResultRefused("it is too big to be a result file")
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if ATTEMPT_MEMBER not in names or MANIFEST_MEMBER not in names:
                raise ResultRefused(
                    "it is a zip but not a result file (no attempt.db and manifest.json inside)"
                )
            # Sizes as the zip declares them (a member is never read past its own): a small
            # zip that unpacks to gigabytes is refused before anything is unpacked.
            if sum(info.file_size for info in archive.infolist()) > MAX_BYTES:
                raise ResultRefused("it unpacks to more than a result file can hold")
            manifest = json.loads(archive.read(MANIFEST_MEMBER))
            data = archive.read(ATTEMPT_MEMBER)
    except zipfile.BadZipFile:
        raise ResultRefused("it is damaged: not a readable zip file") from None
    except (zipfile.LargeZipFile, EOFError, ValueError, KeyError) as exc:
        if isinstance(exc, ResultRefused):
            raise
        raise ResultRefused(f"it is damaged: {exc}") from None
    except OSError as exc:
        raise ResultRefused(f"it cannot be read: {exc.strerror or exc}") from None
    if not isinstance(manifest, dict):
        raise ResultRefused("its manifest is not a result manifest")
    return manifest, data


def read_start(path: Path) -> bytes | None:
    """The start snapshot inside a result file (None when it has none or it is unreadable:
    the review then says it cannot list the changes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if START_MEMBER not in archive.namelist():
                return None
            if archive.getinfo(START_MEMBER).file_size > MAX_BYTES:
                return None
            return archive.read(START_MEMBER)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return None


def _student(session: Session, name: str, trainee: str) -> Student | None:
    """The roster student the result belongs to: by name, else by login."""
    for given in (name, trainee):
        wanted = given.strip().casefold()
        if not wanted:
            continue
        found = session.scalars(
            select(Student).where(
                (func.lower(Student.name) == wanted) | (func.lower(Student.login) == wanted)
            )
        ).first()
        if found is not None:
            return found
    return None


def _assignment(session: Session, found: AttemptFile) -> Assignment | None:
    """The assignment the attempt was played for: the file's, else the newest that sets its
    scenario from the same pack (by pack id) — an assessed one only for an assessed play."""
    if found.assignment_id is not None:
        given = session.get(Assignment, found.assignment_id)
        if given is not None:
            return given
    newest: Assignment | None = None
    for assignment in session.scalars(select(Assignment).order_by(Assignment.id)):
        pack = session.scalars(
            select(ClassPack).where(ClassPack.content_hash == assignment.pack_hash)
        ).first()
        if pack is None or pack.pack_id != found.pack_id:
            continue
        if assignment.mode == "assessed" and found.mode != "assessed":
            continue  # a practice play never counts for an assessed assignment
        if found.scenario_id in json.loads(assignment.scenarios):
            newest = assignment
    return newest


def keep_pack(session: Session, path: Path) -> str:
    """Store the pack at `path` (folder or .zip) as an instructor's copy, unless a copy of
    the same content is there; its content hash. ResultRefused when it does not load."""
    loaded = load_pack(path)
    if not loaded.ok or loaded.pack is None:
        first = loaded.problems[0] if loaded.problems else "it does not load"
        raise ResultRefused(f"the pack {path} does not load: {first}")
    pack = loaded.pack
    stored = session.scalars(
        select(ClassPack).where(ClassPack.content_hash == pack.content_hash)
    ).first()
    if stored is None:
        archive = path.read_bytes() if path.is_file() else _zip_folder(path)
        session.add(
            ClassPack(
                pack_id=pack.manifest.id,
                version=pack.manifest.version,
                content_hash=pack.content_hash,
                archive=archive,
                # Kept for grading imports only: no lab machine plays it before it is assigned.
                student_archive=b"",
                loaded_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
        session.flush()
    return pack.content_hash


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def import_result(
    session: Session, path: Path, packs: Packs, fallback: str | None = None
) -> Imported:
    """Import one result file: stored once (by the attempt's uid), verified and graded."""
    name = path.name
    try:
        manifest, data = read_result(path)
        found = read_attempt_file(data)
    except (ResultRefused, AttemptFileProblem) as problem:
        return Imported(name, "refused", False, f"refused: {problem}")
    student_name = str(manifest.get("student") or found.trainee)
    played_by = _student(session, found.trainee, "")
    if played_by is not None and played_by.id != getattr(
        _student(session, student_name, ""), "id", None
    ):
        # The trainee is chained in the attempt; the manifest is a plain edit away.
        return Imported(
            name,
            "refused",
            False,
            f"refused: it was played by {played_by.name} but is handed in as {student_name}",
        )
    if session.get_bind().dialect.name == "postgresql":
        # Two imports of the same folder at once: the second waits, then finds it imported.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:uid))"), {"uid": found.uid})
    before = session.scalars(select(ClassAttempt).where(ClassAttempt.uid == found.uid)).first()
    if before is not None:
        handed_in_by = _student(session, student_name, found.trainee)
        same = (
            before.student_id == handed_in_by.id
            if before.student_id is not None and handed_in_by is not None
            else before.student_name.casefold() == student_name.casefold()
        )
        if not same:
            return Imported(
                name,
                "refused",
                False,
                f"refused: it is a copy of {before.student_name}'s attempt, already imported",
            )
        if not found.verdict.intact:
            return Imported(
                name,
                "refused",
                False,
                f"refused: this attempt was imported before, and this copy fails "
                f"verification ({found.verdict.message}): the one imported first is kept",
            )
        if before.seal is not None and found.seal != before.seal:
            # The same attempt, changed since it was imported: the stored one stays.
            return Imported(
                name,
                "refused",
                False,
                "refused: this attempt was imported before and this copy differs from it "
                f"(seal {seal_code(found.seal) if found.seal else 'missing'}, imported "
                f"{seal_code(before.seal)}): the one imported first is kept",
            )
        return Imported(name, "already", True, "already imported")
    if found.status == "running":
        return Imported(name, "refused", False, "refused: the attempt in it is still running")
    student = _student(session, student_name, found.trainee)
    assignment = _assignment(session, found)
    row = ClassAttempt(
        uid=found.uid,
        student_id=student.id if student else None,
        student_name=student.name if student else student_name,
        assignment_id=assignment.id if assignment else None,
        scenario_id=found.scenario_id,
        pack_hash=found.pack_hash,
        mode=found.mode,
        variant=found.variant,
        source="import",
        started_at=found.class_times[0],
        ended_at=found.class_times[1],
        status=found.status,
        seal=found.seal,
        file=data,
        start_file=read_start(path),
    )
    session.add(row)
    session.flush()
    graded = grade_one(session, row, packs, fallback)
    who = row.student_name + ("" if student else " (not on the roster)")
    score = "not graded" if graded.score is None else f"{graded.score}/100"
    if not graded.verified:
        first = graded.problem
        return Imported(name, "imported", False, f"NOT VERIFIED: {first} ({who}, {score})")
    note = f"; {graded.problem}" if graded.problem else ""
    return Imported(name, "imported", True, f"imported: {who}, {found.scenario_id}, {score}{note}")


def import_folder(
    class_db: ClassDatabase, folder: Path, pack: Path | None = None
) -> list[Imported]:
    """Import every result file in `folder` (each in its own transaction)."""
    fallback = None
    if pack is not None:
        with class_db.session() as session:
            fallback = keep_pack(session, pack)
    done: list[Imported] = []
    packs = Packs()
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        with class_db.session() as session:
            done.append(import_result(session, path, packs, fallback))
    return done


def summary(done: list[Imported]) -> str:
    counts = {
        "imported": sum(1 for d in done if d.outcome == "imported" and d.verified),
        "not verified": sum(1 for d in done if d.outcome == "imported" and not d.verified),
        "already imported": sum(1 for d in done if d.outcome == "already"),
        "refused": sum(1 for d in done if d.outcome == "refused"),
    }
    return f"{len(done)} result files: " + ", ".join(f"{n} {what}" for what, n in counts.items())
