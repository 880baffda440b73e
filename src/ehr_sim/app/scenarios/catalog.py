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
    """The scenarios of every pack that loads, and a plain-words line per pack that did not."""
    best = best_scores(data_dir)
    tries = attempt_counts(data_dir)
    entries: list[CatalogEntry] = []
    problems: list[str] = []
    for folder in pack_folders(data_dir):
        result = load_pack(folder)
        if result.pack is None:
            first = result.problems[0] if result.problems else "unknown problem"
            problems.append(f"{folder.name}: {first}")
            continue
        for loaded in result.pack.scenarios:
            scenario = loaded.scenario
            entries.append(
                CatalogEntry(
                    result.pack, scenario, best.get(scenario.id), tries.get(scenario.id, 0)
                )
            )
    return entries, problems
