"""The CMS-1500 (02/12) claim form printed to PDF, boxes 1-33 where the paper form has them.

The paper form is laid out on a typewriter grid: 10 characters to the inch across, 6 lines to
the inch down, 66 lines on a letter page. Boxes and captions are drawn in the form's red (so
the page reads like the pre-printed form), the claim's data in black on the grid positions
the NUCC manual describes. Pure: plain data in, PDF bytes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

FORM_RED = Color(0.78, 0.13, 0.13)
SHADE = Color(0.99, 0.90, 0.90)
COL: float = 0.1 * inch  # 10 characters per inch
LINE: float = inch / 6  # 6 lines per inch
LEFT: float = 0.25 * inch
TOP: float = letter[1] - 0.17 * inch
MAX_LINES = 6
DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """Item 24, one line."""

    date_from: date
    place_of_service: str
    cpt: str
    modifiers: tuple[str, ...]
    pointers: str  # "AB"
    charge_cents: int
    units: int
    rendering_npi: str


@dataclass(frozen=True, slots=True)
class ClaimForm1500:
    """What the form carries, item by item (app/ fills it from the records)."""

    payer_name: str
    payer_address: tuple[str, ...]
    program: str  # item 1: "medicare", "medicaid", "group" (a group health plan) or "other"
    insured_id: str  # 1a
    patient_name: str  # 2, "LAST, FIRST, M"
    patient_dob: date  # 3
    patient_sex: str  # 3, "M" / "F"
    insured_name: str  # 4
    patient_street: str  # 5
    patient_city: str
    patient_state: str
    patient_zip: str
    patient_phone: str
    relationship: str  # 6: self / spouse / child / other
    insured_group: str  # 11
    insured_dob: date | None  # 11a
    plan_name: str  # 11c
    other_plan: bool  # 11d
    diagnoses: tuple[str, ...]  # 21, as sent: no dot
    resubmission_code: str  # 22: "" for an original, "7" or "8"
    original_ref: str  # 22
    prior_auth: str  # 23
    lines: tuple[ServiceLine, ...]  # 24
    tax_id: str  # 25 (EIN)
    account: str  # 26
    total_cents: int  # 28
    paid_cents: int  # 29
    rendering_name: str  # 31
    signed_on: date  # 31
    facility: tuple[str, ...]  # 32: name, street, city/state/zip
    facility_npi: str  # 32a
    billing: tuple[str, ...]  # 33: name, street, city/state/zip
    billing_phone: str
    billing_npi: str  # 33a


def _money(cents: int) -> tuple[str, str]:
    """Dollars and cents as the form's split money boxes take them."""
    return f"{cents // 100:,}".replace(",", " "), f"{cents % 100:02d}"


