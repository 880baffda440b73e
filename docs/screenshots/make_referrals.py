"""Regenerate the Referrals screenshots: python docs/screenshots/make_referrals.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder,
opens the main window on Referrals, writes a referral for a Keystone HMO patient (the
directory shows each cardiologist's network status), sends its packet, then asks for a prior
authorisation for a Meridian PPO patient and reads the payer's answer; one PNG per state.
"""

from __future__ import annotations

from datetime import date, datetime

from common import main_window, save, seeded_clinic, start_app
from sqlalchemy import select

from ehr_sim.domain.codes import load_icd10
from ehr_sim.records import Coverage, Patient, Plan
from ehr_sim.ui.referrals.dialogs import PriorAuthDialog, ReferralDialog
from ehr_sim.ui.referrals.view import ReferralsView


def patient_mrn(clinic_db: object, payer: str) -> str:
    with clinic_db.reading() as s:  # type: ignore[attr-defined]
        return str(
            s.scalars(
                select(Patient.mrn)
                .join(Coverage, Coverage.patient_id == Patient.id)
                .join(Plan, Plan.id == Coverage.plan_id)
                .where(Plan.payer.has(name=payer), Coverage.rank == 1)
                .where(Coverage.terminated_on.is_(None), Patient.dob < date(2000, 1, 1))
                .order_by(Patient.id)
                .offset(3)
            ).first()
        )


def main() -> int:
    start_app()
    load_icd10()
    clinic = seeded_clinic(datetime(2026, 11, 23, 14, 5))
    window = main_window(clinic, "Referrals")
    view = window.area("Referrals")
    assert isinstance(view, ReferralsView)
    view.table.selectRow(0)
    save(window, "referrals_worklist")

    dialog = view.write_referral()
    assert isinstance(dialog, ReferralDialog)
    dialog.picker.search.setText(patient_mrn(clinic.db, "Keystone Care"))
    dialog.picker.run_search()
    labels = [dialog.specialist.itemText(i) for i in range(dialog.specialist.count())]
    dialog.specialist.setCurrentIndex(next(i for i, t in enumerate(labels) if "Buckeye" in t))
    dialog.diagnosis.setText("R00.2")
    dialog.reason.setText("Palpitations for three weeks; ECG attached")
    dialog.visits.setValue(3)
    dialog.documents.setText("Last office note, ECG, Medication list, Insurance card")
    save(dialog, "referrals_referral_dialog")  # out of network: the warning shows
    dialog.specialist.setCurrentIndex(
        next(i for i, t in enumerate(labels) if "Columbus Heart" in t)
    )
    dialog.submit_button.click()
    view.send_selected_packet()
    save(window, "referrals_sent")

    auth = view.request_prior_auth()
    assert isinstance(auth, PriorAuthDialog)
    auth.picker.search.setText(patient_mrn(clinic.db, "Meridian Health"))
    auth.picker.run_search()
    auth.diagnosis.setText("M54.16")
    auth.reason.setText("Eight weeks of leg pain with numbness; six weeks of PT done")
    auth.servicing.setText("Riverside Imaging Center")
    auth.attachments.setText("Office note")
    auth.submit_button.click()
    save(auth, "referrals_prior_auth_refused")
    auth.codes.setText("72148")
    auth.submit_button.click()
    view.check_selected_answer()
    save(window, "referrals_prior_auth_approved")
    window.close()
    clinic.db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
