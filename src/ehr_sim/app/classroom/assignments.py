"""Packs on the class server and the assignments given from them (issue 12).

An instructor loads a pack (checked first, as `ehr-sim packs validate` does): the server keeps
`archive`, a zip of the pack's files, and `student_archive`, the same without each scenario's
`rubric` and `plays` — what a lab machine may read before an attempt ends. An assignment
names a pack by its content hash, so updating it after a rubric fix points it at the new
hash while the old copy stays stored (attempts played with it keep their hash).

On a lab machine, `assignments_for` lists what one student may play, with the attempts
they used; `student_pack` unpacks a student archive into a folder and loads it for play.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from pydantic import Field
from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.engine.variants import GUARD_KEY, variant_guard
from ehr_sim.packs.loader import (
    MANIFEST,
    LoadedPack,
    LoadedScenario,
    PackFiles,
    load_pack,
    read_pack_files,
)
from ehr_sim.packs.schema import Criterion, Manifest, Play, Scenario
from ehr_sim.packs.yamlpos import load_located
from ehr_sim.records import AttemptRecord
from ehr_sim.records.classroom import Assignment, ClassAttempt, ClassPack, Section, Student

MODES = ("practice", "assessed")
# Top-level keys of a scenario file that the student copy leaves out: what is graded and
# the instructor's recorded answers. Critical errors stay: the engine stops an attempt at one.
HIDDEN_KEYS = ("rubric", "plays")


class AssignProblem(ValueError):
    """An assignment or pack that cannot be made or played; one plain line says why."""


class PackRefused(AssignProblem):
    """A pack that does not load cleanly; `lines` are its problems as file:line: CODE."""

    def __init__(self, source: str, lines: list[str]) -> None:
        self.lines = lines
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        super().__init__(f"{source}: the pack has problems, fix them first: {lines[0]}{more}")


# -- packs --------------------------------------------------------------------------------
def zip_files(files: dict[str, bytes]) -> bytes:
    """A zip of `files` (name → bytes), in name order with fixed times: the same files give
    the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, files[name])
    return out.getvalue()


