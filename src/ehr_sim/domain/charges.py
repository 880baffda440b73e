"""Charge entry rules: a superbill's diagnoses and service lines, checked before anything is
written (codes known, modifiers that fit, units, pointers to real diagnoses, money >= 0).

Pure: the handler passes in what it read (the clinic's fee schedule, the payer's kind).
"""

from __future__ import annotations

from dataclasses import dataclass

from ehr_sim.domain.claims import DIAGNOSIS_LETTERS, MAX_DIAGNOSES, MAX_MODIFIERS, join_codes
from ehr_sim.domain.codes import (
    CLIA_WAIVED,
    CPT,
    EM_CODES,
    MODIFIERS,
    icd10_for_claim,
    icd10_problem,
    icd10_specificity_warning,
    icd10_with_dot,
)
from ehr_sim.domain.money import Money

MAX_POINTERS = 4  # CMS-1500 item 24E: up to four diagnoses per line
MAX_LINES = 6  # one paper CMS-1500 holds six service lines
MAX_UNITS = 999


class ChargeProblem(ValueError):
    """A superbill that cannot be entered, with what is wrong in plain words."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One service on the superbill: code, modifiers, units, diagnosis letters, charge."""

    cpt: str
    modifiers: tuple[str, ...]
    units: int
    pointers: tuple[str, ...]  # letters A-L of the superbill's diagnoses
    charge_cents: int

    @property
    def modifier_text(self) -> str:
        return join_codes(self.modifiers)

    @property
    def pointer_text(self) -> str:
        return join_codes(self.pointers)


