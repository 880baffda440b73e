"""The grade-file writers' own rules (EXPORTS.md §1–2), on plain data: column titles Canvas
neither drops nor posts elsewhere, numbers as both importers read them, Moodle's 100 cap."""

from __future__ import annotations

import csv
import io

import pytest

from ehr_sim.documents.grade_exports import (
    GradeExportProblem,
    GradeRow,
    GradeSheet,
    canvas_csv,
    column_title,
    moodle_csv,
    number_text,
)


def row(login: str, grade: float | None, **given: str) -> GradeRow:
    return GradeRow(
        name=given.get("name", login),
        sortable_name=given.get("sortable_name", ""),
        login=login,
        sis_id=given.get("sis_id", ""),
        lms_id=given.get("lms_id", ""),
        email=given.get("email", f"{login}@example.edu"),
        section=given.get("section", ""),
        grade=grade,
        late=False,
        scenario_scores=(None if grade is None else int(grade),),
        attempts=0 if grade is None else 1,
        feedback="",
    )


def sheet(*rows: GradeRow, points: int = 100, title: str = "Lab") -> GradeSheet:
    return GradeSheet(7, title, points, ("Check-in",), None, rows)


@pytest.mark.parametrize(
    ("title", "column"),
    [
        ("Front Desk Day 1", "EHR Sim: Front Desk Day 1"),
        ("Lab (12)", "EHR Sim: Lab [12]"),  # would post into Canvas assignment 12
        ("Final Grade Review", "EHR Sim: Final-Grade Review"),  # Canvas drops "Final Grade"
        ("current   score check", "EHR Sim: current-score check"),
        ("Prise en charge: café (à l'accueil)", "EHR Sim: Prise en charge: cafe (a l'accueil)"),
        ("", "EHR Sim: Assignment"),
    ],
)
def test_a_column_title_is_ascii_without_canvas_total_words_or_a_trailing_number(
    title: str, column: str
) -> None:
    assert column_title(title) == column


@pytest.mark.parametrize(
    ("value", "text"),
    [(92.5, "92.5"), (41.0, "41"), (200 / 3, "66.67"), (1000.0, "1000"), (0.0, "0"), (0.004, "0")],
)
def test_numbers_are_plain_with_a_point_and_no_thousands_separator(value: float, text: str) -> None:
    assert number_text(value) == text


def test_only_graded_students_go_into_the_canvas_file_and_layout_b_without_sis_ids() -> None:
    data = canvas_csv(sheet(row("jdoe", 92.5, lms_id="48213"), row("rroe", None)))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["Student", "ID", "SIS Login ID", "Section", "EHR Sim: Lab"],
        ["Points Possible", "", "", "", "100"],
        ["jdoe", "48213", "jdoe", "", "92.5"],
    ]


def test_moodle_refuses_an_assignment_worth_more_than_100_points() -> None:
    with pytest.raises(GradeExportProblem, match="worth 150 points, and Moodle refuses"):
        moodle_csv(sheet(row("jdoe", 120.0), points=150))


def test_moodle_refuses_when_no_identifier_is_known_for_every_student() -> None:
    with pytest.raises(GradeExportProblem, match="Moodle matches students by"):
        moodle_csv(sheet(row("jdoe", 50.0, email=""), row(" ", 60.0)))
