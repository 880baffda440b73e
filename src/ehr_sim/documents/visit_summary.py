"""The visit summary handed to the patient at check-out: who, when, what was done, the next
visit, medications, and what was paid or is owed. A PDF from plain data (reportlab)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class VisitSummary:
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    patient_name: str
    patient_dob: date
    visit_start: datetime
    provider: str
    visit_type: str
    reason: str
    services: tuple[str, ...]  # "99213 Office visit, established" …
    diagnoses: tuple[str, ...]
    next_visit: str  # "" when none is booked
    medications: tuple[str, ...]
    paid_today: str  # "$25.00 co-pay, receipt R000123" or ""
    balance: str


def visit_summary_pdf(summary: VisitSummary) -> bytes:
    """One letter-size page; the same data always gives the same bytes (invariant)."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=letter,
        title=f"Visit summary {summary.visit_start:%m/%d/%Y}",
        invariant=1,
        pageCompression=0,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
    )
    styles = getSampleStyleSheet()
    text, heading = styles["BodyText"], styles["Heading2"]

    def para(value: str) -> Paragraph:
        return Paragraph(escape(value), text)

    rows = [
        ("Patient", f"{summary.patient_name} (DOB {summary.patient_dob:%m/%d/%Y})"),
        ("Visit", f"{summary.visit_start:%A %m/%d/%Y %I:%M %p} · {summary.visit_type}"),
        ("Provider", summary.provider),
        ("Reason", summary.reason or "—"),
        ("Services", "; ".join(summary.services) or "—"),
        ("Diagnoses", "; ".join(summary.diagnoses) or "—"),
        ("Next visit", summary.next_visit or "None booked: call us to schedule."),
        ("Paid today", summary.paid_today or "—"),
        ("Balance", summary.balance),
    ]
    table = Table([[para(k), para(v)] for k, v in rows], colWidths=[1.3 * inch, 5.5 * inch])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph(escape(summary.clinic_name), styles["Title"]),
        para(f"{summary.clinic_address} · {summary.clinic_phone}"),
        Spacer(1, 0.2 * inch),
        Paragraph("Visit summary", heading),
        table,
        Paragraph("Your medications", heading),
        *[para(f"• {m}") for m in summary.medications or ("None on file.",)],
        Spacer(1, 0.2 * inch),
        para("Questions? Call us. In an emergency, call 911."),
    ]
    doc.build(story)
    return out.getvalue()
