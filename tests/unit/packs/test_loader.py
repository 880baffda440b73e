"""Loading packs from folders and archives: problems as file:line: CODE, nothing unsafe."""

from __future__ import annotations

import copy
import os
import stat
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehr_sim.packs.loader import load_pack

from .builders import SCENARIO, scenario, write_pack


def codes(path: Path) -> list[str]:
    return [p.code for p in load_pack(path).problems]


def test_a_valid_pack_loads_with_a_content_hash(tmp_path: Path) -> None:
    result = load_pack(write_pack(tmp_path / "demo"))
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    assert [s.scenario.id for s in result.pack.scenarios] == ["book_follow_up"]
    assert len(result.pack.content_hash) == 64


def test_the_content_hash_changes_when_a_rubric_changes(tmp_path: Path) -> None:
    first = load_pack(write_pack(tmp_path / "a")).pack
    changed = scenario()
    changed["rubric"][0]["feedback"]["missed"] = "Book the visit before ending the call."
    second = load_pack(write_pack(tmp_path / "b", changed)).pack
    assert first is not None and second is not None
    assert first.content_hash != second.content_hash


def test_a_misspelt_field_is_reported_at_its_line(tmp_path: Path) -> None:
    text = (write_pack(tmp_path / "p") / "book.yaml").read_text()
    (tmp_path / "p" / "book.yaml").write_text(text.replace("difficulty:", "dificulty:"))
    problems = load_pack(tmp_path / "p").problems
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("difficulty:"))
    assert [str(p) for p in problems if p.code == "SCH002"] == [
        f"book.yaml:{line}: SCH002 dificulty: unknown field (check the spelling)"
    ]
    assert any(p.code == "SCH001" and "difficulty" in p.message for p in problems)


def test_semantic_problems_each_carry_a_stable_code(tmp_path: Path) -> None:
    broken = scenario()
    broken["setup"]["appointments"]["old_visit"]["patient"] = "danna"
    broken["setup"]["appointments"]["old_visit"]["start"] = "+2d 10:30"  # weekend on Thu/Fri
    nodes = broken["events"][0]["dialogue"]["nodes"]
    nodes["hello"]["choices"][0]["next"] = "nowhere"
    nodes["lost"] = {"says": "Hello?"}
    broken["rubric"][0]["when"]["match"]["action"] = "BookVisit"
    broken["rubric"][1]["points"] = 15
    found = set(codes(write_pack(tmp_path / "p", broken)))
    assert {"REF001", "TIM002", "DLG003", "DLG001", "DLG002", "RUB001", "RUB004"} <= found


def test_a_criterion_no_action_could_meet_is_an_error(tmp_path: Path) -> None:
    broken = scenario()
    broken["rubric"][0]["when"]["match"]["where"] = {"patient": "@dana"}
    broken["rubric"][1]["when"]["choice"] = "wave"
    assert {"RUB002", "RUB003"} <= set(codes(write_pack(tmp_path / "p", broken)))


def test_duplicate_ids_and_unknown_references_are_errors(tmp_path: Path) -> None:
    broken = scenario()
    broken["rubric"][1]["id"] = "booked"
    broken["events"].append(copy.deepcopy({**broken["events"][0], "at": "T+3m"}))
    found = codes(write_pack(tmp_path / "p", broken))
    assert found.count("REF002") >= 2


def test_a_listed_scenario_file_that_is_missing_is_reported(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", scenarios=["book.yaml", "walk-in.yaml"])
    problems = load_pack(folder).problems
    assert [(p.file, p.code) for p in problems] == [("pack.yaml", "MAN002")]


def zip_pack(tmp_path: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    folder = write_pack(tmp_path / "src")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in ("pack.yaml", "book.yaml"):
            zipped.write(folder / name, f"demo/{name}")
        for info, data in extra:
            zipped.writestr(info, data)
    return archive


def test_a_zipped_pack_loads_like_its_folder(tmp_path: Path) -> None:
    result = load_pack(zip_pack(tmp_path, []))
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "demo/../../evil.yaml"])
def test_archives_with_paths_leaving_the_pack_are_refused(tmp_path: Path, name: str) -> None:
    assert codes(zip_pack(tmp_path, [(name, b"x: 1")])) == ["ARC001"]
    assert not (tmp_path.parent / "evil.yaml").exists()


