"""The seeded clinic's claims as an X12 837P and its remittances as an 835: every one of them
passes pyx12 and the checks pyx12 does not make, including replacements, voids, dependents and
a claim with several lines, modifiers and pointers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ehr_sim.app.claim_files import (
    ExportProblem,
    claim_batch,
    export_837,
    remittance_file,
)
from ehr_sim.app.handlers.claims import create_claim, receive_remittance
from ehr_sim.documents.x12 import write_835, write_837
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.records import Claim, Remittance
from tests.x12_support import problems_835, problems_837, pyx12_verdict, segments

from ..seeded import Clinic

NOW = datetime(2026, 11, 23, 17, 30)
SEEN = date(2026, 11, 2)


def _add_claims(clinic: Clinic) -> dict[str, int]:
    """A three-line claim (paid), a replacement of a denied claim and a void of a paid one."""
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    with clinic.db.sessions() as s, s.begin():
        several = create_claim(
            s,
            patient_id=patient_id,
            coverage_id=coverage_id,
            provider_id=clinic.provider("Okafor"),
            service_date=SEEN,
            submitted_at=datetime(2026, 11, 3, 16),
            diagnoses=["I10", "J02.0"],
            lines=[
                ("99214", ["25"], 1, 19000, ["A", "B"]),
                ("87880", ["QW"], 1, 5000, ["B"]),
                ("36415", [], 2, 2001, ["A"]),
            ],
        )
        receive_remittance(
            s,
            claim_id=several.id,
            payer_claim_number="2632600099999",
            paid_cents=15001,
            adjustments=[("CO", "45", [], 7000), ("PR", "2", [], 4000)],
            received_at=datetime(2026, 11, 20, 9),
        )
        made = {"several": several.id}
        for frequency, status in ((7, ClaimStatus.DENIED), (8, ClaimStatus.PAID)):
            old = s.scalars(
                select(Claim).where(Claim.status == status.value).order_by(Claim.id)
            ).first()
            assert old is not None
            again = create_claim(
                s,
                patient_id=old.patient_id,
                coverage_id=old.coverage_id,
                provider_id=old.provider_id,
                service_date=old.service_date,
                submitted_at=datetime(2026, 11, 22, 16),
                diagnoses=old.diagnosis_codes,
                lines=[(x.cpt, [], x.units, x.charge_cents, ["A"]) for x in old.lines],
                frequency_code=frequency,
                original_claim_number=old.payer_claim_number,
            )
            made[str(frequency)] = again.id
    return made


def _all(clinic: Clinic, model: type[Claim] | type[Remittance]) -> list[int]:
    with clinic.db.reading() as s:
        query = select(model.id).order_by(model.id)
        if model is Claim:
            # A rejected claim was stopped by the clearinghouse's edits (a pointer to no
            # diagnosis, a short member ID): it is fixed and sent again, never exported as is.
            query = query.where(Claim.status != ClaimStatus.REJECTED.value)
        return list(s.scalars(query))


def test_every_claim_in_the_clinic_passes_pyx12_and_the_checks_it_does_not_make(
    clinic: Clinic,
) -> None:
    made = _add_claims(clinic)
    ids = _all(clinic, Claim)
    text = write_837(claim_batch(clinic.db, ids, created_at=NOW))
    ok, errors = pyx12_verdict(text)
    assert ok, errors[:5]
    assert problems_837(text) == []
    claims = [s for s in segments(text) if s[0] == "CLM"]
    assert len(claims) == len(ids) > 1000
    assert {c[5].split(":")[2] for c in claims} == {"1", "7", "8"}
    assert any(s[0] == "HL" and s[3] == "23" for s in segments(text)), "no dependent"
    several = next(c for c in claims if c[1].endswith(f"-{made['several']}"))
    assert several[2] == "260.01"
    assert "SV1*HC:99214:25*190*UN*1***1:2~" in text
    assert "SV1*HC:36415*20.01*UN*2***1~" in text


def test_every_remittance_balances_and_passes_pyx12(clinic: Clinic) -> None:
    _add_claims(clinic)
    remit = remittance_file(clinic.db, None, created_at=NOW)
    text = write_835(remit)
    ok, errors = pyx12_verdict(text, ack=False)
    assert ok, errors[:5]
    assert problems_835(text) == []
    with clinic.db.reading() as s:
        paid = s.scalar(select(func.sum(Remittance.paid_cents)))
        count = s.scalar(select(func.count(Remittance.id)))
    bprs = [Decimal(seg[2]) for seg in segments(text) if seg[0] == "BPR"]
    assert sum(bprs) * 100 == paid
    assert len([seg for seg in segments(text) if seg[0] == "CLP"]) == count
    # the three-line claim's adjustments are shared across its lines, each balancing alone
    assert "SVC*HC:99214:25*190*109.63**1~" in text  # 190 - 51.15 - 29.22
    assert "SVC*HC:36415*20.01*11.53**2~" in text  # the last line takes the rounding


def test_a_claim_and_its_remittance_carry_the_same_patient_control_number(
    clinic: Clinic,
) -> None:
    made = _add_claims(clinic)
    with clinic.db.reading() as s:
        remittance_id = s.scalars(
            select(Remittance.id).where(Remittance.claim_id == made["several"])
        ).one()
    clm = next(
        s
        for s in segments(write_837(claim_batch(clinic.db, [made["several"]], created_at=NOW)))
        if s[0] == "CLM"
    )
    clp = next(
        s
        for s in segments(write_835(remittance_file(clinic.db, [remittance_id], created_at=NOW)))
        if s[0] == "CLP"
    )
    assert clm[1] == clp[1] and clp[7] == "2632600099999"


def test_without_ids_the_batch_is_every_claim_waiting_to_be_sent(clinic: Clinic) -> None:
    with clinic.db.reading() as s:
        waiting = list(
            s.scalars(
                select(Claim.id).where(Claim.status.in_(("ready", "submitted"))).order_by(Claim.id)
            )
        )
    batch = claim_batch(clinic.db, None, created_at=NOW)
    assert [c.patient_control_number.rsplit("-", 1)[1] for c in batch.claims] == [
        str(i) for i in waiting
    ]
    assert waiting


def test_an_unknown_claim_is_named_and_nothing_is_written(clinic: Clinic, tmp_path: Path) -> None:
    out = tmp_path / "batch.837"
    out.write_text("yesterday's batch")
    with pytest.raises(ExportProblem, match="no claim 99999 in this clinic") as refused:
        export_837(clinic.db, out, [1, 99999], created_at=NOW)
    assert refused.value.exit_code == 2
    assert out.read_text() == "yesterday's batch"


def test_a_claim_whose_lines_do_not_add_up_to_its_total_is_refused(clinic: Clinic) -> None:
    with clinic.db.sessions() as s, s.begin():
        claim = s.get(Claim, 1)
        assert claim is not None
        claim.total_cents += 100
    with pytest.raises(ExportProblem, match=r"claim 1: its lines add up to .* but its total"):
        claim_batch(clinic.db, [1], created_at=NOW)
