"""A denied claim: the remittance arrives, and what the grade says for the bad days."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import Claim, Coverage, Remittance
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.records.engine import StaffMessage

from .conftest import play_named, play_reference, scenario_in


@pytest.fixture(scope="module")
def scenario(pack: LoadedPack) -> Scenario:
    return scenario_in(pack, "denied_claim")


def test_the_reference_play_replaces_the_claim_with_the_corrected_member_id(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    play_reference(pack, scenario, tmp_path)
    (path,) = tmp_path.glob("denied_claim-*.db")
    db = open_database(sqlite_url(path), create=False)
    try:
        with db.reading() as s:
            remittance = s.scalars(
                select(Remittance).where(Remittance.payer_claim_number == "MRH2611078842")
            ).one()
            codes = [(a.group_code, a.carc, a.rarc_codes) for a in remittance.adjustments]
            claims = s.scalars(select(Claim).order_by(Claim.id.desc()).limit(2)).all()
            coverage = s.get(Coverage, claims[0].coverage_id)
            card = [m.text for m in s.scalars(select(StaffMessage)) if "Scanned" in m.text]
    finally:
        db.close()
    assert codes == [("CO", "16", ["N382"])]
    replacement, original = claims
    assert original.status == "replaced" and original.member_id == "XJH40021877"
    assert replacement.frequency_code == 7
    assert replacement.original_claim_number == "MRH2611078842"
    assert replacement.member_id == "XJH4002187"
    assert coverage is not None and coverage.member_id == "XJH4002187"
    # The trainee can find the card's ID in the front-desk tray.
    assert len(card) == 1 and "Member ID: XJH4002187" in card[0]


def test_a_new_original_and_billing_the_patient_is_critical_and_scores_zero(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(pack, scenario, play_named(scenario, "bills the patient"), tmp_path)
    report = result.report
    assert report.score == 0
    assert result.ending.startswith("critical")
    assert [c.id for c in report.critical] == ["billed_patient"]
    assert report.critical[0].detail == "TransferToPatient at 4:00"
    assert "CO means the practice may not bill the patient" in report.critical[0].feedback
    by_id = {c.id: c for c in report.criteria}
    missed = {c.id for c in report.criteria if c.points > 0 and not c.met}
    assert missed == {
        "source_found",
        "amended_with_reason",
        "replacement_sent",
        "account_note",
        "patient_not_billed",
    }
    assert by_id["source_found"].detail == "member id is XJH40021877"
    assert by_id["duplicate_original"].awarded == -15
    assert "CO-18" in by_id["duplicate_original"].feedback
    assert by_id["replacement_sent"].feedback.startswith("A claim the payer already processed")


def test_resubmitting_before_the_correction_costs_the_replacement_points(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(pack, scenario, play_named(scenario, "wrong order"), tmp_path)
    report = result.report
    assert report.critical == ()
    by_id = {c.id: c for c in report.criteria}
    assert by_id["replacement_sent"].met and by_id["amended_with_reason"].met
    uncorrected = by_id["resubmitted_uncorrected"]
    assert uncorrected.awarded == -30
    assert [e.action for e in uncorrected.evidence] == ["ResubmitClaim", "UpdateInsurance"]
    assert not by_id["account_note"].met
    assert report.score == 60
    # The engine's own warning says why: the replacement carried the old ID.
    resubmit = next(step for step in result.steps if step.action == "ResubmitClaim")
    assert "member ID XJH40021877" in resubmit.message
