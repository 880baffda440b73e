"""Built worlds kept on disk, so starting a scenario copies a file instead of generating rows.

One file per (seed, patients, today, schema, generator): the name holds them all, plus a
digest of the generator's own source, so a changed generator never reuses an old world.
A file is written under a temporary name and renamed into place once complete; one that
fails SQLite's quick check or holds another schema is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.database import SCHEMA_HEAD, inspect_file, open_database, sqlite_url
from ehr_sim.world.generator import GENERATOR_VERSION, WorldSpec, build_world


def cached_world_path(folder: Path, spec: WorldSpec) -> Path:
    """Where the world `spec` describes is (or will be) kept in `folder`."""
    return folder / (
        f"world-s{spec.seed}-p{spec.patients}-{spec.today.isoformat()}"
        f"-schema{SCHEMA_HEAD}-g{GENERATOR_VERSION}-{_generator_digest()}.db"
    )


def cached_world(folder: Path, spec: WorldSpec) -> Path:
    """A complete, checked clinic file for `spec` in `folder`, built now if missing or damaged.

    Callers copy the file; they never open it for writing."""
    path = cached_world_path(folder, spec)
    if path.is_file() and _sound(path):
        os.utime(path)  # recently used: kept when the folder is pruned
        return path
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=path.stem + ".", suffix=".building", dir=folder)
    os.close(descriptor)
    partial = Path(name)
    try:
        partial.unlink()  # open_database makes the schema in a file that does not exist yet
        db = open_database(sqlite_url(partial))
        try:
            build_world(db, spec)
            with db.engine.connect() as connection:
                # Everything into the main file: the cache is that one file.
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        finally:
            db.close()
        with partial.open("rb") as built:
            os.fsync(built.fileno())
        os.replace(partial, path)  # atomic: another process sees the old file or the whole new one
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    _prune(folder, keep=path)
    return path


KEEP = 12
"""Built worlds kept in the folder (about 6 MB each at 300 patients); older ones go."""


def _prune(folder: Path, keep: Path) -> None:
    """Remove worlds an older generator or schema built, and all but the KEEP most recently
    used; a file another process is copying stays readable to it until closed (POSIX)."""
    current = keep.name.rsplit("-schema", 1)[1]
    worlds = sorted(
        (p for p in folder.glob("world-*.db") if p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    stale = [p for p in worlds if not p.name.endswith(current)]
    fresh = [p for p in worlds if p.name.endswith(current)]
    for old in stale + fresh[KEEP - 1 :]:
        old.unlink(missing_ok=True)


def _sound(path: Path) -> bool:
    """True when `path` passes SQLite's quick check and is at this app's schema."""
    try:
        return inspect_file(path) == SCHEMA_HEAD
    except DatabaseProblem:
        return False


@cache
def _generator_digest() -> str:
    """Eight hex digits of the world generator's source (catalog included)."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:8]
