"""Where the clinic database lives: a path or URL given, $EHR_SIM_DATABASE_URL, or the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_URL = "EHR_SIM_DATABASE_URL"


def data_dir() -> Path:
    return Path(user_data_dir("ehr-sim", "EHR Sim"))


def default_database_path() -> Path:
    return data_dir() / "clinic.db"


def database_url(given: str | None = None) -> str:
    """A SQLAlchemy URL from a file path or URL, the environment, or the default file."""
    from ehr_sim.records.database import sqlite_url

    chosen = given or os.environ.get(ENV_URL)
    if not chosen:
        return sqlite_url(default_database_path())
    return chosen if "://" in chosen else sqlite_url(chosen)
