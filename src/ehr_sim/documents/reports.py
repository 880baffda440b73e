"""The office's reports as documents: a report is a title and sections of plain tables (and
optionally one bar chart); it prints to PDF (reportlab) and exports to CSV or XLSX (the
sections stacked, through documents/spreadsheet.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ehr_sim.documents.spreadsheet import csv_sections_bytes, xlsx_sections_bytes


@dataclass(frozen=True, slots=True)
class Section:
    """One table of a report: a heading, column headers and rows of text as shown on screen."""

    heading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Columns holding money or counts, right-aligned in print.
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    printed_at: datetime
    clinic_name: str = ""
    # One bar per (label, value): the chart a glance reads better than the table.
    chart: tuple[tuple[str, int], ...] = ()
    chart_title: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def report_pdf(report: Report) -> bytes:
    """The report as PDF bytes: the clinic and title, each section's table, the chart."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=report.title,
        author=report.clinic_name or "EHR Sim",
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10)
    story: list[object] = []
    if report.clinic_name:
        story.append(Paragraph(_escape(report.clinic_name), styles["Heading3"]))
    story += [
        Paragraph(_escape(report.title), styles["Heading1"]),
        Paragraph(_escape(report.subtitle), body),
        Paragraph(_escape(f"Printed {report.printed_at:%m/%d/%Y %I:%M %p}"), body),
        Spacer(1, 0.15 * inch),
    ]
    for line in report.notes:
        story.append(Paragraph(_escape(line), body))
    if report.chart:
        story += [Spacer(1, 0.1 * inch), _chart(report), Spacer(1, 0.15 * inch)]
    width = LETTER[0] - 1.2 * inch
    for section in report.sections:
        story.append(Paragraph(_escape(section.heading), styles["Heading3"]))
        if not section.rows:
            story.append(Paragraph("None.", body))
            continue
        data: list[list[object]] = [list(section.headers)]
        data += [
            [c if i in section.numeric else Paragraph(_escape(c), cell) for i, c in enumerate(r)]
            for r in section.rows
        ]
        table = Table(data, repeatRows=1, colWidths=_widths(section, width))
        style = [
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
        ]
        style += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(section.numeric)]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 0.12 * inch)]
    doc.build(story)
    return out.getvalue()


def _widths(section: Section, width: float) -> list[float]:
    """Amounts and counts get a narrow column each; words share the rest (and wrap)."""
    narrow = 0.95 * inch
    words = [i for i in range(len(section.headers)) if i not in section.numeric]
    if not words:
        return [width / len(section.headers)] * len(section.headers)
    room = width - narrow * (len(section.headers) - len(words))
    return [
        narrow if i in section.numeric else room / len(words) for i in range(len(section.headers))
    ]


def _chart(report: Report) -> Drawing:
    bars = report.chart[:12]
    height = 30 + 18 * len(bars)
    drawing = Drawing(6.8 * inch, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 1.6 * inch, 10
    chart.width, chart.height = 4.8 * inch, height - 20
    chart.data = [[max(0, v) for _label, v in reversed(bars)]]
    chart.categoryAxis.categoryNames = [label[:28] for label, _v in reversed(bars)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#2f6db5")
    drawing.add(chart)
    return drawing


def report_csv(report: Report) -> bytes:
    return csv_sections_bytes(_sections(report))


def report_xlsx(report: Report) -> bytes:
    return xlsx_sections_bytes(report.title, _sections(report))


def _sections(
    report: Report,
) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    return [(s.heading, s.headers, s.rows) for s in report.sections]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
