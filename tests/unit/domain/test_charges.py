"""Charge entry rules: what a superbill may carry, refused in plain words when it cannot."""

from __future__ import annotations

import re

import pytest

from ehr_sim.domain.charges import (
    ChargeLine,
    ChargeProblem,
    check_charges,
    parse_line,
    parse_pointers,
)

FEES = {"99213": 13000, "87880": 3500, "17110": 15000, "J0897": 2800}


def line(cpt: str, *mods: str, pointers: tuple[str, ...] = ("A",), cents: int = 1000) -> ChargeLine:
    return ChargeLine(cpt, mods, 1, pointers, cents)


@pytest.mark.parametrize(
    ("text", "letters"),
    [("A,B", ("A", "B")), ("ab", ("A", "B")), ("1 2", ("A", "B")), ("12", ("L",))],
)
def test_pointers_are_read_as_claim_letters(text: str, letters: tuple[str, ...]) -> None:
    assert parse_pointers(text) == letters


def test_a_line_without_a_charge_takes_the_clinics_fee_times_the_units() -> None:
    parsed = parse_line("j0897; ; 60; A", FEES)

    assert parsed == ChargeLine("J0897", (), 60, ("A",), 168000)
    assert parse_line("99213; 25; 1; A,B; 130.00", FEES).modifiers == ("25",)


def test_a_line_in_the_wrong_shape_says_how_to_write_it() -> None:
    with pytest.raises(ChargeProblem, match=re.escape("99213; 25; 1; A,B; 130.00")):
        parse_line("99213 A", FEES)


def test_diagnoses_are_kept_without_the_dot_and_unspecified_codes_are_warned_about() -> None:
    checked = check_charges(["J02.0", "r51.9"], [line("99213", pointers=("A", "B"))])

    assert checked.diagnoses == ("J020", "R519")
    assert any("R51.9" in w and "unspecified" in w for w in checked.warnings)


@pytest.mark.parametrize(
    ("diagnoses", "lines", "code", "says"),
    [
        (["J02.0"], [line("99213", cents=-100)], "negative_charge", "cannot be negative"),
        (["J02.0"], [line("99999")], "unknown_code", "99999 is not a procedure code"),
        (["M54.5"], [line("99213")], "invalid_diagnosis", "not a billable code"),
        (["J02.0"], [line("99213", pointers=("B",))], "bad_pointer", "points to no diagnosis"),
        ([], [line("99213")], "no_diagnosis", "at least one diagnosis"),
        (["J02.0"], [], "no_lines", "at least one service"),
        (["J02.0"], [line("17110", "25")], "bad_modifier", "visit code only"),
        (["J02.0"], [line("99213", "59")], "bad_modifier", "never an office visit"),
        (["J02.0"], [line("99213", "QW")], "bad_modifier", "CLIA-waived"),
        (["J02.0"], [line("99213", "GA")], "bad_modifier", "Medicare claims only"),
        (["J02.0"], [line("99213", "XX")], "bad_modifier", "not one the clinic uses"),
    ],
)
def test_a_superbill_that_cannot_be_billed_is_refused_with_the_reason(
    diagnoses: list[str], lines: list[ChargeLine], code: str, says: str
) -> None:
    with pytest.raises(ChargeProblem, match=says) as raised:
        check_charges(diagnoses, lines)

    assert raised.value.code == code


def test_a_visit_with_a_procedure_and_no_modifier_25_is_warned_about() -> None:
    without = check_charges(["B07.9"], [line("99213"), line("17110")])
    with_25 = check_charges(["B07.9"], [line("99213", "25"), line("17110")])
    with_lab = check_charges(["J02.0"], [line("99213"), line("87880", "QW")])

    assert any("modifier 25" in w for w in without.warnings)
    assert not any("modifier 25" in w for w in with_25.warnings + with_lab.warnings)


def test_ga_is_accepted_on_a_medicare_claim_and_qw_is_expected_there() -> None:
    checked = check_charges(["J02.0"], [line("99213", "GA"), line("87880")], medicare=True)

    assert any("QW" in w for w in checked.warnings)
    assert checked.total_cents == 2000
