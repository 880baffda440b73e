"""Who is training: the name the trainee gave at first start (editable), kept in the user
data folder. Scripted lines and the action log use it, never the computer's login name."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SETTINGS_FILE = "trainee.json"
MAX_NAME = 40


def settings_path(folder: Path) -> Path:
    return folder / SETTINGS_FILE


def trainee_name(folder: Path) -> str:
    """The trainee's name, or "" before they have given it (an unreadable file reads as "")."""
    try:
        raw = json.loads(settings_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = raw.get("name", "") if isinstance(raw, dict) else ""
    return clean_name(name) if isinstance(name, str) else ""


def clean_name(name: str) -> str:
    """One line, single spaces, at most MAX_NAME characters."""
    return " ".join(name.split())[:MAX_NAME]


def save_trainee_name(folder: Path, name: str) -> str:
    """Keep the trainee's name (written whole or not at all); returns the name as kept."""
    kept = clean_name(name)
    if not kept:
        raise ValueError("Type your name (your first name is enough).")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".trainee-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"name": kept}, out)
        os.replace(temporary, settings_path(folder))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return kept
