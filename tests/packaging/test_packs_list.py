"""`ehr-sim packs list`: every pack the app can see, one line each, broken ones said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from ehr_sim import config
from ehr_sim.bundled import builtin_packs_dir, resource
from ehr_sim.cli import main
from ehr_sim.packs.install import install_pack
from ehr_sim.packs.places import installed_packs_dir

from ..unit.packs.builders import write_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, private to the test (platformdirs reads XDG_DATA_HOME)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return config.data_dir()


def listing(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["packs", "list"])
    return code, capsys.readouterr().out.splitlines()


def test_in_a_checkout_the_built_in_files_are_the_repositorys_top_level_folders() -> None:
    assert builtin_packs_dir() == ROOT / "scenarios"
    assert resource("style.qss") == ROOT / "resources" / "style.qss"
    assert resource("no-such-file.qss") is None


# The packs shipped in scenarios/, in the order `packs list` shows them (by folder name).
BUILT_IN = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/pack.yaml"))


def test_packs_list_shows_the_built_in_packs_with_their_versions_and_scenario_counts(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = listing(capsys)
    assert code == 0
    assert [line.split(" ")[0] for line in lines] == BUILT_IN
    for name, line in zip(BUILT_IN, lines, strict=True):
        assert line.endswith(f" scenarios · built-in · {ROOT / 'scenarios' / name}"), line
    core = f"core 1.0.0 · 3 scenarios · built-in · {ROOT / 'scenarios' / 'core'}"
    assert lines[BUILT_IN.index("core")] == core


def test_a_pack_added_by_an_instructor_is_listed_after_the_built_in_ones(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_pack(tmp_path / "downloads" / "front-desk", id="front_desk", version="2.1")
    assert install_pack(source, installed_packs_dir(data_dir)).ok
    code, lines = listing(capsys)
    assert code == 0
    assert lines[BUILT_IN.index("core")].startswith("core 1.0.0 · 3 scenarios · built-in · ")
    assert lines[len(BUILT_IN) :] == [
        f"front_desk 2.1 · 1 scenario · installed · {data_dir / 'packs' / 'front_desk'}"
    ]


def test_a_broken_installed_pack_gets_a_plain_line_and_the_others_are_still_listed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packs = installed_packs_dir(data_dir)
    write_pack(packs / "a_broken")
    (packs / "a_broken" / "pack.yaml").write_text("id: [demo\ntitle: never closed\n")
    write_pack(packs / "demo")
    code, lines = listing(capsys)
    assert code == 1
    assert len(lines) == len(BUILT_IN) + 2, lines
    assert lines[BUILT_IN.index("core")].startswith("core 1.0.0 · 3 scenarios · built-in · ")
    broken, demo = lines[len(BUILT_IN) :]
    assert broken.startswith("a_broken: could not be loaded (pack.yaml:")
    assert broken.endswith(f") · installed · {packs / 'a_broken'}")
    assert "Traceback" not in broken
    assert demo == f"demo 1.0 · 1 scenario · installed · {packs / 'demo'}"


def test_an_install_left_half_copied_is_not_listed_as_a_pack(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(installed_packs_dir(data_dir) / ".demo.installing")
    code, lines = listing(capsys)
    assert code == 0
    assert [line.split(" ")[0] for line in lines] == BUILT_IN


def test_a_pack_that_makes_the_loader_fail_outright_is_still_one_plain_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = installed_packs_dir(data_dir) / "deep"
    deep.mkdir(parents=True)
    (deep / "pack.yaml").write_text("id: " + "[" * 5000 + "]" * 5000 + "\n")
    code, lines = listing(capsys)
    assert code == 1
    assert lines[BUILT_IN.index("core")].startswith("core ")
    assert lines[len(BUILT_IN)].startswith("deep: could not be loaded (")
    assert lines[len(BUILT_IN)].endswith(f") · installed · {deep}")


def test_packs_add_installs_a_sound_pack_so_packs_list_shows_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ..unit.packs.builders import scenario

    folder = write_pack(tmp_path / "demo-pack", scenario())
    assert main(["packs", "add", str(folder)]) == 0
    target = installed_packs_dir(data_dir) / "demo"
    assert capsys.readouterr().out == f"Added demo 1.0 · 1 scenario · {target}\n"
    code, lines = listing(capsys)
    assert code == 0
    assert f"demo 1.0 · 1 scenario · installed · {target}" in lines


def test_packs_add_refuses_a_pack_with_problems_as_the_app_does_and_leaves_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ehr_sim.packs.install import REFUSED, problem_lines

    from ..unit.packs.builders import scenario

    data = scenario()
    data["rubric"][0]["points"] = 70  # the positive points no longer add up to 100
    folder = write_pack(tmp_path / "demo-pack", data)
    before = {p: p.read_bytes() for p in folder.iterdir()}
    assert main(["packs", "add", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    app_says = problem_lines(folder, install_pack(folder, tmp_path / "elsewhere"))
    assert out == [REFUSED, *app_says]
    assert out[1].startswith("demo-pack/book.yaml:") and " RUB004 " in out[1]
    packs = installed_packs_dir(data_dir)
    assert not packs.exists() or list(packs.iterdir()) == []
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_packs_add_and_validate_say_a_missing_path_in_one_line_with_exit_2(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-pack"
    for command in ("add", "validate", "test"):
        assert main(["packs", command, str(missing)]) == 2
        out, err = capsys.readouterr()
        assert err == f"ehr-sim packs {command}: {missing}: there is no such folder or .zip file\n"
        assert ":1:" not in out + err
