"""Load a pack from a folder or a .zip: safely, and with every problem as file:line: CODE.

Loading reads only the pack's own files (names from the manifest, no paths), never follows
links, refuses archives with traversal paths, links or too much data, and evaluates
nothing: YAML becomes plain data, then pydantic models, then the semantic checks.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ehr_sim import __version__
from ehr_sim.packs.formats import CURRENT_FORMAT, explain_old_field
from ehr_sim.packs.schema import Manifest, Scenario
from ehr_sim.packs.yamlpos import Located, YamlProblem, load_located

MANIFEST = "pack.yaml"
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PACK_BYTES = 20 * 1024 * 1024
MAX_FILES = 200
MAX_RATIO = 100  # a zip member may not inflate more than this (zip bombs)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, as an author fixes it: where, a stable code, what."""

    file: str
    line: int
    code: str
    message: str
    column: int = 0  # 1-based where known (YAML syntax errors), else 0

    def __post_init__(self) -> None:
        # Messages quote the author's text, which may hold line breaks or control characters
        # ('"a\nb"' in YAML): a report stays one plain line per problem.
        plain = "".join(c if c.isprintable() else " " for c in self.message)
        object.__setattr__(self, "message", " ".join(plain.split()))

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return f"{self.file}:{where}: {self.code} {self.message}"


@dataclass
class LoadedScenario:
    file: str
    scenario: Scenario
    located: Located


@dataclass
class LoadedPack:
    source: str
    manifest: Manifest
    scenarios: list[LoadedScenario]
    content_hash: str


@dataclass
class LoadResult:
    pack: LoadedPack | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems


class PackFiles:
    """The pack's files as bytes, read once from a folder or an archive."""

    def __init__(self, source: str, files: dict[str, bytes]) -> None:
        self.source = source
        self.files = files


def read_pack_files(path: Path) -> PackFiles | Problem:
    """Every file of the pack, or the one problem that stops reading it."""
    label = path.name
    if path.is_symlink():
        return Problem(label, 1, "ARC002", "the pack is a link; give the folder or archive itself")
    if path.is_dir():
        try:
            return _read_folder(path)
        except OSError as exc:
            where = Path(exc.filename).name if exc.filename else label
            return Problem(where, 1, "ARC004", f"cannot be read ({exc.strerror or exc})")
    if path.is_file() and path.suffix.lower() == ".zip":
        return _read_zip(path)
    if not path.exists():
        return Problem(label, 1, "ARC004", "there is no such folder or .zip file")
    return Problem(label, 1, "ARC004", "a pack is a folder or a .zip archive of one")


def _read_folder(folder: Path) -> PackFiles | Problem:
    files: dict[str, bytes] = {}
    total = 0
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            return Problem(entry.name, 1, "ARC002", "links are not allowed in a pack")
        if not entry.is_file() or entry.suffix.lower() not in (".yaml", ".yml", ".md", ".txt"):
            continue
        size = entry.stat().st_size
        total += size
        if size > MAX_FILE_BYTES or total > MAX_PACK_BYTES or len(files) >= MAX_FILES:
            return Problem(entry.name, 1, "ARC003", "the pack is too large")
        files[entry.name] = entry.read_bytes()
    return PackFiles(str(folder), files)


def _read_zip(archive: Path) -> PackFiles | Problem:
    label = archive.name
    if archive.stat().st_size > MAX_PACK_BYTES:
        return Problem(label, 1, "ARC003", f"the archive is over {MAX_PACK_BYTES // 2**20} MiB")
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if len(members) > MAX_FILES:
                return Problem(label, 1, "ARC003", f"the archive holds over {MAX_FILES} files")
            prefix = _single_top_folder(members)
            files: dict[str, bytes] = {}
            total = 0
            for member in members:
                name = member.filename
                problem = _member_problem(member)
                if problem:
                    return Problem(label, 1, problem[0], f"{name}: {problem[1]}")
                if member.is_dir():
                    continue
                relative = name[len(prefix) :] if prefix else name
                if "/" in relative:
                    continue  # only the pack folder's own files are read
                if member.file_size > MAX_FILE_BYTES or total + member.file_size > MAX_PACK_BYTES:
                    return Problem(label, 1, "ARC003", f"{name}: too large once unpacked")
                if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
                    return Problem(
                        label,
                        1,
                        "ARC003",
                        f"{name}: its header says it unpacks over {MAX_RATIO} times larger "
                        "than it is stored, which no pack file does (a damaged or hostile zip)",
                    )
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    return Problem(
                        label,
                        1,
                        "ARC004",
                        f"{name}: compressed in a way packs do not use "
                        "(zip it again with ordinary deflate compression)",
                    )
                data = _read_member(zipped, member, min(MAX_FILE_BYTES, MAX_PACK_BYTES - total))
                if data is None:
                    return Problem(label, 1, "ARC003", f"{name}: too large once unpacked")
                total += len(data)
                files[relative] = data
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        return Problem(label, 1, "ARC004", f"not a readable .zip archive ({exc})")
    return PackFiles(str(archive), files)


