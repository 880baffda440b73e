"""Starting a scenario reuses the clinic built for its seed, size and day: the first start
builds it into the world cache, later starts copy it, and the copy plays like a fresh build."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.record_changes import TABLES
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records.database import SCHEMA_HEAD
from ehr_sim.world import WorldSpec
from ehr_sim.world.cache import cached_world, cached_world_path

from .conftest import load_core, scenario_in

MONDAY = date(2026, 11, 23)


def start(path: Path, pack: LoadedPack, scenario: Scenario, cache: Path | None) -> None:
    # One reply seed, so the attempt rows compare equal (it is random per attempt).
    run = ScenarioRun.start(
        path, pack, scenario, play_date=MONDAY, running=False, world_cache=cache, reply_seed=1
    )
    run.tick()
    run.close()


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every clinic record and the attempt's own rows, table by table."""
    with sqlite3.connect(path) as con:
        found = {
            table: con.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in (*TABLES, "providers", "provider_hours", "attempts", "fired_events")
        }
        # Less the computer's clock at the start, which no two starts share.
        columns = [row[1] for row in con.execute('PRAGMA table_info("attempts")')]
        clock = columns.index("wall_started_at")
    found["attempts"] = [row[:clock] + row[clock + 1 :] for row in found["attempts"]]
    return found


def spec_of(scenario: Scenario) -> WorldSpec:
    return WorldSpec(seed=scenario.world.seed, patients=scenario.world.patients, today=MONDAY)


def test_the_second_start_of_a_scenario_copies_the_world_built_by_the_first(
    tmp_path: Path,
) -> None:
    pack = load_core()
    scenario = scenario_in(pack, "walk_in")
    cache = tmp_path / "worlds"
    start(tmp_path / "first.db", pack, scenario, cache)
    kept = cached_world_path(cache, spec_of(scenario))
    built = kept.stat()
    start(tmp_path / "second.db", pack, scenario, cache)
    again = kept.stat()
    assert again.st_ino == built.st_ino  # a rebuilt world is a new file renamed into place
    assert sorted(p.name for p in cache.iterdir()) == [kept.name]


def test_an_attempt_from_the_cached_world_has_the_same_rows_as_one_built_fresh(
    tmp_path: Path,
) -> None:
    pack = load_core()
    scenario = scenario_in(pack, "reschedule")
    cache = tmp_path / "worlds"
    start(tmp_path / "warm-up.db", pack, scenario, cache)  # fills the cache
    start(tmp_path / "cached.db", pack, scenario, cache)
    start(tmp_path / "fresh.db", pack, scenario, None)
    assert rows(tmp_path / "cached.db") == rows(tmp_path / "fresh.db")


def test_a_damaged_cached_world_is_rebuilt_not_used(tmp_path: Path) -> None:
    pack = load_core()
    scenario = scenario_in(pack, "walk_in")
    cache = tmp_path / "worlds"
    kept = cached_world(cache, spec_of(scenario))
    data = bytearray(kept.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096  # a torn page mid-file
    kept.write_bytes(bytes(data))
    start(tmp_path / "cached.db", pack, scenario, cache)
    start(tmp_path / "fresh.db", pack, scenario, None)
    assert kept.read_bytes() != bytes(data)
    assert rows(tmp_path / "cached.db") == rows(tmp_path / "fresh.db")


def test_a_world_for_another_day_or_size_is_built_beside_the_first(tmp_path: Path) -> None:
    cache = tmp_path / "worlds"
    first = cached_world(cache, WorldSpec(seed=3, patients=40, today=MONDAY))
    other_day = cached_world(cache, WorldSpec(seed=3, patients=40, today=date(2026, 11, 24)))
    bigger = cached_world(cache, WorldSpec(seed=3, patients=41, today=MONDAY))
    assert len({first, other_day, bigger}) == 3
    assert sorted(cache.iterdir()) == sorted([first, other_day, bigger])


def test_worlds_an_older_generator_built_are_removed_when_a_new_one_is_built(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "worlds"
    cache.mkdir()
    spec = WorldSpec(seed=3, patients=40, today=MONDAY)
    current = cached_world_path(cache, spec)
    older = cache / current.name.replace("-schema", "-schema0000-gold-").replace(SCHEMA_HEAD, "", 1)
    older.write_bytes(b"built by an older EHR Sim")
    assert cached_world(cache, spec) == current
    assert sorted(cache.iterdir()) == [current]
