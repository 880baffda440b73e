"""Every action is declared once and the rest follows: its handler, its docstring, its row
in the pack format's catalogue (docs/packs.md §11), its change kinds and its subject."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from ehr_sim.app.handlers import HANDLERS
from ehr_sim.domain.actions import ACTIONS, Action
from ehr_sim.packs import catalogue

PACKS_MD = Path(__file__).resolve().parents[3] / "docs" / "packs.md"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_has_a_handler(name: str) -> None:
    assert ACTIONS[name] in HANDLERS, f"{name} has no @handles function in app/handlers/"


def test_every_handler_applies_a_listed_action() -> None:
    assert set(HANDLERS) <= set(ACTIONS.values())


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_says_what_it_does_in_its_own_docstring(name: str) -> None:
    assert catalogue.description(ACTIONS[name]), f"{name} needs a one-line docstring"


def test_an_action_without_a_docstring_has_no_description() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Undocumented(Action):
        claim_id: int

    assert catalogue.description(Undocumented) == ""


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_has_a_row_in_the_catalogue_of_packs_md(name: str) -> None:
    assert f"| `{name}` | {catalogue.description(ACTIONS[name])} |" in PACKS_MD.read_text()


def test_the_catalogue_in_packs_md_is_the_one_the_actions_write() -> None:
    text = PACKS_MD.read_text(encoding="utf-8")
    assert catalogue.rewritten(text) == text, (
        "docs/packs.md is stale: run python -m ehr_sim.packs.catalogue docs/packs.md"
    )


def test_the_catalogue_command_finds_a_stale_file_and_rewrites_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "packs.md"
    text = PACKS_MD.read_text(encoding="utf-8")
    stale.write_text(text.replace(catalogue.row(ACTIONS["WriteOff"]) + "\n", ""))

    assert catalogue.main([str(stale), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert catalogue.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text
    assert catalogue.main([str(stale), "--check"]) == 0


def test_the_catalogue_command_says_plainly_when_the_markers_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "notes.md"
    plain.write_text("# Notes\n")
    assert catalogue.main([str(plain)]) == 2
    assert "markers are missing" in capsys.readouterr().err
    assert plain.read_text() == "# Notes\n"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_declared_subject_names_a_field_of_the_action_and_a_record_with_a_patient(
    name: str,
) -> None:
    registered = HANDLERS[ACTIONS[name]]
    fields = {f.name for f in dataclasses.fields(ACTIONS[name])}
    if registered.subject is None:
        return
    model, attribute = registered.subject
    assert attribute in fields
    assert hasattr(model, "patient_id")
