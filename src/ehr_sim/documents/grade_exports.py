"""Grade files an LMS imports: Canvas's gradebook-import CSV, Moodle's grade-import CSV, and
an XLSX workbook with one sheet per assignment. Pure writers: plain data in, bytes out.

Every rule below comes from the importers' own code (docs: ../shared/design/EXPORTS.md §1–2):
- Canvas: layout C (`Student,ID,SIS User ID,SIS Login ID,Section`; B without SIS user ids),
  then one column per assignment, then a `Points Possible` row. Only students EHR Sim graded
  are written (a blank cell where Canvas has a score would count as a change). Titles are
  ASCII, never end in ` (digits)` (that would post into that Canvas assignment), and contain
  none of the words Canvas drops as totals. Numbers are plain `92.5` (Canvas reads `1,000`
  as 1.000). A cell starting with `=` is written `="…"`, as Canvas's own export does.
- Moodle: identifier columns only when no row has them blank (a blank identifier sends the
  row's grades to the previous row's student), never `Last downloaded from this course`,
  grades 0–100 (a new grade item aborts above 100), feedback as `{title} (Feedback)`.
Both CSVs are UTF-8 with a BOM (Moodle strips it; Canvas's header tests are substring tests,
so it passes there too) and comma-separated, every row the same width.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

# Canvas drops any header containing one of these (an unanchored regex: "Final Grade Review"
# is lost too): gradebook_importer.rb NON_ASSIGNMENT_COLUMN_HEADERS.
CANVAS_TOTAL_WORDS = (
    "Current Score",
    "Current Points",
    "Current Grade",
    "Final Score",
    "Final Points",
    "Final Grade",
    "Override Score",
    "Override Grade",
    "Override Status",
)
TITLE_PREFIX = "EHR Sim: "
MOODLE_MAX = 100  # a new Moodle grade item aborts on grades above 100


class GradeExportProblem(Exception):
    """The grades cannot be written in that format; the message says why."""


@dataclass(frozen=True)
class GradeRow:
    """One student's grade for one assignment, with the ids an LMS matches them by."""

    name: str  # "Jane Doe"
    sortable_name: str  # "Doe, Jane" (may be empty)
    login: str  # Canvas SIS Login ID, Moodle username
    sis_id: str  # Canvas SIS User ID, Moodle ID number
    lms_id: str  # Canvas user id (only when the roster came from Canvas)
    email: str
    section: str
    grade: float | None  # on the assignment's points; None: nothing graded to export
    late: bool
    scenario_scores: tuple[int | None, ...]  # the best counted score per scenario
    attempts: int  # attempts counted
    feedback: str  # one line for the LMS's feedback column


@dataclass(frozen=True)
class GradeSheet:
    """One assignment's grades."""

    assignment_id: int
    title: str
    points: int
    scenarios: tuple[str, ...]  # scenario titles, in the assignment's order
    due_at: datetime | None
    rows: tuple[GradeRow, ...]


def number_text(value: float) -> str:
    """`92.5`, `41`, `66.67`: at most two decimals, a point, no thousands separator."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def column_title(title: str) -> str:
    """The assignment's column header: `EHR Sim: <title>` in stable ASCII, with none of
    Canvas's total words and never ending in ` (digits)`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    plain = " ".join(plain.split()) or "Assignment"
    for words in CANVAS_TOTAL_WORDS:  # "Final Grade" → "Final-Grade", keeping the case
        first, second = words.split(" ")
        plain = re.sub(rf"({first})\s+({second})", r"\1-\2", plain, flags=re.IGNORECASE)
    plain = re.sub(r"\s\((\d+)\)$", r" [\1]", plain)
    return TITLE_PREFIX + plain


