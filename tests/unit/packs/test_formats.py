"""Pack format versions: a pack without one reads as the current format, a newer one is
refused with what to do, and a field a later format renamed or removed says what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from ehr_sim.packs import formats
from ehr_sim.packs.formats import CURRENT_FORMAT, FieldChange, explain_old_field
from ehr_sim.packs.loader import load_pack

from .builders import scenario, write_pack

RENAMED = FieldChange(since=2, where="events.*", old="claims_to_be", new="says_they_are")
REMOVED = FieldChange(
    since=2, where="world", old="clock_speed", new=None, instead="delete it; the clock runs at 1x"
)


def test_a_pack_without_a_format_is_read_as_the_current_format(tmp_path: Path) -> None:
    result = load_pack(write_pack(tmp_path / "demo"))
    assert result.ok and result.pack is not None
    assert result.pack.manifest.format == CURRENT_FORMAT


def test_a_pack_stating_the_current_format_loads(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path / "demo", format=CURRENT_FORMAT)).ok


def test_a_pack_in_a_newer_format_is_refused_at_its_format_line(tmp_path: Path) -> None:
    result = load_pack(write_pack(tmp_path / "demo", format=CURRENT_FORMAT + 1))
    assert [str(p) for p in result.problems] == [
        f"pack.yaml:{format_line(tmp_path / 'demo')}: FMT002 this pack is written in pack format {CURRENT_FORMAT + 1}; "
        f"EHR Sim {formats_app_version()} reads formats up to {CURRENT_FORMAT}: update EHR Sim"
    ]


def format_line(folder: Path) -> int:
    lines = (folder / "pack.yaml").read_text().splitlines()
    return next(n for n, text in enumerate(lines, start=1) if text.startswith("format:"))


def formats_app_version() -> str:
    from ehr_sim import __version__

    return __version__


def test_a_renamed_field_names_its_replacement() -> None:
    assert explain_old_field(("events", 0), "claims_to_be", [RENAMED]) == (
        "'claims_to_be' was renamed 'says_they_are' in pack format 2: write 'says_they_are' instead"
    )


def test_a_removed_field_says_what_to_do_instead() -> None:
    assert explain_old_field(("world",), "clock_speed", [REMOVED]) == (
        "'clock_speed' was removed in pack format 2: delete it; the clock runs at 1x"
    )


def test_the_same_name_elsewhere_is_just_an_unknown_field() -> None:
    assert explain_old_field(("setup",), "claims_to_be", [RENAMED]) is None


def test_validate_reports_a_renamed_field_with_its_line_and_replacement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if an older format called the event's claimed identity 'caller_says'.
    monkeypatch.setattr(
        formats,
        "CHANGES",
        (FieldChange(since=1, where="events.*", old="caller_says", new="claims_to_be"),),
    )
    old = scenario()
    old["events"][0]["caller_says"] = old["events"][0].pop("claims_to_be")
    old["events"][0]["nickname"] = "Dee"
    problems = load_pack(write_pack(tmp_path / "demo", old)).problems
    found = {(p.code, p.message) for p in problems}
    assert (
        "FMT001",
        "events.0.caller_says: 'caller_says' was renamed 'claims_to_be' in pack format 1: "
        "write 'claims_to_be' instead",
    ) in found
    assert ("SCH002", "events.0.nickname: unknown field (check the spelling)") in found
    text = (tmp_path / "demo" / "book.yaml").read_text().splitlines()
    line = next(p.line for p in problems if p.code == "FMT001")
    assert text[line - 1].strip().startswith("caller_says:")