def test_archives_with_links_are_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("demo/passwd.yaml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert codes(zip_pack(tmp_path, [(link, b"/etc/passwd")])) == ["ARC002"]


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    assert codes(zip_pack(tmp_path, [("demo/notes.txt", b"0" * 3_000_000)])) == ["ARC003"]


def _claim_size(archive: Path, member: str, claimed: int) -> None:
    """Rewrite the uncompressed size `member`'s headers claim (local and central), as a liar would."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zipped:
        info = zipped.getinfo(member)
        struct.pack_into("<I", data, info.header_offset + 22, claimed)
        central = zipped.start_dir
    while data[central : central + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46 : central + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, central + 24, claimed)
        central += 46 + name_length + extra_length + comment_length
    archive.write_bytes(bytes(data))


def test_a_zip_whose_headers_understate_a_size_is_refused_without_inflating_it(
    tmp_path: Path,
) -> None:
    archive = zip_pack(tmp_path, [("demo/notes.txt", b"0" * 64 * 2**20)])
    _claim_size(archive, "demo/notes.txt", 1_000)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.getinfo("demo/notes.txt").file_size == 1_000
    tracemalloc.start()
    try:
        problems = load_pack(archive).problems
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.code for p in problems] == ["ARC004"]
    assert "\n" not in problems[0].message
    assert peak < 16 * 2**20  # the member really inflates to 64 MiB


def test_a_zip_member_compressed_with_an_unusual_method_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "pack.zip"
    folder = write_pack(tmp_path / "src")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_BZIP2) as zipped:
        for name in ("pack.yaml", "book.yaml"):
            zipped.write(folder / name, f"demo/{name}")
    problems = load_pack(archive).problems
    assert [(p.code, "deflate" in p.message) for p in problems] == [("ARC004", True)]


def test_a_pack_file_that_cannot_be_read_is_a_located_problem(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p")
    (folder / "book.yaml").chmod(0)
    try:
        if os.access(folder / "book.yaml", os.R_OK):
            pytest.skip("running as a user who can read any file")
        problems = load_pack(folder).problems
    finally:
        (folder / "book.yaml").chmod(0o644)
    assert [(p.file, p.code) for p in problems] == [("book.yaml", "ARC004")]


def test_a_link_inside_a_pack_folder_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p")
    os.symlink("/etc/hostname", folder / "notes.yaml")
    assert codes(folder) == ["ARC002"]


def test_not_a_zip_is_a_clear_problem(tmp_path: Path) -> None:
    fake = tmp_path / "pack.zip"
    fake.write_bytes(b"PK\x03\x04 not really")
    assert codes(fake) == ["ARC004"]


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.text(max_size=400))
def test_any_scenario_text_gives_a_pack_or_located_problems(tmp_path: Path, text: str) -> None:
    result = load_pack(write_pack(tmp_path / "fuzz", text))
    for problem in result.problems:
        assert problem.line >= 1 and problem.code[:3].isalpha() and problem.message
    assert result.ok or result.problems


def _mutations() -> st.SearchStrategy[tuple[list[str], object]]:
    keys = st.sampled_from(sorted(SCENARIO))
    values = st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.booleans(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )
    return st.tuples(st.lists(keys, min_size=1, max_size=1), values)


@settings(
    max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(_mutations())
def test_any_wrong_value_in_a_valid_scenario_is_a_located_problem(
    tmp_path: Path, mutation: tuple[list[str], object]
) -> None:
    keys, value = mutation
    changed = scenario(**{keys[0]: value})
    result = load_pack(write_pack(tmp_path / "fuzz", changed))
    for problem in result.problems:
        assert problem.file == "book.yaml" and problem.line >= 1


def test_a_pack_for_a_newer_app_says_which_version_it_needs(tmp_path: Path) -> None:
    problems = load_pack(write_pack(tmp_path / "p", min_app_version="99.0")).problems
    assert [(p.file, p.code) for p in problems] == [("pack.yaml", "MAN003")]
    assert "needs EHR Sim 99.0 or newer" in problems[0].message


def test_a_version_too_long_to_compare_is_a_located_problem(tmp_path: Path) -> None:
    problems = load_pack(write_pack(tmp_path / "p", min_app_version="9" * 5000 + ".0")).problems
    assert [(p.file, p.code) for p in problems] == [("pack.yaml", "SCH003")]
