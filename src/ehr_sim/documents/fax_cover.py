"""A fax cover sheet: from, to, numbers, pages, subject, and the confidentiality notice."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

NOTICE = (
    "CONFIDENTIAL: This fax may contain protected health information. It is meant only for "
    "the person or office named above. If you received it by mistake, please call the sender "
    "at once and destroy every page; do not read, copy or pass it on."
)


@dataclass(frozen=True)
class CoverSheet:
    from_name: str
    from_phone: str
    from_fax: str
    to_name: str
    to_fax: str
    sent_at: str
    pages: int  # pages including this one
    subject: str
    message: str


def cover_sheet_pdf(sheet: CoverSheet) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer, pagesize=LETTER, leftMargin=inch, rightMargin=inch, title="Fax cover sheet"
    )
    rows = [
        ["To:", sheet.to_name],
        ["Fax:", sheet.to_fax],
        ["From:", sheet.from_name],
        ["Phone:", sheet.from_phone],
        ["Fax:", sheet.from_fax],
        ["Date:", sheet.sent_at],
        ["Pages:", f"{sheet.pages} (including this cover sheet)"],
        ["Re:", sheet.subject],
    ]
    table = Table(rows, colWidths=[1.1 * inch, 5.2 * inch])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 12),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, -1), (-1, -1), 1, "black"),
            ]
        )
    )
    story = [
        Paragraph("FAX", styles["Title"]),
        Spacer(1, 0.2 * inch),
        table,
        Spacer(1, 0.3 * inch),
        Paragraph(_escape(sheet.message) or "&nbsp;", styles["BodyText"]),
        Spacer(1, 0.5 * inch),
        Paragraph(_escape(NOTICE), styles["Italic"]),
    ]
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
