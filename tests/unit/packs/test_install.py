"""Adding a pack: a sound pack that cannot be copied gets a plain problem, and nothing is left."""

from __future__ import annotations

from pathlib import Path

from ehr_sim.packs.install import install_pack

CORE = Path(__file__).resolve().parents[3] / "scenarios" / "core"


def test_a_pack_that_cannot_be_copied_gets_a_located_problem_not_an_exception(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "packs"
    blocked.write_text("a file where the packs folder should be")  # even root cannot mkdir here
    result = install_pack(CORE, blocked)
    assert not result.ok and result.pack is None
    (problem,) = result.problems
    assert problem.code == "ARC005" and problem.file == "core"
    assert str(problem).startswith(f"core:1: ARC005 cannot be copied to {blocked} (")
    assert blocked.read_text() == "a file where the packs folder should be"


def test_a_sound_pack_is_copied_and_loads_from_its_new_place(tmp_path: Path) -> None:
    result = install_pack(CORE, tmp_path / "packs")
    assert result.ok and result.pack is not None
    assert (tmp_path / "packs" / result.pack.manifest.id / "pack.yaml").is_file()
    assert not list((tmp_path / "packs").glob(".*.installing"))
