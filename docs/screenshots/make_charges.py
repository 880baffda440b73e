"""Regenerate the charge-entry and claims-queue screenshots and the CMS-1500 picture:
python docs/screenshots/make_charges.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23), opens Charge entry, fills
the superbill of a visit whose charges wait (a strep visit), enters it and makes the claim;
then shows the claims queue and a claim the clearinghouse rejected, and prints that claim's
CMS-1500. Page 1 of the PDF is rendered to PNG with pypdfium2 when it is installed (it is not
a dependency of EHR Sim; `pip install pypdfium2`), otherwise the PDF is left beside the PNGs.
"""

from __future__ import annotations

from datetime import datetime

from common import HERE, main_window, save, seeded_clinic, start_app

from ehr_sim.app.queries.claims import claims
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.codes import load_icd10
from ehr_sim.ui.charges.view import ChargesView

TESTS = {
    "Sore throat and cough": ("87880", "QW", "J02.0"),
    "Burning on urination": ("81002", "", "N39.0"),
    "Headache": ("", "", "R51.9"),
    "Ear pain": ("", "", "H66.90"),
    "Rash on arms": ("", "", "R21"),
}


def main() -> int:
    start_app()
    load_icd10()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 10))
    window = main_window(clinic, "Charge entry")
    view = window.area("Charge entry")
    assert isinstance(view, ChargesView)
    view.refresh()
    save(window, "charges_list")

    waiting = next(r for r in view.model.rows if r.total is None and r.payer != "Self-pay")
    view.open_visit(waiting.appointment_id)
    page = view.superbill
    assert page.form is not None
    # The visit's reason decides the test and the diagnosis, as the provider marked them.
    test, modifier, diagnosis = TESTS.get(page.form.reason, ("", "", "J06.9"))
    page.row("99213").ticked.setChecked(True)
    if test:
        page.row(test).ticked.setChecked(True)
        page.row(test).modifiers.setText(modifier)
    page.diagnosis_fields[0].setText(diagnosis)
    save(window, "charges_superbill")
    view.enter_charges()
    view.create_claim()
    view.form_scroll.verticalScrollBar().setValue(view.form_scroll.verticalScrollBar().maximum())
    save(window, "charges_claim_made")

    window.show_area("Billing & claims")
    billing = window.billing
    billing.refresh()
    billing.status.setCurrentIndex(billing.status.findText("Needs work (denied, rejected)"))
    save(window, "claims_queue")
    rejected = next(
        r
        for r in claims(clinic.db, status=ClaimStatus.REJECTED)
        if "item 1a" in _reason(clinic, r.id)
    )
    billing.status.setCurrentIndex(0)
    billing.open_claim(rejected.id)
    save(window, "claims_rejected")

    pdf = billing.print_claim(HERE / "cms1500.pdf")
    assert pdf is not None
    try:
        import pypdfium2  # type: ignore[import-not-found]
    except ImportError:
        print("pypdfium2 is not installed: left", pdf)
    else:
        image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=1.25).to_pil()
        image.save(HERE / "cms1500.png")
        pdf.unlink()
        print("saved cms1500")
    window.close()
    clinic.db.close()
    return 0


def _reason(clinic, claim_id: int) -> str:  # type: ignore[no-untyped-def]
    from ehr_sim.app.queries.claims import claim_form

    form = claim_form(clinic.db, claim_id)
    return form.rejection_reason if form else ""


if __name__ == "__main__":
    raise SystemExit(main())
