"""A claim drawn like the CMS-1500 it was sent as, and a remittance with every code explained.

Pure functions from query rows to rich text; the view puts them in read-only browsers.
"""

from __future__ import annotations

from html import escape

from ehr_sim.app.queries.claims import ClaimForm, RemittanceRow
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.times import date_and_time

# Strings the trainee reads -----------------------------------------------------------
FORM_RED = "#b8403a"  # the CMS-1500 is printed in red ink
STATUS_COLOURS = {
    ClaimStatus.DENIED: "#b3261e",
    ClaimStatus.REJECTED: "#a85a00",
    ClaimStatus.PAID: "#1d6b2a",
}
HEADLINE = "Claim {id} · <span style='color:{colour}'>{status}</span> · {payer} {plan}"
SENT = "Sent {when} as {frequency}"
PAYER_NUMBER = "payer claim no. <b>{number}</b>"
NOT_PROCESSED = "no payer claim number yet (not processed)"
REPLACES = "Sent in place of claim {id}."
REPLACED_BY = "Replaced by claim {id}: work on that claim."
VOIDED_BY = "Voided by claim {id}."
REJECTED = "Rejected before processing: {reason}"
MONEY_LINE = (
    "Open balance <b>{balance}</b> · written off {written_off} · billed to patient {transferred}"
)
TAX_ID = "On file"
RELATIONSHIPS = {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}
INSURANCE_TYPES = {
    "Medicare": "Medicare",
    "Medicaid": "Medicaid",
    "PPO": "Group health plan",
    "HMO": "Group health plan",
}
NO_REMITTANCE = "No remittance yet: the payer has not answered this claim."
REMITTANCE_HEADLINE = "Remittance from {payer} · received {when}"
REMITTANCE_FACTS = (
    "Payer claim number <b>{number}</b> · paid <b>{paid}</b> · {state} · read {read} · {posted}"
)
DENIAL = "<span style='color:#b3261e'><b>Denied</b></span>"
PAYMENT = "<b>Paid</b>"
NOT_READ = "not before now"
POSTED = "posted {when:%m/%d/%Y}"
NOT_POSTED = "<b>not posted yet</b>"
GROUP = "Group {code}"
REASON = "Reason {code}"
REMARK = "Remark {code}"
USUAL_FIX = "Usual fix:"

_STYLE = f"""
<style>
table.form {{ border-color: {FORM_RED}; }}
td.box {{ border: 1px solid {FORM_RED}; padding: 4px; vertical-align: top; }}
span.item {{ color: {FORM_RED}; font-size: small; }}
span.value {{ font-family: monospace; font-size: 13px; color: #111; }}
td.code {{ vertical-align: top; padding: 6px; background: #fbe9e7; }}
td.meaning {{ vertical-align: top; padding: 6px; }}
</style>
"""


def _box(item: str, caption: str, value: str, colspan: int = 1) -> str:
    return (
        f"<td class='box' colspan='{colspan}'><span class='item'>{escape(item)}&nbsp; "
        f"{escape(caption.upper())}</span><br><span class='value'>{value or '&nbsp;'}</span></td>"
    )


def claim_html(form: ClaimForm) -> str:
    """The claim's headline, history and money, then its CMS-1500 boxes."""
    status = form.status
    parts = [
        _STYLE,
        "<h3>"
        + HEADLINE.format(
            id=form.id,
            colour=STATUS_COLOURS.get(status, "#1f3b57"),
            status=status.label,
            payer=escape(form.payer),
            plan=escape(form.plan),
        )
        + "</h3>",
        "<p>"
        + SENT.format(when=date_and_time(form.submitted_at), frequency=escape(form.frequency))
        + " · "
        + (
            PAYER_NUMBER.format(number=escape(form.payer_claim_number))
            if form.payer_claim_number
            else NOT_PROCESSED
        )
        + "</p>",
    ]
    history = []
    if form.resubmission_of_id is not None:
        history.append(REPLACES.format(id=form.resubmission_of_id))
    if form.replaced_by_id is not None:
        template = VOIDED_BY if status is ClaimStatus.VOID else REPLACED_BY
        history.append(template.format(id=form.replaced_by_id))
    if status is ClaimStatus.REJECTED and form.rejection_reason:
        history.append(REJECTED.format(reason=escape(form.rejection_reason)))
    if history:
        parts.append("<p><b>" + " ".join(history) + "</b></p>")
    parts.append(
        "<p>"
        + MONEY_LINE.format(
            balance=form.open_balance, written_off=form.written_off, transferred=form.transferred
        )
        + "</p>"
    )
    parts.append(_form_table(form))
    return "".join(parts)