class _Form:
    """Drawing on the typewriter grid: columns from the left edge, lines from the top."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas

    @staticmethod
    def x(col: float) -> float:
        return LEFT + col * COL

    @staticmethod
    def y(line: float) -> float:
        return TOP - line * LINE

    def box(self, col: float, line: float, cols: float, lines: float, caption: str = "") -> None:
        """A box whose top-left corner is (col, line); its caption in small red capitals."""
        c = self.c
        c.setStrokeColor(FORM_RED)
        c.setLineWidth(0.5)
        c.rect(self.x(col), self.y(line + lines), cols * COL, lines * LINE)
        if caption:
            self.caption(col + 0.2, line + 0.45, caption)

    def caption(self, col: float, line: float, text: str, size: float = 5.2) -> None:
        self.c.setFillColor(FORM_RED)
        self.c.setFont("Helvetica", size)
        self.c.drawString(self.x(col), self.y(line), text)

    def value(self, col: float, line: float, text: str, *, right: bool = False) -> None:
        """Claim data in black capitals on the grid (the line's baseline)."""
        self.c.setFillColor(black)
        self.c.setFont("Courier", 9.5)
        if right:
            self.c.drawRightString(self.x(col), self.y(line), text.upper())
        else:
            self.c.drawString(self.x(col), self.y(line), text.upper())

    def check(self, col: float, line: float, label: str, ticked: bool) -> None:
        c = self.c
        c.setStrokeColor(FORM_RED)
        c.rect(self.x(col), self.y(line) - 1, 0.9 * COL, 0.65 * LINE)
        self.caption(col + 1.1, line - 0.1, label, 4.8)
        if ticked:
            self.value(col + 0.05, line - 0.05, "X")


def cms1500_pdf(form: ClaimForm1500) -> bytes:
    """The claim on one CMS-1500 (02/12) page; more than six lines go on further pages."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter, pageCompression=0)
    canvas.setTitle("CMS-1500 claim form")
    chunks = [form.lines[i : i + MAX_LINES] for i in range(0, len(form.lines), MAX_LINES)]
    for number, lines in enumerate(chunks or [()], start=1):
        page = _Form(canvas)
        _header(page, form, number, len(chunks or [()]))
        _patient_and_insured(page, form)
        _condition_and_codes(page, form)
        _service_lines(page, lines)
        _totals_and_providers(page, form, lines, last=number == len(chunks or [()]))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _header(f: _Form, form: ClaimForm1500, page: int, pages: int) -> None:
    for offset, text in enumerate((form.payer_name, *form.payer_address)):
        f.value(50, 2 + offset, text)
    f.caption(74, 1.2, "CARRIER", 6)
    f.c.setFillColor(FORM_RED)
    f.c.setFont("Helvetica-Bold", 11)
    f.c.drawString(f.x(0), f.y(6.3), "HEALTH INSURANCE CLAIM FORM")
    f.caption(0, 7.1, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12", 5.5)
    f.caption(0, 8.6, "PICA", 6)
    f.caption(76, 8.6, "PICA", 6)
    if pages > 1:
        f.caption(60, 7.1, f"PAGE {page} OF {pages}", 6)
    # Item 1 and 1a
    f.box(0, 9, 50, 2, "1.")
    programs = (
        ("medicare", "MEDICARE"),
        ("medicaid", "MEDICAID"),
        ("tricare", "TRICARE"),
        ("champva", "CHAMPVA"),
        ("group", "GROUP HEALTH PLAN"),
        ("feca", "FECA BLK LUNG"),
        ("other", "OTHER"),
    )
    for col, (key, label) in zip((1, 8, 15, 22, 29, 38.5, 45), programs, strict=True):
        f.check(col, 10.8, label, form.program == key)
    f.box(50, 9, 30, 2, "1a. INSURED'S I.D. NUMBER                 (For Program in Item 1)")
    f.value(50.5, 10.75, form.insured_id)


def _patient_and_insured(f: _Form, form: ClaimForm1500) -> None:
    f.box(0, 11, 29, 2, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)")
    f.value(0.5, 12.75, form.patient_name)
    f.box(29, 11, 21, 2, "3. PATIENT'S BIRTH DATE          SEX")
    f.value(29.5, 12.75, f"{form.patient_dob:%m %d %Y}")
    f.check(42, 12.8, "M", form.patient_sex.upper() == "M")
    f.check(46, 12.8, "F", form.patient_sex.upper() == "F")
    f.box(50, 11, 30, 2, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)")
    f.value(50.5, 12.75, form.insured_name)
    f.box(0, 13, 29, 2, "5. PATIENT'S ADDRESS (No., Street)")
    f.value(0.5, 14.75, form.patient_street)
    f.box(29, 13, 21, 2, "6. PATIENT RELATIONSHIP TO INSURED")
    for n, label in enumerate(("Self", "Spouse", "Child", "Other")):
        f.check(29.6 + n * 5.1, 14.8, label, form.relationship.lower() == label.lower())
    f.box(50, 13, 30, 2, "7. INSURED'S ADDRESS (No., Street)")
    same = form.relationship.lower() == "self"
    if same:
        f.value(50.5, 14.75, form.patient_street)
    f.box(0, 15, 24, 2, "CITY")
    f.value(0.5, 16.75, form.patient_city)
    f.box(24, 15, 5, 2, "STATE")
    f.value(25, 16.75, form.patient_state)
    f.box(29, 15, 21, 4, "8. RESERVED FOR NUCC USE")
    f.box(50, 15, 24, 2, "CITY")
    f.box(74, 15, 6, 2, "STATE")
    f.box(0, 17, 12, 2, "ZIP CODE")
    f.value(0.5, 18.75, form.patient_zip)
    f.box(12, 17, 17, 2, "TELEPHONE (Include Area Code)")
    f.value(12.5, 18.75, form.patient_phone)
    f.box(50, 17, 12, 2, "ZIP CODE")
    f.box(62, 17, 18, 2, "TELEPHONE (Include Area Code)")
    if same:
        f.value(51, 16.75, form.patient_city)
        f.value(75, 16.75, form.patient_state)
        f.value(50.5, 18.75, form.patient_zip)
        f.value(62.5, 18.75, form.patient_phone)


def _condition_and_codes(f: _Form, form: ClaimForm1500) -> None:
    f.box(0, 19, 29, 2, "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)")
    f.box(0, 21, 29, 2, "a. OTHER INSURED'S POLICY OR GROUP NUMBER")
    f.box(0, 23, 29, 2, "b. RESERVED FOR NUCC USE")
    f.box(0, 25, 29, 2, "c. RESERVED FOR NUCC USE")
    f.box(0, 27, 29, 2, "d. INSURANCE PLAN NAME OR PROGRAM NAME")
    f.box(29, 19, 21, 2, "10. IS PATIENT'S CONDITION RELATED TO:")
    for n, caption in enumerate(
        ("a. EMPLOYMENT? (Current or Previous)", "b. AUTO ACCIDENT?", "c. OTHER ACCIDENT?")
    ):
        f.box(29, 21 + 2 * n, 21, 2, caption)
        f.check(33, 22.8 + 2 * n, "YES", False)
        f.check(40, 22.8 + 2 * n, "NO", True)
    f.box(29, 27, 21, 2, "10d. CLAIM CODES (Designated by NUCC)")
    f.box(50, 19, 30, 2, "11. INSURED'S POLICY GROUP OR FECA NUMBER")
    f.value(50.5, 20.75, form.insured_group)
    f.box(50, 21, 30, 2, "a. INSURED'S DATE OF BIRTH             SEX")
    if form.insured_dob is not None:
        f.value(50.5, 22.75, f"{form.insured_dob:%m %d %Y}")
    f.box(50, 23, 30, 2, "b. OTHER CLAIM ID (Designated by NUCC)")
    f.box(50, 25, 30, 2, "c. INSURANCE PLAN NAME OR PROGRAM NAME")
    f.value(50.5, 26.75, form.plan_name)
    f.box(50, 27, 30, 2, "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?")
    f.check(51, 28.8, "YES", form.other_plan)
    f.check(56, 28.8, "NO", not form.other_plan)
    f.caption(12, 29.7, "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM.", 5.8)
    f.box(0, 30, 50, 2.5, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE")
    f.value(3, 32.1, "SIGNATURE ON FILE")
    f.box(50, 30, 30, 2.5, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE")
    f.value(53, 32.1, "SIGNATURE ON FILE")
    f.box(0, 32.5, 27, 2, "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)")
    f.box(27, 32.5, 23, 2, "15. OTHER DATE")
    f.box(50, 32.5, 30, 2, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION")
    f.box(0, 34.5, 27, 2, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE")
    f.box(27, 34.5, 23, 1, "17a.")
    f.box(27, 35.5, 23, 1, "17b. NPI")
    f.box(50, 34.5, 30, 2, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES")
    f.box(0, 36.5, 50, 2, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)")
    f.box(50, 36.5, 30, 2, "20. OUTSIDE LAB?                 $ CHARGES")
    f.check(51, 38.3, "YES", False)
    f.check(56, 38.3, "NO", True)
    f.box(
        0,
        38.5,
        50,
        4,
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY Relate A-L to service line below (24E)",
    )
    f.caption(38, 39.4, "ICD Ind.", 5)
    f.value(42.5, 39.45, "0")
    for n, item in enumerate(DIAGNOSIS_LETTERS):
        col, line = 1 + (n % 4) * 12.3, 40.3 + (n // 4) * 0.9
        f.caption(col, line, f"{item}.", 5.5)
        if n < len(form.diagnoses):
            f.value(col + 1.3, line + 0.05, form.diagnoses[n])
    f.box(50, 38.5, 13, 2, "22. RESUBMISSION CODE")
    f.value(51, 40.25, form.resubmission_code)
    f.box(63, 38.5, 17, 2, "ORIGINAL REF. NO.")
    f.value(63.5, 40.25, form.original_ref)
    f.box(50, 40.5, 30, 2, "23. PRIOR AUTHORIZATION NUMBER")
    f.value(50.5, 42.25, form.prior_auth)


# Item 24 columns: (start col, width, caption)
_COLUMNS = (
    (0, 15, "24. A. DATE(S) OF SERVICE|From          To"),
    (15, 3, "B.|POS"),
    (18, 2.5, "C.|EMG"),
    (20.5, 17, "D. PROCEDURES, SERVICES, OR SUPPLIES|CPT/HCPCS        MODIFIER"),
    (37.5, 6, "E. DIAGNOSIS|POINTER"),
    (43.5, 9, "F.|$ CHARGES"),
    (52.5, 4.5, "G. DAYS|OR UNITS"),
    (57, 3, "H.|EPSDT"),
    (60, 3, "I. ID|QUAL."),
    (63, 17, "J. RENDERING|PROVIDER ID. #"),
)
_LINES_TOP = 42.5


def _service_lines(f: _Form, lines: tuple[ServiceLine, ...]) -> None:
    for col, width, caption in _COLUMNS:
        f.box(col, _LINES_TOP, width, 1.5)
        for n, part in enumerate(caption.split("|")):
            f.caption(col + 0.2, _LINES_TOP + 0.6 + 0.6 * n, part, 4.4)
    for n in range(MAX_LINES):
        top = _LINES_TOP + 1.5 + 2 * n
        f.c.setFillColor(SHADE)
        f.c.rect(f.x(0), f.y(top + 1), 80 * COL, LINE, stroke=0, fill=1)
        f.box(0, top, 80, 2)
        f.caption(-1.6, top + 1.8, str(n + 1), 7)
        for col, _width, _caption in _COLUMNS[1:]:
            f.c.line(f.x(col), f.y(top + 1), f.x(col), f.y(top + 2))
        f.caption(60.2, top + 1.8, "NPI", 5.5)
        if n >= len(lines):
            continue
        line = lines[n]
        base = top + 1.8
        served = f"{line.date_from:%m %d %y}"
        f.value(0.3, base, served)
        f.value(7.8, base, served)
        f.value(15.3, base, line.place_of_service)
        f.value(21, base, line.cpt)
        for m, modifier in enumerate(line.modifiers[:4]):
            f.value(27.5 + m * 2.5, base, modifier)
        f.value(38, base, line.pointers)
        dollars, cents = _money(line.charge_cents)
        f.value(49.8, base, dollars, right=True)
        f.value(50.3, base, cents)
        f.value(53, base, str(line.units))
        f.value(63.5, base, line.rendering_npi)


def _totals_and_providers(
    f: _Form, form: ClaimForm1500, lines: tuple[ServiceLine, ...], *, last: bool
) -> None:
    row = _LINES_TOP + 1.5 + 2 * MAX_LINES
    f.box(0, row, 20, 2, "25. FEDERAL TAX I.D. NUMBER      SSN  EIN")
    f.value(0.5, row + 1.75, form.tax_id)
    f.check(17.5, row + 1.8, "", True)
    f.box(20, row, 15, 2, "26. PATIENT'S ACCOUNT NO.")
    f.value(20.5, row + 1.75, form.account)
    f.box(35, row, 13, 2, "27. ACCEPT ASSIGNMENT?")
    f.check(36, row + 1.8, "YES", True)
    f.check(41.5, row + 1.8, "NO", False)
    f.box(48, row, 12, 2, "28. TOTAL CHARGE")
    f.box(60, row, 11, 2, "29. AMOUNT PAID")
    f.box(71, row, 9, 2, "30. Rsvd for NUCC Use")
    total = form.total_cents if last else sum(line.charge_cents for line in lines)
    for col, cents in ((48, total), (60, form.paid_cents)):
        dollars, hundredths = _money(cents)
        f.value(col + 0.5, row + 1.75, "$")
        f.value(col + 8.4, row + 1.75, dollars, right=True)
        f.value(col + 8.9, row + 1.75, hundredths)
    low = row + 2
    f.box(0, low, 24, 5, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER")
    f.caption(0.3, low + 1.2, "INCLUDING DEGREES OR CREDENTIALS", 4.6)
    f.value(0.5, low + 3, form.rendering_name)
    f.value(0.5, low + 4.4, f"{form.signed_on:%m %d %Y}")
    f.box(24, low, 28, 5, "32. SERVICE FACILITY LOCATION INFORMATION")
    for n, text in enumerate(form.facility[:3]):
        f.value(24.5, low + 1.6 + n * 0.95, text[:30])
    f.box(24, low + 4, 14, 1)
    f.caption(24.3, low + 4.7, "a.", 5)
    f.value(25.5, low + 4.8, form.facility_npi)
    f.box(38, low + 4, 14, 1)
    f.caption(38.3, low + 4.7, "b.", 5)
    f.box(52, low, 28, 5, f"33. BILLING PROVIDER INFO & PH #   {form.billing_phone}")
    for n, text in enumerate(form.billing[:3]):
        f.value(52.5, low + 1.6 + n * 0.95, text[:30])
    f.box(52, low + 4, 14, 1)
    f.caption(52.3, low + 4.7, "a.", 5)
    f.value(53.5, low + 4.8, form.billing_npi)
    f.box(66, low + 4, 14, 1)
    f.caption(66.3, low + 4.7, "b.", 5)
    foot = low + 5.8
    f.caption(0, foot, "NUCC Instruction Manual available at: www.nucc.org", 5.5)
    f.caption(31, foot, "PLEASE PRINT OR TYPE", 6.5)
    f.caption(56, foot, "APPROVED OMB-0938-1197 FORM 1500 (02-12)", 5.5)
