"""Where the app looks for scenario packs: the built-in ones, then those an instructor added."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ehr_sim.bundled import builtin_packs_dir
from ehr_sim.packs.loader import MANIFEST

Origin = Literal["built-in", "installed"]


@dataclass(frozen=True)
class PackFolder:
    """A folder holding a pack.yaml, and whether it shipped with the app or was added."""

    path: Path
    origin: Origin


def installed_packs_dir(data_dir: Path) -> Path:
    """Where "Add a pack…" copies an instructor's packs: <data_dir>/packs/<pack id>/."""
    return data_dir / "packs"


def find_packs(data_dir: Path) -> list[PackFolder]:
    """Every pack folder, built-in first, each group in name order.

    A folder counts when it holds pack.yaml; hidden folders (an install still being
    copied, `.<id>.installing`) are skipped."""
    roots: list[tuple[Path | None, Origin]] = [
        (builtin_packs_dir(), "built-in"),
        (installed_packs_dir(data_dir), "installed"),
    ]
    found: list[PackFolder] = []
    for root, origin in roots:
        if root is None or not root.is_dir():
            continue
        try:
            children = sorted(root.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            try:
                listed = (child / MANIFEST).is_file()
            except OSError:
                listed = True  # a folder the app may not read: listed, so the loader says so
            if listed:
                found.append(PackFolder(child, origin))
    return found