def _form_table(form: ClaimForm) -> str:
    insurance = f"{INSURANCE_TYPES.get(form.plan_kind, 'Other')} — {form.payer} {form.plan}"
    diagnoses = "<br>".join(
        f"<b>{d.letter}.</b> {escape(d.code)} &nbsp; {escape(d.description)}"
        for d in form.item_21_diagnoses
    )
    rows = [
        _box("1", "Insurance", escape(insurance), 2)
        + _box("1a", "Insured's ID number", f"<b>{escape(form.item_1a_member_id)}</b>"),
        _box("2", "Patient's name", escape(form.item_2_patient_name))
        + _box("3", "Birth date · sex", f"{form.item_3_dob:%m/%d/%Y} · {form.item_3_sex}")
        + _box("4", "Insured's name", escape(form.item_4_insured_name)),
        _box("5", "Patient's address", escape(form.item_5_patient_address))
        + _box(
            "6",
            "Relationship to insured",
            RELATIONSHIPS.get(form.item_6_relationship, form.item_6_relationship),
        )
        + _box("11", "Insured's group number", escape(form.item_11_group_number)),
        _box("21", "Diagnosis (ICD-10-CM, ind. 0)", diagnoses, 3),
        _box("22", "Resubmission code", form.item_22_resubmission_code)
        + _box("22", "Original ref. no.", escape(form.item_22_original_ref))
        + _box("23", "Prior authorization number", escape(form.item_23_prior_auth)),
        _box("24", "Services", _lines_table(form), 3),
        _box("25", "Federal tax ID", TAX_ID)
        + _box("26", "Patient's account no.", escape(form.item_26_account))
        + _box("28", "Total charge", f"<b>{form.item_28_total}</b>"),
        _box("32", "Service facility", escape(form.item_32_facility), 2)
        + _box("33a", "Billing provider NPI", escape(form.item_33a_npi)),
        _box("33", "Billing provider info & phone", escape(form.item_33_billing_provider), 3),
    ]
    return (
        "<table class='form' width='100%' cellspacing='0' cellpadding='0' border='1'>"
        + "".join(f"<tr>{row}</tr>" for row in rows)
        + "</table>"
    )


def _lines_table(form: ClaimForm) -> str:
    head = ("24A date", "24B POS", "24D CPT · mod.", "24E ptr.", "24F charge", "24G units")
    head += ("24J NPI",)
    cells = "".join(f"<td><span class='item'>{escape(h)}</span></td>" for h in head)
    body = [f"<tr>{cells}</tr>"]
    for line in form.item_24_lines:
        modifiers = " ".join(line.modifiers)
        values = (
            f"{line.service_date:%m/%d/%Y}",
            line.place_of_service,
            f"<b>{escape(line.cpt)}</b> {escape(modifiers)}",
            line.pointers,
            str(line.charge),
            str(line.units),
            escape(line.rendering_npi),
        )
        body.append("<tr>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>")
        body.append(
            f"<tr><td></td><td></td><td colspan='5'><i>{escape(line.description)}</i></td></tr>"
        )
    return "<table cellspacing='0' cellpadding='3' width='100%'>" + "".join(body) + "</table>"


def remittance_html(row: RemittanceRow) -> str:
    """The payer's answer: what it paid, and each adjustment's codes with their meanings."""
    read = f"{date_and_time(row.read_at)}" if row.read_at else NOT_READ
    posted = POSTED.format(when=row.posted_at) if row.posted_at else NOT_POSTED
    parts = [
        _STYLE,
        "<h3>"
        + REMITTANCE_HEADLINE.format(payer=escape(row.payer), when=date_and_time(row.received_at))
        + "</h3>",
        "<p>"
        + REMITTANCE_FACTS.format(
            number=escape(row.payer_claim_number),
            paid=row.paid,
            state=DENIAL if row.is_denial else PAYMENT,
            read=read,
            posted=posted,
        )
        + "</p>",
        "<table width='100%' cellspacing='2' cellpadding='0'>",
    ]
    for a in row.adjustments:
        lines = [
            f"<b>{GROUP.format(code=a.group)}</b> — {escape(a.group_meaning)}",
            f"<b>{REASON.format(code=a.carc)}</b> — {escape(a.carc_meaning)}",
            *(
                f"<b>{REMARK.format(code=code)}</b> — {escape(meaning)}"
                for code, meaning in a.rarcs
            ),
        ]
        if a.usual_fix:
            lines.append(f"<i>{USUAL_FIX}</i> {escape(a.usual_fix)}")
        remarks = "".join(f"<br>{escape(code)}" for code, _m in a.rarcs)
        parts.append(
            f"<tr><td class='code' width='90'><b style='font-size:15px'>{a.code}</b>{remarks}"
            f"<br>{a.amount}</td><td class='meaning'>{'<br>'.join(lines)}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)
