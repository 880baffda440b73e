"""A student's debrief for one assignment as a PDF (reportlab): each graded attempt's score,
its critical errors and every criterion met or missed, with the evidence from the log.

The report is the grading Report as JSON (grading/report.py, as the gradebook keeps it in
class_grades.report, or as `ehr-sim grade --json` prints it: the same keys and more)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class DebriefAttempt:
    scenario_id: str
    started_at: datetime
    ended_at: datetime | None
    mode: str
    score: int
    late: bool
    note: str  # why it is not counted, or ""
    report: Mapping[str, Any]  # the grading Report as JSON


@dataclass(frozen=True)
class StudentDebrief:
    student_name: str
    login: str
    assignment_title: str
    grade: str  # "92.5 of 100 points", "no grade"
    due_at: datetime | None
    attempts: tuple[DebriefAttempt, ...]


def _local(moment: datetime) -> datetime:
    """A class time (kept in UTC, no zone) in this computer's local time, to print."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def criterion_word(points: int, met: bool) -> str:
    """As `ehr-sim grade` marks a criterion (docs/packs.md §8): a harmful act (negative
    points) was `committed` or `avoided`; others are `met` or `missed`."""
    if points < 0:
        return "committed" if met else "avoided"
    return "met" if met else "missed"


def _items(value: object) -> Sequence[Mapping[str, Any]]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def debrief_pdf(debrief: StudentDebrief) -> bytes:
    """The debrief as PDF bytes; the same data always gives the same bytes (invariant)."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=letter,
        title=f"Debrief: {debrief.student_name}, {debrief.assignment_title}",
        author="EHR Sim",
        invariant=1,
        pageCompression=0,
        leftMargin=0.7 * inch,
        rightMargin=0.7 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
    )
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceBefore=1)

    def para(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(value), style)

    due = f" · due {_local(debrief.due_at):%m/%d/%Y %I:%M %p}" if debrief.due_at else ""
    story: list[Any] = [
        para(f"Debrief: {debrief.student_name}", styles["Title"]),
        para(f"{debrief.assignment_title}{due}"),
        para(f"Login {debrief.login} · grade: {debrief.grade}"),
        Spacer(1, 0.15 * inch),
    ]
    for number, attempt in enumerate(debrief.attempts, start=1):
        ended = f"{_local(attempt.ended_at):%m/%d/%Y %I:%M %p}" if attempt.ended_at else "not ended"
        story.append(
            para(f"Attempt {number}: {attempt.scenario_id} — {attempt.score}/100", heading)
        )
        story.append(
            para(
                f"{attempt.mode.capitalize()}, started {_local(attempt.started_at):%m/%d/%Y %I:%M %p}, "
                f"ended {ended}{' · LATE' if attempt.late else ''}"
            )
        )
        if attempt.note:
            story.append(para(attempt.note))
        critical = _items(attempt.report.get("critical"))
        for error in critical:
            story.append(
                para(
                    f"CRITICAL ERROR {error.get('title', '')}: {error.get('detail', '')} "
                    f"(score capped at {error.get('cap', '')}). {error.get('feedback', '')}"
                )
            )
            story.extend(_evidence(error, small, para))
        if not critical:
            story.append(para("No critical errors."))
        rows: list[list[Any]] = [
            [para("Criterion", small), para("Result", small), para("Points", small)]
        ]
        for criterion in _items(attempt.report.get("criteria")):
            points = int(criterion.get("points", 0))
            word = criterion_word(points, bool(criterion.get("met")))
            lines = [
                f"{criterion.get('title', '')}: {criterion.get('feedback', '')}",
                str(criterion.get("detail", "")),
            ]
            for line in _items(criterion.get("evidence")):
                lines.append(
                    f"#{line.get('seq', '')} {line.get('at', '')} {line.get('action', '')}: "
                    f"{line.get('outcome', '')} {line.get('message', '')}".rstrip()
                )
            rows.append(
                [
                    [para(text, small) for text in lines if text.strip()],
                    para(word, small),
                    para(f"{criterion.get('awarded', 0)}/{points}", small),
                ]
            )
        if len(rows) > 1:
            table = Table(rows, colWidths=[5.0 * inch, 0.9 * inch, 0.8 * inch], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ]
                )
            )
            story.append(table)
        changed = attempt.report.get("changed_words")
        if isinstance(changed, list) and changed:
            story.append(para("What you changed:"))
            story.extend(para(f"- {sentence}", small) for sentence in changed)
        story.append(Spacer(1, 0.2 * inch))
    doc.build(story)
    return out.getvalue()


def _evidence(item: Mapping[str, Any], style: ParagraphStyle, para: Any) -> list[Any]:
    return [
        para(
            f"#{line.get('seq', '')} {line.get('at', '')} {line.get('action', '')}: "
            f"{line.get('outcome', '')} {line.get('message', '')}".rstrip(),
            style,
        )
        for line in _items(item.get("evidence"))
    ]


__all__ = ["DebriefAttempt", "StudentDebrief", "criterion_word", "debrief_pdf"]
