"""An instructor adds a pack from the app: a sound one is listed, a broken one is reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from ehr_sim.ui.main_window import MainWindow

from ..unit.packs.builders import scenario, write_pack


def test_a_broken_pack_is_reported_line_by_line_and_not_added(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    broken = scenario()
    broken["rubric"][0]["points"] = 50
    folder = write_pack(tmp_path / "theirs", broken)
    picker = window.scenarios.open_picker()
    before = len(picker.model.rows)
    picker.pack_chosen(str(folder / "pack.yaml"))
    assert window.scenarios.picker is picker and picker.problems.isVisible()
    report = picker.problems.text()
    assert "Not added" in report and "RUB004 the positive points add up to 70, not 100" in report
    assert "theirs/book.yaml:" in report
    assert len(picker.model.rows) == before
    assert not (window.scenarios.data_dir / "packs" / "demo").exists()


def test_a_zipped_pack_is_validated_installed_and_listed(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    folder = write_pack(tmp_path / "src")
    archive = tmp_path / "demo.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in ("pack.yaml", "book.yaml"):
            zipped.write(folder / name, f"demo/{name}")
    window.scenarios.open_picker().pack_chosen(str(archive))
    picker = window.scenarios.picker
    assert picker is not None and picker.isVisible()
    assert "Book a follow-up" in [e.scenario.title for e in picker.model.rows]
    installed = window.scenarios.data_dir / "packs" / "demo"
    assert sorted(p.name for p in installed.iterdir()) == ["book.yaml", "pack.yaml"]


DEEP = "id: deep\ntitle: " + "[" * 500 + "]" * 500 + "\n"


def test_a_pack_nested_500_levels_deep_is_refused_in_one_line_when_added(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    folder = write_pack(tmp_path / "deep", DEEP)
    picker = window.scenarios.open_picker()
    picker.pack_chosen(str(folder))
    assert window.scenarios.picker is picker and picker.problems.isVisible()
    assert "deep/book.yaml:2: YAML002 nested more than 40 levels deep" in picker.problems.text()
    assert not (window.scenarios.data_dir / "packs" / "demo").exists()


def test_one_bad_pack_folder_leaves_every_other_pack_in_the_picker(
    qtbot: QtBot,
    window: MainWindow,
) -> None:
    packs = window.scenarios.data_dir / "packs"
    write_pack(packs / "deep", DEEP)
    write_pack(packs / "demo")
    picker = window.scenarios.open_picker()
    titles = [e.scenario.title for e in picker.model.rows]
    assert "Book a follow-up" in titles and len(titles) > 1  # the core pack's scenarios too
    assert not picker.problems.isHidden()
    assert picker.problems.text() == "deep: book.yaml:2: YAML002 nested more than 40 levels deep"
