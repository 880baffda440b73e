"""Letters the front desk sends from templates (no-show, recall, referral, balance
reminder): the templates, merging them with a chart's fields, and the printed PDF.

A template names its fields as {field}; merging refuses (returns the missing fields) rather
than print a letter with a blank where a name or an amount should be.
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


@dataclass(frozen=True)
class Template:
    title: str
    body: str


_OPENING = "{date}\n\n{patient_name}\n{address}\n\nDear {salutation},\n\n"
_CLOSING = (
    "\n\nIf you have any questions, please call us at {clinic_phone}.\n\n"
    "Sincerely,\n\nThe front desk team\n{clinic_name}"
)

TEMPLATES: dict[str, Template] = {
    "no-show": Template(
        "Missed appointment",
        _OPENING + "Our records show that you missed your appointment on {missed_visit} with "
        "{missed_provider}. We hope all is well. Regular visits help us take good care of "
        "you; please call us to book a new appointment at a time that suits you." + _CLOSING,
    ),
    "recall": Template(
        "Time for your visit",
        _OPENING + "Our records show that your last visit with {provider} was on {last_visit}, and "
        "you are due for your {recall_visit}. Please call us to schedule it, or book "
        "through the patient portal." + _CLOSING,
    ),
    "referral": Template(
        "Your referral",
        _OPENING
        + "{provider} has referred you to {referred_to} for {referral_reason}. Please call "
        "their office to schedule your appointment, and bring your insurance card and a "
        "list of your medicines. We have sent them the information they need." + _CLOSING,
    ),
    "balance reminder": Template(
        "Balance reminder",
        _OPENING + "This is a friendly reminder that your account has a balance of {balance}. You "
        "can pay by phone, at the front desk or through the patient portal. If you would "
        "like to set up a payment plan, or have a question about your bill, please call us."
        + _CLOSING,
    ),
}

FIELD_WORDS = {
    "date": "date",
    "patient_name": "patient name",
    "address": "mailing address",
    "salutation": "salutation",
    "clinic_phone": "clinic phone",
    "clinic_name": "clinic name",
    "missed_visit": "missed visit",
    "missed_provider": "missed visit's provider",
    "provider": "primary care provider",
    "last_visit": "last visit",
    "recall_visit": "visit due",
    "referred_to": "referred to",
    "referral_reason": "reason for referral",
    "balance": "balance",
}


def fields_of(template: str) -> list[str]:
    """The fields a template needs, in the order they appear (each once)."""
    seen: list[str] = []
    for _text, name, _spec, _conv in string.Formatter().parse(TEMPLATES[template].body):
        if name and name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class Merged:
    title: str
    text: str


def merge(template: str, values: dict[str, str]) -> Merged | list[str]:
    """The letter with every field filled, or the fields that have no value."""
    missing = [f for f in fields_of(template) if not values.get(f, "").strip()]
    if missing:
        return missing
    chosen = TEMPLATES[template]
    return Merged(chosen.title, chosen.body.format(**{f: values[f] for f in fields_of(template)}))


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str
    phone: str
    fax: str


def letter_pdf(head: Letterhead, letter: Merged) -> bytes:
    """The letter on the clinic's letterhead, one US Letter page (more if it runs long)."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.8 * inch,
        bottomMargin=inch,
        title=letter.title,
        author=head.name,
    )
    story = [
        Paragraph(_escape(head.name), styles["Title"]),
        Paragraph(
            _escape(f"{head.address} · Phone {head.phone} · Fax {head.fax}"), styles["Normal"]
        ),
        Spacer(1, 0.35 * inch),
    ]
    for block in letter.text.split("\n\n"):
        story.append(Paragraph(_escape(block).replace("\n", "<br/>"), styles["BodyText"]))
        story.append(Spacer(1, 0.12 * inch))
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
