"""A patient statement as a one-page PDF (reportlab): the clinic, the account, recent activity
and the amount due, with a tear-off stub to send back with a payment."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ehr_sim.domain.money import Money

MAX_LINES = 18  # the most recent activity that fits one page with the totals and stub


@dataclass(frozen=True, slots=True)
class StatementLine:
    posted_on: date
    description: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class StatementData:
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    statement_date: date
    account: str
    patient_name: str
    address_lines: tuple[str, ...]
    lines: tuple[StatementLine, ...]
    balance_cents: int
    insurance_pending_cents: int
    amount_due_cents: int
    plan_line: str = ""


def statement_pdf(data: StatementData) -> bytes:
    """The statement as PDF bytes."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=f"Statement {data.account} {data.statement_date:%Y-%m-%d}",
        author=data.clinic_name,
        leftMargin=0.7 * inch,
        rightMargin=0.7 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
    )
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    story: list[object] = [
        Paragraph(_escape(data.clinic_name), heading),
        Paragraph(_escape(f"{data.clinic_address} · {data.clinic_phone}"), body),
        Spacer(1, 0.2 * inch),
        _boxed(
            [
                ["Statement date", f"{data.statement_date:%m/%d/%Y}", "Account", data.account],
                ["Patient", data.patient_name, "Amount due", str(Money(data.amount_due_cents))],
            ]
        ),
        Spacer(1, 0.15 * inch),
        Paragraph(
            "<br/>".join(_escape(line) for line in (data.patient_name, *data.address_lines)), body
        ),
        Spacer(1, 0.2 * inch),
    ]
    shown = data.lines[-MAX_LINES:]
    rows = [["Date", "Description", "Amount"]] + [
        [f"{line.posted_on:%m/%d/%Y}", line.description[:70], str(Money(line.amount_cents))]
        for line in shown
    ]
    activity = Table(rows, colWidths=[1.0 * inch, 4.6 * inch, 1.3 * inch], repeatRows=1)
    activity.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
            ]
        )
    )
    story += [
        activity,
        Spacer(1, 0.15 * inch),
        _boxed(
            [
                ["Account balance", str(Money(data.balance_cents))],
                ["Waiting for insurance", str(Money(data.insurance_pending_cents))],
                ["Please pay", str(Money(data.amount_due_cents))],
            ],
            widths=[2.2 * inch, 1.3 * inch],
        ),
    ]
    if data.plan_line:
        story += [Spacer(1, 0.1 * inch), Paragraph(_escape(data.plan_line), body)]
    story += [
        Spacer(1, 0.3 * inch),
        Paragraph(
            "- - - - - - - - - - - - detach and return with your payment - - - - - - - - - - - -",
            body,
        ),
        _boxed(
            [
                ["Account", data.account, "Amount due", str(Money(data.amount_due_cents))],
                ["Patient", data.patient_name, "Amount enclosed", "$__________"],
            ]
        ),
        Paragraph(
            _escape(
                f"Questions about this bill? Call {data.clinic_phone}. Amounts waiting for "
                "insurance are not due until your plan has answered."
            ),
            body,
        ),
    ]
    doc.build(story)
    return out.getvalue()


def _boxed(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths or [1.3 * inch, 2.2 * inch, 1.3 * inch, 2.1 * inch])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
            ]
        )
    )
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
