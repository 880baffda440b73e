"""The core pack damaged thousands of ways: each load is a pack or file:line refusals, never
an exception.

Every example mutates one file of scenarios/core (byte flips, truncation, deleted or
duplicated lines, changed indentation, odd YAML scalars swapped in for values) and loads
the pack. A scenario file is loaded as the only scenario of its pack, to keep each example
fast; the manifest is fuzzed with the whole pack.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ehr_sim.packs.loader import MANIFEST, load_pack

CORE = Path(__file__).resolve().parents[3] / "scenarios" / "core"
ORIGINAL = {p.name: p.read_bytes() for p in sorted(CORE.iterdir()) if p.suffix == ".yaml"}
SCENARIO_FILES = sorted(name for name in ORIGINAL if name != MANIFEST)
DOCUMENTED = set(
    re.findall(
        r"^\| ([A-Z]{3,4}\d{3}) \|", (CORE.parents[1] / "docs" / "packs.md").read_text(), re.M
    )
)
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # as YAML counts lines
CODE = re.compile(r"[A-Z]{3,4}\d{3}")

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzzed") / "core"


def load_mutated(folder: Path, name: str, data: bytes, *, fuzzing: bool = True) -> None:
    """Write the pack with `name` replaced by `data`, load it, and check the outcome."""
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    files = dict(ORIGINAL) if name == MANIFEST else {MANIFEST: _manifest_of(name)}
    files[name] = data
    for file, content in files.items():
        (folder / file).write_bytes(content)
    result = load_pack(folder)
    assert result.ok or result.problems
    if fuzzing:  # shown by --hypothesis-show-statistics: how deep the damage got
        event("loads cleanly" if result.ok else f"first refusal {result.problems[0].code}")
    for problem in result.problems:
        assert problem.file in files or problem.file == folder.name, str(problem)
        text = files.get(problem.file, b"").decode("utf-8", "replace")
        assert 1 <= problem.line <= len(LINE_BREAK.findall(text)) + 1, str(problem)
        assert CODE.fullmatch(problem.code) and problem.code in DOCUMENTED, str(problem)
        assert problem.message and len(str(problem).splitlines()) == 1, str(problem)


def _manifest_of(scenario_file: str) -> bytes:
    manifest = yaml.safe_load(ORIGINAL[MANIFEST])
    manifest["scenarios"] = [scenario_file]
    return yaml.safe_dump(manifest).encode()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


files = st.sampled_from(SCENARIO_FILES)
# Mostly characters that mean something to YAML or to a reader, sometimes any byte at all.
BYTES = st.one_of(
    st.sampled_from(list(b":-[]{}#&*!|>'\"@%?,. \t\n\r")),
    st.integers(0x20, 0x7E),
    st.integers(0, 255),
)


def test_every_core_file_loads_cleanly_before_it_is_damaged(folder: Path) -> None:
    for name in SCENARIO_FILES:
        load_mutated(folder, name, ORIGINAL[name], fuzzing=False)
        assert load_pack(folder).ok
    load_mutated(folder, MANIFEST, ORIGINAL[MANIFEST], fuzzing=False)
    assert load_pack(folder).ok


@settings(FUZZ, max_examples=500)
@given(
    name=files,
    flips=st.lists(st.tuples(st.floats(0, 1), BYTES), min_size=1, max_size=6),
)
def test_flipped_bytes_give_a_pack_or_located_refusals(
    folder: Path, name: str, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(ORIGINAL[name])
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    load_mutated(folder, name, bytes(data))


@settings(FUZZ, max_examples=300)
@given(name=files, where=st.floats(0, 1))
def test_a_truncated_file_gives_a_pack_or_located_refusals(
    folder: Path, name: str, where: float
) -> None:
    data = ORIGINAL[name]
    load_mutated(folder, name, data[: int(where * len(data))])


@settings(FUZZ, max_examples=500)
@given(
    name=files,
    edits=st.lists(
        st.tuples(st.sampled_from(["delete", "duplicate", "swap"]), st.floats(0, 1)),
        min_size=1,
        max_size=5,
    ),
)
def test_deleted_duplicated_or_swapped_lines_give_a_pack_or_located_refusals(
    folder: Path, name: str, edits: list[tuple[str, float]]
) -> None:
    lines = _lines(ORIGINAL[name])
    for edit, where in edits:
        i = min(int(where * len(lines)), len(lines) - 1)
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            break
    load_mutated(folder, name, b"".join(lines))


@settings(FUZZ, max_examples=400)
@given(
    name=files,
    edits=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from([b" ", b"  ", b"    ", b"\t", b"- ", b""]),
            st.integers(0, 4),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_changed_indentation_gives_a_pack_or_located_refusals(
    folder: Path, name: str, edits: list[tuple[float, bytes, int]]
) -> None:
    lines = _lines(ORIGINAL[name])
    for where, prefix, remove in edits:
        i = min(int(where * len(lines)), len(lines) - 1)
        body = lines[i].lstrip(b" ")
        indent = len(lines[i]) - len(body)
        lines[i] = b" " * max(0, indent - remove) + prefix + body
    load_mutated(folder, name, b"".join(lines))


ODD_SCALARS = [
    "",
    "~",
    "null",
    "true",
    "no",
    "0",
    "-1",
    "1e999",
    ".nan",
    "0x_",
    "0b_",
    "0o17",
    "1_000",
    "9" * 5000,
    "'",
    '"',
    "[",
    "{",
    "]",
    "}",
    "*a",
    "&a x",
    "!!python/object:os.system",
    "!!binary aGk=",
    "|",
    ">",
    "?",
    ":",
    "- x",
    "#",
    "%YAML 1.1",
    "---",
    "...",
    '"a\\nb"',
    '"\\0"',
    '"\\u2028x"',
    "@dana",
    "@nowhere",
    '"@dana_calls"',
    "+99999w",
    "-99999y",
    "+99999bd",
    "+3bd 25:00",
    "T+0",
    "T+9999m",
    "T+",
    "2026-13-45",
    "12:60",
    "a: b",
    "[1, [2, [3]]]",
    "'" + "9" * 5000 + ".0'",
    "{a: 1, a: 1}",
    "[" * 60 + "]" * 60,
]
MAPPING_LINE = re.compile(rb"^(\s*(?:- )?[A-Za-z_][\w-]*:)[ \t]*\S")
values = st.one_of(
    st.sampled_from(ODD_SCALARS),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True).map(repr),
    st.text(max_size=30).map(lambda t: yaml.safe_dump(t, default_style='"').strip()),
    st.text(max_size=12),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=6,
    ).map(lambda v: yaml.safe_dump(v, default_flow_style=True, width=10**6).strip()),
)


def _value_lines(data: bytes) -> list[int]:
    return [i for i, line in enumerate(_lines(data)) if MAPPING_LINE.match(line)]


VALUE_LINES = {name: _value_lines(ORIGINAL[name]) for name in ORIGINAL}


def _swap(name: str, swaps: list[tuple[float, str]]) -> bytes:
    lines = _lines(ORIGINAL[name])
    for where, value in swaps:
        i = VALUE_LINES[name][min(int(where * len(VALUE_LINES[name])), len(VALUE_LINES[name]) - 1)]
        match = MAPPING_LINE.match(lines[i])
        if match is not None:
            lines[i] = match.group(1) + b" " + value.encode() + b"\n"
    return b"".join(lines)


@settings(FUZZ, max_examples=800)
@given(name=files, swaps=st.lists(st.tuples(st.floats(0, 1), values), min_size=1, max_size=3))
def test_odd_values_swapped_in_give_a_pack_or_located_refusals(
    folder: Path, name: str, swaps: list[tuple[float, str]]
) -> None:
    load_mutated(folder, name, _swap(name, swaps))


@settings(FUZZ, max_examples=150)
@given(
    mutation=st.one_of(
        st.lists(st.tuples(st.floats(0, 1), values), min_size=1, max_size=3).map(
            lambda swaps: _swap(MANIFEST, swaps)
        ),
        st.floats(0, 1).map(lambda f: ORIGINAL[MANIFEST][: int(f * len(ORIGINAL[MANIFEST]))]),
    )
)
def test_a_damaged_manifest_gives_a_pack_or_located_refusals(folder: Path, mutation: bytes) -> None:
    load_mutated(folder, MANIFEST, mutation)
