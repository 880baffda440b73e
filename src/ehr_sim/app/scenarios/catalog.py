"""Where scenario packs live (built-in and the user's own) and the list the picker shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ehr_sim.app.scenarios.history import attempt_counts, best_scores
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.places import find_packs
from ehr_sim.packs.schema import Scenario


@dataclass(frozen=True)
class CatalogEntry:
    """One scenario the trainee can start, with its pack and their best score."""

    pack: LoadedPack
    scenario: Scenario
    best: int | None
    tries: int = 0

    @property
    def pack_title(self) -> str:
        return self.pack.manifest.title


def pack_folders(data_dir: Path) -> list[Path]:
    """Every pack folder (one holding pack.yaml): built-in first, then <data_dir>/packs."""
    return [found.path for found in find_packs(data_dir)]


def load_catalog(data_dir: Path) -> tuple[list[CatalogEntry], list[str]]:
    """The scenarios that load cleanly, and a plain-words line per pack with any problem."""
    best = best_scores(data_dir)
    tries = attempt_counts(data_dir)
    entries: list[CatalogEntry] = []
    problems: list[str] = []
    for folder in pack_folders(data_dir):
        try:
            result = load_pack(folder)
        except Exception as exc:  # a loader bug must not hide every other pack
            problems.append(f"{folder.name}: could not be read ({type(exc).__name__}: {exc})")
            continue
        if result.problems or result.pack is None:
            first = result.problems[0] if result.problems else "unknown problem"
            more = len(result.problems) - 1
            problems.append(f"{folder.name}: {first}" + (f" (and {more} more)" if more > 0 else ""))
        if result.pack is None:
            continue
        broken = {p.file for p in result.problems}
        for loaded in result.pack.scenarios:
            if loaded.file in broken:
                continue  # `ehr-sim packs validate` lists what to fix; the others stay playable
            scenario = loaded.scenario
            entries.append(
                CatalogEntry(
                    result.pack, scenario, best.get(scenario.id), tries.get(scenario.id, 0)
                )
            )
    return entries, problems
