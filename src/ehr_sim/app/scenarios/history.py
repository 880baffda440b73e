"""A small local record of finished scenario attempts (a JSON file in the user data folder)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

HISTORY_FILE = "history.json"


@dataclass(frozen=True)
class HistoryEntry:
    """One finished attempt: what was played, how it ended, where its file is."""

    scenario_id: str
    title: str
    pack_hash: str
    mode: str
    score: int
    status: str
    attempt_file: str
    finished_at: str
    note: str = ""


def history_path(folder: Path) -> Path:
    return folder / HISTORY_FILE


def load_history(folder: Path) -> list[HistoryEntry]:
    """Every recorded attempt, oldest first; an unreadable file reads as empty."""
    path = history_path(folder)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    fields = set(HistoryEntry.__dataclass_fields__)
    entries = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            try:
                entries.append(HistoryEntry(**{k: v for k, v in item.items() if k in fields}))
            except TypeError:
                continue
    return entries


def _write(folder: Path, entries: list[HistoryEntry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".history-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump([asdict(e) for e in entries], out, indent=2)
        os.replace(name, history_path(folder))
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def record_attempt(folder: Path, entry: HistoryEntry) -> None:
    """Add (or replace, by attempt file) one finished attempt."""
    entries = [e for e in load_history(folder) if e.attempt_file != entry.attempt_file]
    entries.append(entry)
    _write(folder, entries)


def add_note(folder: Path, attempt_file: str, note: str) -> None:
    """Keep the trainee's one-line self-assessment with the attempt."""
    entries = [
        replace(e, note=note) if e.attempt_file == attempt_file else e for e in load_history(folder)
    ]
    _write(folder, entries)


def best_scores(folder: Path) -> dict[str, int]:
    """The best score per scenario id over every recorded attempt."""
    best: dict[str, int] = {}
    for entry in load_history(folder):
        best[entry.scenario_id] = max(best.get(entry.scenario_id, entry.score), entry.score)
    return best


def attempt_counts(folder: Path) -> dict[str, int]:
    """How many finished attempts each scenario has."""
    counts: dict[str, int] = {}
    for entry in load_history(folder):
        counts[entry.scenario_id] = counts.get(entry.scenario_id, 0) + 1
    return counts