def _canvas_cell(text: str) -> str:
    """Canvas's own export writes a cell starting with `=` as `="…"` (no formula runs)."""
    if text.startswith("="):
        return '="' + text.replace('"', '""') + '"'
    return text


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    width = max(len(row) for row in rows)
    for row in rows:
        assert len(row) == width, "every row the same width"
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def canvas_csv(sheet: GradeSheet) -> bytes:
    """Canvas's gradebook import (Grades ▸ Import): layout C, or B when no SIS user ids."""
    graded = [row for row in sheet.rows if row.grade is not None]
    with_sis = any(row.sis_id for row in graded)
    info = ["Student", "ID"] + (["SIS User ID"] if with_sis else []) + ["SIS Login ID", "Section"]
    blanks = [""] * (len(info) - 1)
    lines: list[list[str]] = [
        [*info, column_title(sheet.title)],
        ["Points Possible", *blanks, number_text(sheet.points)],
    ]
    for row in graded:
        assert row.grade is not None
        ids = [row.lms_id] + ([row.sis_id] if with_sis else []) + [row.login]
        lines.append(
            [
                _canvas_cell(row.sortable_name or row.name),
                *(_canvas_cell(value) for value in ids),
                _canvas_cell(row.section),
                number_text(row.grade),
            ]
        )
    return _csv(lines)


def moodle_csv(sheet: GradeSheet) -> bytes:
    """Moodle's grade import (Grades ▸ Import ▸ CSV file): identifier columns none of whose
    cells is blank, the grade, and its feedback."""
    if sheet.points > MOODLE_MAX:
        raise GradeExportProblem(
            f"assignment {sheet.assignment_id} is worth {sheet.points} points, and Moodle "
            f"refuses grades above {MOODLE_MAX} in a new grade item: export it as xlsx or "
            f"canvas, or give the assignment {MOODLE_MAX} points or fewer"
        )
    graded = [row for row in sheet.rows if row.grade is not None]
    identifiers = [
        (header, field)
        for header, field in (
            ("Email address", "email"),
            ("ID number", "sis_id"),
            ("Username", "login"),
        )
        if all(getattr(row, field).strip() for row in graded)
    ]
    if graded and not identifiers:
        raise GradeExportProblem(
            "Moodle matches students by email, ID number or username, and some students "
            "have none of them on the roster: import the roster again with one of them"
        )
    title = column_title(sheet.title)
    lines: list[list[str]] = [
        [header for header, _ in identifiers] + [title, f"{title} (Feedback)"]
    ]
    for row in graded:
        assert row.grade is not None
        lines.append(
            [getattr(row, field).strip() for _, field in identifiers]
            + [number_text(row.grade), row.feedback]
        )
    return _csv(lines)


def _sheet_name(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'") or "Assignment"
    base = " ".join(base.split())[:31]
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def grades_xlsx(sheets: Sequence[GradeSheet]) -> bytes:
    """A workbook with one sheet per assignment: every roster student, each scenario's best
    score, late, the grade on the assignment's points (empty when nothing was graded)."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    taken: set[str] = set()
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.title, taken))
        headers = [
            "Student",
            "Login",
            "SIS User ID",
            "Email",
            "Section",
            *(f"Best: {scenario}" for scenario in sheet.scenarios),
            "Late",
            f"Grade (of {sheet.points})",
            "Attempts counted",
        ]
        page.append(headers)
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            grade = None if row.grade is None else round(row.grade, 2)
            values: list[str | int | float | None] = [
                row.sortable_name or row.name,
                row.login,
                row.sis_id,
                row.email,
                row.section,
                *row.scenario_scores,
                "late" if row.late else "",
                grade,
                row.attempts,
            ]
            page.append(values)
            for cell in page[page.max_row]:
                # openpyxl writes a text starting with "=" as a formula: keep it text.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for index, header in enumerate(headers, start=1):
            letter = page.cell(row=1, column=index).column_letter
            longest = max(
                [len(header)] + [len(str(c.value)) for c in page[letter] if c.value is not None]
            )
            page.column_dimensions[letter].width = min(50, longest + 2)
        page.freeze_panes = "B2"
    if not sheets:
        book.create_sheet("Grades")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = [
    "GradeExportProblem",
    "GradeRow",
    "GradeSheet",
    "canvas_csv",
    "column_title",
    "grades_xlsx",
    "moodle_csv",
    "number_text",
]
