"""A clinic for the front ends: open it (a new file is created, an older one migrated) and
build the fake clinic in a new one.

The window and the `ehr-sim` command hold a clinic only through `app/`; the `Database` handle
they get here is what the gateway and the queries take. A newer, damaged, locked or foreign
file raises `DatabaseProblem` with a message in plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.database import Database, open_database, sqlite_url

if TYPE_CHECKING:
    from ehr_sim.world import WorldSpec

__all__ = [
    "Database",
    "DatabaseProblem",
    "Progress",
    "build_clinic",
    "clinic_file_url",
    "open_clinic_database",
]

Progress = Callable[[float, str], None]
"""Told how far a build is (0.0 to 1.0) and what it is doing."""


def clinic_file_url(path: Path | str) -> str:
    """The database URL of a clinic file."""
    return sqlite_url(path)


def open_clinic_database(url: str, *, create: bool = True, read_only: bool = False) -> Database:
    """Open the clinic at `url`, creating the file (or migrating an older one) when needed;
    with `create=False` a missing file is a `DatabaseProblem`; `read_only` never writes."""
    return open_database(url, create=create, read_only=read_only)


def build_clinic(db: Database, spec: WorldSpec, progress: Progress | None = None) -> None:
    """Build the seeded fake clinic (providers, patients, visits, claims) into `db`."""
    from ehr_sim.world import build_world  # the generator loads only when a clinic is built

    build_world(db, spec, progress)