def _read_member(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or None once more than `limit` real bytes come out.

    Sizes in an archive's headers are only claims: read in chunks and count what the
    decompressor really gives, so a lying header cannot make one read inflate gigabytes."""
    chunks: list[bytes] = []
    size = 0
    with zipped.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


_CHUNK = 64 * 1024


def _member_problem(member: zipfile.ZipInfo) -> tuple[str, str] | None:
    name = member.filename
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or ":" in name or name.startswith("/"):
        return "ARC001", "paths that leave the pack are not allowed"
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "ARC002", "links are not allowed in a pack"
    if member.flag_bits & 0x1:
        return "ARC004", "encrypted archives are not supported"
    return None


def _single_top_folder(members: list[zipfile.ZipInfo]) -> str:
    """'core/' when every member sits in one top folder (how zipping a folder looks)."""
    tops = {m.filename.split("/", 1)[0] for m in members}
    if len(tops) == 1 and all("/" in m.filename for m in members):
        return f"{tops.pop()}/"
    return ""


def load_pack(path: Path) -> LoadResult:
    """Read, parse and check a pack; problems are sorted by file and line."""
    from ehr_sim.packs.validate import check_scenario

    read = read_pack_files(path)
    if isinstance(read, Problem):
        return LoadResult(None, [read])
    problems: list[Problem] = []
    if MANIFEST not in read.files:
        return LoadResult(None, [Problem(MANIFEST, 1, "MAN001", "the pack has no pack.yaml")])
    manifest_box: list[Located] = []
    manifest = _parse(MANIFEST, read.files[MANIFEST], Manifest, problems, manifest_box)
    if manifest is None:
        return LoadResult(None, sorted(problems))
    if _version(manifest.min_app_version) > _version(__version__):
        line = manifest_box[0].line_of(("min_app_version",))
        return LoadResult(
            None,
            [
                Problem(
                    MANIFEST,
                    line,
                    "MAN003",
                    f"this pack needs EHR Sim {manifest.min_app_version} or newer (this is {__version__})",
                )
            ],
        )
    if manifest.format > CURRENT_FORMAT:
        line = manifest_box[0].line_of(("format",))
        return LoadResult(
            None,
            [
                Problem(
                    MANIFEST,
                    line,
                    "FMT002",
                    f"this pack is written in pack format {manifest.format}; EHR Sim "
                    f"{__version__} reads formats up to {CURRENT_FORMAT}: update EHR Sim",
                )
            ],
        )
    scenarios: list[LoadedScenario] = []
    seen_ids: dict[str, str] = {}
    for index, name in enumerate(manifest.scenarios):
        if name not in read.files:
            line = manifest_box[0].line_of(("scenarios", index))
            problems.append(
                Problem(MANIFEST, line, "MAN002", f"{name} is listed but not in the pack")
            )
            continue
        located_box: list[Located] = []
        scenario = _parse(name, read.files[name], Scenario, problems, located_box)
        if scenario is None:
            continue
        located = located_box[0]
        if scenario.id in seen_ids:
            problems.append(
                Problem(
                    name,
                    located.line_of(("id",)),
                    "REF002",
                    f"scenario id '{scenario.id}' is also used in {seen_ids[scenario.id]}",
                )
            )
        seen_ids[scenario.id] = name
        problems += [
            Problem(name, located.line_of(path), code, message)
            for path, code, message in check_scenario(scenario)
        ]
        scenarios.append(LoadedScenario(name, scenario, located))
    digest = hashlib.sha256()
    for name in sorted(read.files):
        if name == MANIFEST or name in manifest.scenarios:
            digest.update(name.encode() + b"\0" + read.files[name] + b"\0")
    pack = LoadedPack(read.source, manifest, scenarios, digest.hexdigest())
    return LoadResult(pack, sorted(set(problems)))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _parse(
    name: str,
    raw: bytes,
    model: type[M],
    problems: list[Problem],
    located_box: list[Located] | None = None,
) -> M | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "YAML007", "the file is not UTF-8 text"))
        return None
    try:
        located = load_located(text)
    except YamlProblem as exc:
        problems.append(Problem(name, exc.line, exc.code, exc.message, exc.column))
        return None
    if not isinstance(located.data, dict):
        problems.append(Problem(name, 1, "SCH003", "the file must be a mapping of fields"))
        return None
    if located_box is not None:
        located_box.append(located)
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _data_path(located.data, error["loc"])
            problems.append(Problem(name, located.line_of(path), *_describe(error, path)))
        return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """pydantic's error location as a path in the data (union tags dropped)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
            path.append(part)
        elif isinstance(part, str) and isinstance(current, dict) and part != current.get("kind"):
            path.append(part)  # a missing or unknown field: point at its parent's line
            break
    return tuple(path)


def _describe(error: Any, path: tuple[str | int, ...]) -> tuple[str, str]:
    where = ".".join(str(p) for p in path) or "top level"
    kind = error["type"]
    if kind == "missing":
        return "SCH001", f"{where}: required field is missing"
    if kind == "extra_forbidden":
        replaced = explain_old_field(path[:-1], str(path[-1])) if path else None
        if replaced is not None:
            return "FMT001", f"{where}: {replaced}"
        return "SCH002", f"{where}: unknown field (check the spelling)"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "SCH004", f"{where}: {error['msg']}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return "SCH003", f"{where}: {message}"