def parse_pointers(text: str) -> tuple[str, ...]:
    """'A,B', 'ab', '1 2' -> ('A', 'B'): letters as on the claim, or numbers 1-12."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if len(parts) == 1 and parts[0].isalpha():
        parts = list(parts[0])
    letters = []
    for part in parts:
        if part.isdigit() and 1 <= int(part) <= MAX_DIAGNOSES:
            letters.append(DIAGNOSIS_LETTERS[int(part) - 1])
        else:
            letters.append(part.upper())
    return tuple(letters)


def parse_line(text: str, fees: dict[str, int]) -> ChargeLine:
    """Read 'cpt; modifiers; units; pointers; charge' ('99213; 25; 1; A,B; 130.00').

    Empty modifiers, units (1) and charge (the clinic's fee for the code) may be left out."""
    parts = [p.strip() for p in text.split(";")]
    if len(parts) < 4 or len(parts) > 5:
        raise ChargeProblem(
            f"'{text}' is not a service line: write 'code; modifiers; units; diagnosis "
            "pointers; charge', for example '99213; 25; 1; A,B; 130.00'."
        )
    cpt = parts[0].upper()
    modifiers = tuple(m.upper() for m in parts[1].replace(",", " ").split() if m)
    units_text = parts[2] or "1"
    if not units_text.lstrip("-").isdigit():
        raise ChargeProblem(f"Units must be a whole number, not '{parts[2]}'.")
    if len(parts) == 5 and parts[4]:
        text_amount = parts[4].strip()
        negative = text_amount.startswith("-")
        try:
            cents = Money.parse(text_amount.lstrip("-")).cents
        except ValueError as error:
            raise ChargeProblem(str(error)) from None
        charge = -cents if negative else cents
    else:
        charge = fees.get(cpt, 0) * max(int(units_text), 1)
    return ChargeLine(cpt, modifiers, int(units_text), parse_pointers(parts[3]), charge)


@dataclass(frozen=True, slots=True)
class CheckedCharges:
    """A superbill that may be entered: diagnoses in claim form (no dot), and warnings."""

    diagnoses: tuple[str, ...]
    lines: tuple[ChargeLine, ...]
    warnings: tuple[str, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)


def check_charges(
    diagnoses: tuple[str, ...] | list[str],
    lines: tuple[ChargeLine, ...] | list[ChargeLine],
    *,
    medicare: bool = False,
) -> CheckedCharges:
    """The superbill as it may be entered, or ChargeProblem naming the first thing wrong."""
    codes = tuple(icd10_for_claim(code) for code in diagnoses if code.strip())
    if not codes:
        raise ChargeProblem(
            "Enter at least one diagnosis (ICD-10-CM) from the visit note.", "no_diagnosis"
        )
    if len(codes) > MAX_DIAGNOSES:
        raise ChargeProblem(f"A claim carries at most {MAX_DIAGNOSES} diagnoses (A-L).")
    if len(set(codes)) != len(codes):
        raise ChargeProblem("A diagnosis is listed twice; list each code once.")
    for code in codes:
        if (problem := icd10_problem(code)) is not None:
            raise ChargeProblem(problem, "invalid_diagnosis")
    if not lines:
        raise ChargeProblem("Enter at least one service (a CPT or HCPCS code).", "no_lines")
    if len(lines) > MAX_LINES:
        raise ChargeProblem(f"One claim holds at most {MAX_LINES} service lines.")
    warnings = [w for code in codes if (w := icd10_specificity_warning(code)) is not None]
    letters = DIAGNOSIS_LETTERS[: len(codes)]
    for number, line in enumerate(lines, start=1):
        warnings += _check_line(number, line, lines, letters, medicare=medicare)
    used = {p for line in lines for p in line.pointers}
    for letter, code in zip(letters, codes, strict=False):
        if letter not in used:
            warnings.append(
                f"Diagnosis {letter} ({icd10_with_dot(code)}) is not pointed to by any line."
            )
    return CheckedCharges(codes, tuple(lines), tuple(warnings))


def _check_line(
    number: int,
    line: ChargeLine,
    lines: tuple[ChargeLine, ...] | list[ChargeLine],
    letters: str,
    *,
    medicare: bool,
) -> list[str]:
    where = f"Line {number} ({line.cpt or 'no code'})"
    if line.cpt not in CPT:
        raise ChargeProblem(
            f"{where}: {line.cpt or 'the code'} is not a procedure code on the clinic's "
            "superbill; check the code on the encounter form.",
            "unknown_code",
        )
    if line.charge_cents < 0:
        raise ChargeProblem(
            f"{where}: a charge cannot be negative ({Money(line.charge_cents)}); a reduction "
            "is an adjustment, posted separately with a reason.",
            "negative_charge",
        )
    if not 1 <= line.units <= MAX_UNITS:
        raise ChargeProblem(f"{where}: units must be 1 to {MAX_UNITS}, not {line.units}.")
    if not line.pointers:
        raise ChargeProblem(
            f"{where}: point it to at least one diagnosis (A-{letters[-1]}).", "bad_pointer"
        )
    if len(line.pointers) > MAX_POINTERS:
        raise ChargeProblem(f"{where}: a line points to at most {MAX_POINTERS} diagnoses.")
    for pointer in line.pointers:
        if pointer not in letters:
            raise ChargeProblem(
                f"{where}: pointer {pointer} points to no diagnosis; this superbill has "
                f"{len(letters)} ({', '.join(letters)}).",
                "bad_pointer",
            )
    if len(set(line.pointers)) != len(line.pointers):
        raise ChargeProblem(f"{where}: a diagnosis is pointed to twice.", "bad_pointer")
    return _check_modifiers(where, line, lines, medicare=medicare)


def _check_modifiers(
    where: str,
    line: ChargeLine,
    lines: tuple[ChargeLine, ...] | list[ChargeLine],
    *,
    medicare: bool,
) -> list[str]:
    if len(line.modifiers) > MAX_MODIFIERS:
        raise ChargeProblem(f"{where}: at most {MAX_MODIFIERS} modifiers.")
    if len(set(line.modifiers)) != len(line.modifiers):
        raise ChargeProblem(f"{where}: a modifier is listed twice.")
    for modifier in line.modifiers:
        if modifier not in MODIFIERS:
            raise ChargeProblem(
                f"{where}: modifier {modifier} is not one the clinic uses "
                f"({', '.join(MODIFIERS)}).",
                "bad_modifier",
            )
    mods = set(line.modifiers)
    is_visit = line.cpt in EM_CODES
    procedures = [other for other in lines if other.cpt not in EM_CODES and other is not line]
    if "25" in mods and not is_visit:
        raise ChargeProblem(
            f"{where}: modifier 25 goes on the office visit code only.", "bad_modifier"
        )
    if "59" in mods and is_visit:
        raise ChargeProblem(
            f"{where}: modifier 59 is for procedures, never an office visit code.", "bad_modifier"
        )
    if "QW" in mods and line.cpt not in CLIA_WAIVED:
        raise ChargeProblem(f"{where}: QW is only for a CLIA-waived lab test.", "bad_modifier")
    if "GA" in mods and not medicare:
        raise ChargeProblem(
            f"{where}: GA (an ABN on file) is for Medicare claims only.", "bad_modifier"
        )
    warnings = []
    if is_visit and procedures and "25" not in mods and not _is_lab_only(procedures):
        warnings.append(
            f"{where}: a visit billed with a procedure the same day usually needs modifier 25 "
            "(a separate, significant visit); without it the payer may bundle the visit."
        )
    if medicare and line.cpt in CLIA_WAIVED and line.cpt != "81002" and "QW" not in mods:
        warnings.append(f"{where}: Medicare wants QW on a CLIA-waived test.")
    return warnings


def _is_lab_only(lines: list[ChargeLine]) -> bool:
    """Waived tests, blood draws and vaccines do not make a visit need modifier 25."""
    return all(line.cpt in CLIA_WAIVED or line.cpt in {"36415", "90471", "90686"} for line in lines)
