"""Tables as CSV or XLSX bytes: a title, headers and rows of plain values."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | date | datetime | None


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a header row (a byte-order mark, so spreadsheet programs read it right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """An XLSX workbook with one sheet named `title`: bold headers, values kept as numbers and
    dates, columns wide enough for their text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [len(_text(r[index - 1])) for r in rows if r[index - 1]])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(
            60, width + 2
        )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Cell) -> str:
    if isinstance(value, datetime):
        return value.strftime("%m/%d/%Y %I:%M %p")
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    return str(value)


Section = tuple[str, Sequence[str], Sequence[Sequence[str]]]
_MONEY = re.compile(r"^(-?)\$(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$")
MONEY_FORMAT = '"$"#,##0.00;-"$"#,##0.00'


def csv_sections_bytes(sections: Sequence[Section]) -> bytes:
    """Several tables in one CSV: each as its heading, its header row and its rows, with a
    blank line between (a report of several parts, as printed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, (heading, headers, rows) in enumerate(sections):
        if number:
            writer.writerow([])
        writer.writerow([heading])
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_sections_bytes(title: str, sections: Sequence[Section]) -> bytes:
    """A workbook with one sheet per table (named by its heading); amounts shown as "$25.00"
    are stored as exact numbers in a currency format, so they sum in a spreadsheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    used: set[str] = set()
    for heading, headers, rows in sections or [(title, [], [])]:
        name = _sheet_name(heading, used)
        sheet = book.create_sheet(name)
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_number(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = MONEY_FORMAT
        for index, header in enumerate(headers, start=1):
            width = max([len(header)] + [len(r[index - 1]) for r in rows if len(r) >= index])
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(heading: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", heading).strip()[:28] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base} {number}", number + 1
    used.add(name.lower())
    return name


def _number(text: str) -> str | Decimal:
    match = _MONEY.match(text)
    if match is None:
        return text
    sign, dollars, cents = match.groups()
    return Decimal(f"{sign}{dollars.replace(',', '')}.{cents}")