def unzip_files(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


_TOP_KEY = re.compile(r"""^(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\s*:""")


def without_hidden(raw: bytes) -> bytes:
    """A scenario file without its top-level `rubric` and `plays` blocks, every other line
    kept byte for byte. A top-level block runs from its key to the next line that starts at
    the first column (packs refuse anchors and tags, so nothing else can reach into it)."""
    kept: list[str] = []
    hiding = False
    for line in raw.decode("utf-8").splitlines(keepends=True):
        at_top = line[:1] not in (" ", "\t", "\n", "\r", "#", "")
        if at_top:
            found = _TOP_KEY.match(line)
            hiding = found is not None and found.group(2) in HIDDEN_KEYS
        if not hiding:
            kept.append(line)
    result = "".join(kept)
    data = load_located(result).data
    original = load_located(raw.decode("utf-8")).data
    expected = {k: v for k, v in original.items() if k not in HIDDEN_KEYS}
    if data != expected:  # never hand out a copy that says something else than the pack
        raise AssignProblem("the student copy of a scenario could not be made without its rubric")
    return result.encode("utf-8")


def with_guard(stripped: bytes, guard: dict[str, Any]) -> bytes:
    """A student copy with what its variants must leave as written (engine/variants.py),
    worked out from the rubric it no longer holds: one more top-level line, in JSON."""
    text = stripped.decode("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    return f"{text}{GUARD_KEY}: {json.dumps(guard)}\n".encode()


@dataclass(frozen=True)
class PackArchives:
    pack: LoadedPack
    archive: bytes
    student_archive: bytes


def pack_archives(path: Path) -> PackArchives:
    """Check the pack at `path` (folder or .zip) and make its two archives; PackRefused
    with every problem when it does not load cleanly."""
    result = load_pack(path)
    if not result.ok or result.pack is None:
        raise PackRefused(path.name, [str(p) for p in result.problems] or ["unknown problem"])
    read = read_pack_files(path)
    assert isinstance(read, PackFiles)  # it loaded a moment ago
    pack = result.pack
    guards = {loaded.file: variant_guard(loaded.scenario) for loaded in pack.scenarios}
    student = {
        name: with_guard(without_hidden(data), guards[name]) if name in guards else data
        for name, data in read.files.items()
    }
    return PackArchives(pack, zip_files(read.files), zip_files(student))


@dataclass(frozen=True)
class LoadedClassPack:
    pack_id: str
    version: str
    content_hash: str
    scenarios: list[str]  # scenario ids, in the manifest's order
    new: bool  # False: the same pack (same content hash) was already on the server


def load_class_pack(session: Session, path: Path, now: datetime) -> LoadedClassPack:
    """Put the pack at `path` on the class server (once per content hash)."""
    made = pack_archives(path)
    pack = made.pack
    ids = [s.scenario.id for s in pack.scenarios]
    found = session.scalar(select(ClassPack).where(ClassPack.content_hash == pack.content_hash))
    if found is None:
        session.add(
            ClassPack(
                pack_id=pack.manifest.id,
                version=pack.manifest.version,
                content_hash=pack.content_hash,
                archive=made.archive,
                student_archive=made.student_archive,
                loaded_at=now,
            )
        )
        session.flush()
    return LoadedClassPack(
        pack.manifest.id, pack.manifest.version, pack.content_hash, ids, found is None
    )


# -- assignments --------------------------------------------------------------------------
@dataclass(frozen=True)
class AssignmentRequest:
    title: str
    scenarios: list[str] | None = None  # None: every scenario of the pack
    mode: str = "practice"
    due_at: datetime | None = None
    attempts_allowed: int | None = None
    section: str | None = None
    points: int = 100
    variants: bool = True


def utc_now() -> datetime:
    """Now on the computer's clock in UTC, without a time zone: how the class database keeps
    every time (due dates, attempt starts and ends)."""
    return datetime.now(UTC).replace(tzinfo=None)


def utc_from_local(moment: datetime) -> datetime:
    """A time typed in this computer's local time (no zone) as the class database keeps it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_time(moment: datetime) -> datetime:
    """A time the class database keeps (UTC, no zone) in this computer's local time, to show."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def create_assignment(
    session: Session, path: Path, request: AssignmentRequest, now: datetime
) -> tuple[Assignment, LoadedClassPack]:
    """Load the pack (if new) and assign its scenarios; AssignProblem for bad choices."""
    title = " ".join(request.title.split())
    if not title:
        raise AssignProblem("give the assignment a title (--title)")
    if request.mode not in MODES:
        raise AssignProblem(f"mode '{request.mode}' is neither practice nor assessed")
    if request.due_at is not None and request.due_at <= now:
        raise AssignProblem(
            f"the due time {local_time(request.due_at):%Y-%m-%d %H:%M} is already past "
            f"(it is now {local_time(now):%Y-%m-%d %H:%M})"
        )
    if request.attempts_allowed is not None and request.attempts_allowed < 1:
        raise AssignProblem("attempts allowed must be 1 or more (leave it out for no limit)")
    if request.points < 0:
        raise AssignProblem("points cannot be negative")
    section_id: int | None = None
    if request.section is not None:
        section = session.scalar(select(Section).where(Section.name == request.section))
        if section is None:
            known = ", ".join(session.scalars(select(Section.name).order_by(Section.name)))
            raise AssignProblem(
                f"there is no section '{request.section}' on the class server "
                + (f"(sections: {known})" if known else "(import a roster with sections first)")
            )
        section_id = section.id
    loaded = load_class_pack(session, path, now)
    scenarios = request.scenarios or loaded.scenarios
    unknown = [s for s in scenarios if s not in loaded.scenarios]
    if unknown:
        raise AssignProblem(
            f"the pack {loaded.pack_id} has no scenario '{unknown[0]}' "
            f"(its scenarios: {', '.join(loaded.scenarios)})"
        )
    assignment = Assignment(
        title=title,
        pack_hash=loaded.content_hash,
        scenarios=json.dumps(list(dict.fromkeys(scenarios))),
        mode=request.mode,
        due_at=request.due_at,
        attempts_allowed=request.attempts_allowed,
        points=request.points,
        section_id=section_id,
        variants=request.variants,
        created_at=now,
    )
    session.add(assignment)
    session.flush()
    return assignment, loaded


def update_assignment_pack(
    session: Session, assignment_id: int, path: Path, now: datetime
) -> tuple[Assignment, str, LoadedClassPack]:
    """Point an assignment at a corrected copy of its pack; the old copy stays stored.
    Returns the assignment, the old hash and the new pack."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise AssignProblem(f"there is no assignment {assignment_id} on the class server")
    old = session.scalar(select(ClassPack).where(ClassPack.content_hash == assignment.pack_hash))
    loaded = load_class_pack(session, path, now)
    if old is not None and old.pack_id != loaded.pack_id:
        raise AssignProblem(
            f"assignment {assignment_id} plays pack {old.pack_id}, not {loaded.pack_id}"
        )
    missing = [s for s in json.loads(assignment.scenarios) if s not in loaded.scenarios]
    if missing:
        raise AssignProblem(
            f"the new copy of {loaded.pack_id} has no scenario '{missing[0]}', which "
            f"assignment {assignment_id} gives"
        )
    before = assignment.pack_hash
    assignment.pack_hash = loaded.content_hash
    return assignment, before, loaded


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    title: str
    pack_id: str
    version: str
    pack_hash: str
    scenarios: list[str]
    mode: str
    due_at: datetime | None
    attempts_allowed: int | None
    points: int
    section: str | None
    variants: bool

    def line(self) -> str:
        """One line of `ehr-sim class assignments`."""
        due = f"due {local_time(self.due_at):%Y-%m-%d %H:%M}" if self.due_at else "no due date"
        tries = (
            "unlimited attempts"
            if self.attempts_allowed is None
            else f"{self.attempts_allowed} attempt{'s' if self.attempts_allowed != 1 else ''}"
        )
        who = f"section {self.section}" if self.section else "whole class"
        variants = "per-student variants" if self.variants else "no variants"
        return (
            f"assignment {self.id}: {self.title} — {self.mode}, {', '.join(self.scenarios)} "
            f"({self.pack_id} {self.version}, pack {self.pack_hash[:12]}), {due}, {tries}, "
            f"{self.points} points, {who}, {variants}"
        )


def list_assignments(session: Session) -> list[AssignmentInfo]:
    rows = session.execute(
        select(Assignment, ClassPack.pack_id, ClassPack.version, Section.name)
        .join(ClassPack, ClassPack.content_hash == Assignment.pack_hash)
        .outerjoin(Section, Section.id == Assignment.section_id)
        .order_by(Assignment.id)
    ).all()
    return [
        AssignmentInfo(
            a.id,
            a.title,
            pack_id,
            version,
            a.pack_hash,
            json.loads(a.scenarios),
            a.mode,
            a.due_at,
            a.attempts_allowed,
            a.points,
            section,
            a.variants,
        )
        for a, pack_id, version, section in rows
    ]


# -- on a lab machine ---------------------------------------------------------------------
@dataclass(frozen=True)
class StudentRef:
    """Who plays on this seat: a roster login when signed in (people's sign-in), else the
    trainee's name. `id` is class_students.id once known."""

    login: str
    id: int | None = None

    @property
    def key(self) -> str:
        """What the variant seed is made from: the roster id when known, else the login."""
        return f"student:{self.id}" if self.id is not None else f"name:{self.login}"


def find_student(session: Session, login: str) -> StudentRef:
    """The roster entry signed in as `login` (or named so), or a ref without id."""
    found = session.scalar(
        select(Student).where(or_(Student.login == login, Student.name == login))
    )
    return StudentRef(login, found.id if found is not None else None)


def variant_seed(assignment_id: int, student: StudentRef) -> int:
    """The student's variant of an assignment: the same for the same student and assignment
    on every machine, different (as a rule) from their neighbours'."""
    digest = hashlib.sha256(f"ehr-sim variant {assignment_id} {student.key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class StudentAssignment:
    """One scenario of an assignment as one student sees it on a lab machine (attempts
    allowed count per scenario)."""

    id: int
    title: str
    pack_hash: str
    scenario_id: str
    scenario_title: str
    mode: str
    due_at: datetime | None
    late: bool
    attempts_used: int
    attempts_allowed: int | None
    variants: bool
    variant: int | None  # the student's seed when the assignment has variants

    @property
    def attempts_left(self) -> int | None:
        if self.attempts_allowed is None:
            return None
        return max(0, self.attempts_allowed - self.attempts_used)

    def attempts_words(self) -> str:
        if self.attempts_allowed is None:
            return f"{self.attempts_used} used (no limit)"
        return f"{self.attempts_used} of {self.attempts_allowed} used"

    def due_words(self) -> str:
        if self.due_at is None:
            return "no due date"
        shown = local_time(self.due_at)
        return f"{shown:%a %b %d %Y, %H:%M}" + (" — late" if self.late else "")


def attempts_used(
    session: Session, assignment_id: int, scenario_id: str, student: StudentRef
) -> int:
    """The attempts `student` started at one scenario of an assignment (on the server)."""
    mine = (
        ClassAttempt.student_id == student.id
        if student.id is not None
        else ClassAttempt.student_name == student.login
    )
    return int(
        session.scalar(
            select(func.count())
            .select_from(ClassAttempt)
            .where(
                ClassAttempt.assignment_id == assignment_id,
                ClassAttempt.scenario_id == scenario_id,
                mine,
            )
        )
        or 0
    )


def assignments_for(
    session: Session, student: StudentRef, now: datetime
) -> list[StudentAssignment]:
    """The assignments `student` may play: the whole class's and their section's."""
    section_id = None
    if student.id is not None:
        person = session.get(Student, student.id)
        section_id = person.section_id if person is not None else None
    rows = session.scalars(
        select(Assignment)
        .where(or_(Assignment.section_id.is_(None), Assignment.section_id == section_id))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    ).all()
    titles: dict[str, dict[str, str]] = {}
    found: list[StudentAssignment] = []
    for a in rows:
        if a.pack_hash not in titles:
            archive = student_archive(session, a.pack_hash)
            titles[a.pack_hash] = {k: v.title for k, v in student_scenarios(archive).items()}
        for scenario_id in json.loads(a.scenarios):
            found.append(
                StudentAssignment(
                    a.id,
                    a.title,
                    a.pack_hash,
                    scenario_id,
                    titles[a.pack_hash].get(scenario_id, scenario_id),
                    a.mode,
                    a.due_at,
                    a.due_at is not None and now > a.due_at,
                    attempts_used(session, a.id, scenario_id, student),
                    a.attempts_allowed,
                    a.variants,
                    variant_seed(a.id, student) if a.variants else None,
                )
            )
    return found


def check_attempts_left(assignment: StudentAssignment) -> None:
    """AssignProblem when the student used every attempt the assignment allows."""
    if assignment.attempts_left == 0:
        raise AssignProblem(
            f"no attempts left at “{assignment.scenario_title}” of “{assignment.title}”: "
            f"you used all "
            f"{assignment.attempts_allowed} (ask your instructor if you need another)"
        )


def student_archive(session: Session, pack_hash: str) -> bytes:
    """The student copy of a pack on the class server (what the lab account may read)."""
    found = session.scalar(
        select(ClassPack.student_archive).where(ClassPack.content_hash == pack_hash)
    )
    if found is None:
        raise AssignProblem(f"the class server has no pack {pack_hash[:12]} any more")
    return bytes(found)


class StudentScenario(Scenario):
    """A scenario from a student archive: played like any other, graded only once the
    attempt has ended, with the instructor's copy (the rubric is not in this one)."""

    rubric: list[Criterion] = Field(default_factory=list)
    plays: list[Play] = Field(default_factory=list)
    # What a variant must leave as written (the literals the rubric checks), see with_guard.
    variant_guard: dict[str, Any] | None = None


def student_scenarios(archive: bytes) -> dict[str, Scenario]:
    """The scenarios of a student archive by id, in the manifest's order."""
    files = unzip_files(archive)
    manifest = Manifest.model_validate(load_located(files[MANIFEST].decode("utf-8")).data)
    found: dict[str, Scenario] = {}
    for name in manifest.scenarios:
        scenario = StudentScenario.model_validate(load_located(files[name].decode("utf-8")).data)
        found[scenario.id] = scenario
    return found


def student_pack(archive: bytes, folder: Path, pack_hash: str) -> LoadedPack:
    """Unpack a student archive into `folder` (private, made by the caller) and load it.
    Its content hash is the instructor's pack's, so the attempt records the pack it is
    graded with."""
    files = unzip_files(archive)
    for name, data in files.items():
        if "/" in name or name.startswith("."):
            raise AssignProblem(f"the student copy of the pack holds a strange file: {name}")
        (folder / name).write_bytes(data)
    manifest = Manifest.model_validate(load_located(files[MANIFEST].decode("utf-8")).data)
    scenarios: list[LoadedScenario] = []
    for name in manifest.scenarios:
        located = load_located(files[name].decode("utf-8"))
        scenario = StudentScenario.model_validate(located.data)
        scenarios.append(LoadedScenario(name, scenario, located))
    return LoadedPack(str(folder), manifest, scenarios, pack_hash)


def whole_scenario(archive: bytes, scenario_id: str) -> Scenario:
    """A scenario of the instructor's whole pack (rubric included), from its archive."""
    files = unzip_files(archive)
    manifest = Manifest.model_validate(load_located(files[MANIFEST].decode("utf-8")).data)
    for name in manifest.scenarios:
        scenario = Scenario.model_validate(load_located(files[name].decode("utf-8")).data)
        if scenario.id == scenario_id:
            return scenario
    raise AssignProblem(f"the pack has no scenario '{scenario_id}' any more")


# -- what the lab machine's window uses (one call each, its own session) ------------------
@dataclass(frozen=True)
class Prepared:
    """An assignment's scenario ready to play from its private folder."""

    pack: LoadedPack
    scenario: Scenario
    assignment: StudentAssignment
    uid: str | None = None  # the attempt already held on the server (limited attempts)


def lab_assignments(url: str, login: str, now: datetime) -> list[StudentAssignment]:
    """What the student signed in (or named) `login` may play, from the class server."""
    from ehr_sim.app.classroom.store import open_class

    database = open_class(url)
    try:
        with database.session() as session:
            return assignments_for(session, find_student(session, login), now)
    finally:
        database.close()


def prepare_assignment(
    url: str, login: str, chosen: StudentAssignment, folder: Path, now: datetime
) -> Prepared:
    """Check on the server that `login` has an attempt left at `chosen`, then fetch its
    student copy into `folder`. AssignProblem says why not."""
    from ehr_sim.app.classroom.store import open_class

    database = open_class(url)
    uid: str | None = None
    try:
        with database.session() as session:
            student = find_student(session, login)
            if session.get_bind().dialect.name == "postgresql":
                # Two seats signed in as one student, starting the last attempt at once:
                # the second counts after the first has taken it.
                key = f"ehr-sim attempts {chosen.id} {chosen.scenario_id} {student.key}"
                session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            current = [
                a
                for a in assignments_for(session, student, now)
                if (a.id, a.scenario_id) == (chosen.id, chosen.scenario_id)
            ]
            if not current:
                raise AssignProblem(f"“{chosen.title}” is no longer assigned to you")
            check_attempts_left(current[0])
            if current[0].attempts_allowed is not None:
                uid = str(uuid4())
                session.add(_held_attempt(session, uid, current[0], student, now))
            archive = student_archive(session, current[0].pack_hash)
    finally:
        database.close()
    pack = student_pack(archive, folder, current[0].pack_hash)
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id == chosen.scenario_id)
    return Prepared(pack, scenario, current[0], uid)


def _held_attempt(
    session: Session, uid: str, chosen: StudentAssignment, student: StudentRef, now: datetime
) -> ClassAttempt:
    """The attempt registered as it is fetched, so it counts at once (the seat's own
    registration, sent when it starts, then finds it there)."""
    person = session.get(Student, student.id) if student.id is not None else None
    return ClassAttempt(
        uid=uid,
        student_id=student.id,
        student_name=person.name if person is not None else student.login,
        assignment_id=chosen.id,
        scenario_id=chosen.scenario_id,
        pack_hash=chosen.pack_hash,
        mode=chosen.mode,
        variant=chosen.variant,
        seat="",
        source="lab",
        started_at=now,
        status="running",
        problem="",
    )


def attempt_uid(run: ScenarioRun) -> str | None:
    """The attempt's id on the class server (set when it is registered there), if any."""
    with run.db.reading() as session:
        found = session.get(AttemptRecord, run.attempt_id)
        return found.uid if found is not None else None


def attempt_seal(run: ScenarioRun) -> str:
    """The attempt's seal (its last chain link's hash, once it has ended), "" before."""
    from ehr_sim.records.integrity import SEAL, ChainLink

    with run.db.reading() as session:
        last = session.scalar(select(ChainLink).order_by(ChainLink.id.desc()).limit(1))
        return last.hash if last is not None and last.kind == SEAL else ""


def ended_scenario(url: str, attempt_uid: str, seal: str, scenario_id: str) -> Scenario:
    """The whole scenario (rubric included) of an attempt that has ended, through the
    server's ehr_sim_ended_pack: what the debrief grades with on a lab machine."""
    from ehr_sim.app.classroom.lab_role import ended_pack
    from ehr_sim.app.classroom.store import open_class

    database = open_class(url)
    try:
        return whole_scenario(ended_pack(database, attempt_uid, seal), scenario_id)
    finally:
        database.close()
