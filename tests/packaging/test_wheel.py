"""The built wheel carries the stylesheet and the built-in packs, and finds them when installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel built from this checkout (no download: the backend is a test extra)."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = out.glob("ehr_sim-*.whl")
    return path, built.stdout + built.stderr


def test_the_wheel_carries_the_stylesheet_and_every_file_of_the_built_in_packs(
    wheel: tuple[Path, str],
) -> None:
    with zipfile.ZipFile(wheel[0]) as archive:
        names = set(archive.namelist())
    assert "ehr_sim/resources/style.qss" in names
    assert "ehr_sim/scenarios/core/pack.yaml" in names
    shipped = {
        f"ehr_sim/{path.relative_to(ROOT).as_posix()}"
        for folder in ("resources", "scenarios")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
    }
    assert shipped <= names, sorted(shipped - names)
    assert "ehr_sim/records/migrations/script.py.mako" in names


def test_the_wheel_declares_its_licence_as_spdx_and_ships_the_licence_file(
    wheel: tuple[Path, str],
) -> None:
    with zipfile.ZipFile(wheel[0]) as archive:
        metadata = archive.read("ehr_sim-0.1.0.dist-info/METADATA").decode()
        licence = archive.read("ehr_sim-0.1.0.dist-info/licenses/LICENSE").decode()
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "EHR Sim contributors" in licence


def test_building_the_wheel_prints_no_warnings(wheel: tuple[Path, str]) -> None:
    assert "warn" not in wheel[1].lower(), wheel[1]


def test_the_unpacked_wheel_run_from_another_folder_lists_its_own_core_pack(
    wheel: tuple[Path, str], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel[0]) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(tmp_path / "data")}
    listed = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "packs", "list"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    core = site / "ehr_sim" / "scenarios" / "core"
    lines = listed.stdout.splitlines()
    line = next(x for x in lines if x.startswith("core "))  # packs are listed by folder name
    assert line.endswith(f" scenarios · built-in · {core}"), line
    assert all(" · built-in · " in other for other in lines), lines
