"""The CMS-1500 PDF: one page per six lines, every box captioned, the claim's data in it."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from ehr_sim.documents.cms1500 import ClaimForm1500, ServiceLine, cms1500_pdf

SEEN = date(2026, 11, 15)
LINE = ServiceLine(SEEN, "11", "99213", ("25",), "AB", 13000, 1, "1234567893")
FORM = ClaimForm1500(
    payer_name="Meridian Health",
    payer_address=("CLAIMS DEPARTMENT", "PO BOX 1500", "COLUMBUS OH 43216"),
    program="group",
    insured_id="XJH7731902",
    patient_name="Tran, Lily",
    patient_dob=date(2017, 7, 6),
    patient_sex="F",
    insured_name="Tran, Daniel",
    patient_street="41 Elm Street",
    patient_city="Columbus",
    patient_state="OH",
    patient_zip="43215",
    patient_phone="(614) 555-0101",
    relationship="child",
    insured_group="880551",
    insured_dob=date(1985, 10, 1),
    plan_name="Meridian Choice PPO",
    other_plan=False,
    diagnoses=("J020", "R509"),
    resubmission_code="7",
    original_ref="MRH2612203317",
    prior_auth="MRHPA7730415",
    lines=(LINE, dataclasses.replace(LINE, cpt="87880", modifiers=("QW",), charge_cents=3500)),
    tax_id="31-4820917",
    account="M000123",
    total_cents=16500,
    paid_cents=0,
    rendering_name="Linh Nguyen MD",
    signed_on=date(2026, 11, 16),
    facility=("Riverside Family Practice", "1200 Riverside Drive", "Columbus, OH 43215"),
    facility_npi="1245367820",
    billing=("Riverside Family Practice", "1200 Riverside Drive", "Columbus, OH 43215"),
    billing_phone="(614) 555-0142",
    billing_npi="1245367820",
)


def strings(pdf: bytes) -> list[str]:
    """The text drawn on the pages (reportlab writes it uncompressed, in parentheses)."""
    found = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf)
    return [re.sub(r"\\(.)", r"\1", s.decode("latin-1")) for s in found]


def test_the_form_is_one_letter_page_with_every_numbered_box() -> None:
    pdf = cms1500_pdf(FORM)
    text = strings(pdf)

    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
    assert b"/MediaBox [ 0 0 612 792 ]" in pdf
    for item in [*(f"{n}." for n in range(1, 34)), "1a.", "17b. NPI", "11. INSURED'S"]:
        assert any(t.startswith(item) for t in text), item
    assert "23. PRIOR AUTHORIZATION NUMBER" in text
    assert "APPROVED OMB-0938-1197 FORM 1500 (02-12)" in text


def test_the_claims_data_is_printed_in_capitals_with_codes_as_sent() -> None:
    text = strings(cms1500_pdf(FORM))

    for value in ("XJH7731902", "TRAN, LILY", "J020", "R509", "MRHPA7730415", "7"):
        assert value in text, value
    assert "MRH2612203317" in text and "1245367820" in text and "31-4820917" in text
    assert "J02.0" not in " ".join(text)
    assert text[text.index("AB") + 1 : text.index("AB") + 3] == ["130", "00"]
    assert "165" in text


def test_seven_lines_take_two_pages_and_the_total_is_on_the_last() -> None:
    lines = tuple(dataclasses.replace(LINE, charge_cents=1000) for _ in range(7))
    pdf = cms1500_pdf(dataclasses.replace(FORM, lines=lines, total_cents=7000))
    text = strings(pdf)

    assert "PAGE 1 OF 2" in text and "PAGE 2 OF 2" in text
    assert text.count("60") == 1 and text.count("70") == 1  # page 1's lines, then the claim
