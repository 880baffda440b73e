"""The seeded clinic's claims: recent insured visits are billed, most paid, a few denied."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.handlers.clearinghouse import submission
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.clearinghouse import front_end_edits
from ehr_sim.records import (
    Claim,
    Coverage,
    Encounter,
    LedgerEntry,
    Remittance,
    RemittanceAdjustment,
    Superbill,
)
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.world.claims import BACKLOG_DAYS, CLAIM_DAYS

from ..seeded import TODAY

NOW = datetime.combine(TODAY, time(8))


@pytest.fixture(scope="module")
def world(world_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("claims_world") / "clinic.db"
    shutil.copy(world_file, path)
    db = open_database(sqlite_url(path))
    yield db
    db.close()


@pytest.fixture(scope="module")
def claims(world: Database) -> list[Claim]:
    with world.reading() as s:
        found = list(s.scalars(select(Claim).order_by(Claim.id)))
        for claim in found:
            claim.remittances  # noqa: B018 - loaded while the session is open
            for remittance in claim.remittances:
                remittance.adjustments  # noqa: B018
            claim.lines  # noqa: B018
        return found


def test_recent_insured_visits_have_one_claim_each_unless_their_charges_wait(
    world: Database, claims: list[Claim]
) -> None:
    with world.reading() as s:
        insured = set(s.scalars(select(Coverage.patient_id)))
        recent = s.scalars(
            select(Encounter).where(
                Encounter.seen_at >= datetime.combine(TODAY - timedelta(days=CLAIM_DAYS), time(0)),
                Encounter.seen_at < NOW,
            )
        ).all()
        entered = {b.encounter_id: b for b in s.scalars(select(Superbill))}
    billed = Counter(c.encounter_id for c in claims)
    waiting = [e for e in recent if e.patient_id in insured and e.id not in entered]

    assert claims and max(billed.values()) == 1
    assert {e.id for e in recent if e.patient_id in insured and e.id in entered} == set(billed)
    assert waiting and all(
        e.seen_at.date() >= TODAY - timedelta(days=BACKLOG_DAYS) for e in waiting
    )
    assert all(entered[c.encounter_id].claim_id == c.id for c in claims)
    assert all(c.patient_id in insured for c in claims)
    assert all(c.submitted_at < NOW for c in claims)


def test_the_queue_has_claims_in_every_state_most_paid_a_few_denied(
    claims: list[Claim],
) -> None:
    statuses = Counter(c.status for c in claims)
    settled = statuses["paid"] + statuses["closed"]

    assert settled > statuses["submitted"] + statuses["accepted"] > statuses["denied"]
    assert 5 <= statuses["denied"] <= 0.08 * len(claims)
    assert set(statuses) == {s.value for s in ClaimStatus if not s.closed}


def test_ready_claims_wait_unsent_and_rejected_ones_name_the_field_they_failed(
    world: Database, claims: list[Claim]
) -> None:
    ready = [c for c in claims if c.status == "ready"]
    rejected = [c for c in claims if c.status == "rejected"]

    assert all(not c.remittances and not c.payer_claim_number for c in ready + rejected)
    assert all(c.service_date >= TODAY - timedelta(days=BACKLOG_DAYS) for c in ready)
    fields = Counter(c.rejection_reason.split(": ")[1] for c in rejected)
    assert set(fields) == {"item 1a insured's ID number", "item 24E line 1 diagnosis pointer"}
    with world.reading() as s:
        for claim in rejected:
            sent = submission(s, s.get(Claim, claim.id), claim.submitted_at)  # type: ignore[arg-type]
            assert [str(r) for r in front_end_edits(sent)] == [claim.rejection_reason]


def test_old_co50_denials_were_appealed_and_settled_claims_closed(claims: list[Claim]) -> None:
    appealed = [c for c in claims if c.status == "appealed"]
    closed = [c for c in claims if c.status == "closed"]

    assert appealed and all(
        c.remittances[0].adjustments[0].carc == "50" and c.remittances[0].read_at for c in appealed
    )
    assert closed and all(
        all(a.group_code != "PR" for a in c.remittances[0].adjustments) for c in closed
    )


def test_every_answered_claim_has_one_remittance_with_the_payers_number(
    claims: list[Claim],
) -> None:
    for claim in claims:
        answered = claim.status in ("paid", "denied", "closed", "appealed")
        assert len(claim.remittances) == (1 if answered else 0)
        assert bool(claim.payer_claim_number) == answered
        if answered:
            (remittance,) = claim.remittances
            assert remittance.payer_claim_number == claim.payer_claim_number
            assert claim.submitted_at < remittance.received_at < NOW


def test_denials_carry_realistic_codes_and_wait_to_be_read(claims: list[Claim]) -> None:
    denied = [c for c in claims if c.status == "denied"]
    codes = set()
    for claim in denied:
        (remittance,) = claim.remittances
        (adjustment,) = remittance.adjustments
        codes.add((adjustment.group_code, adjustment.carc, adjustment.rarcs))
        assert (remittance.paid_cents, adjustment.amount_cents) == (0, claim.total_cents)
        assert (remittance.status, remittance.read_at) == ("received", None)

    assert ("CO", "16", "N382") in codes
    assert codes <= {("CO", "16", "N382"), ("CO", "197", ""), ("CO", "50", "")}


def test_a_co16_claim_went_out_with_a_mistyped_member_id(
    world: Database, claims: list[Claim]
) -> None:
    co16 = [
        c for c in claims if c.status == "denied" and c.remittances[0].adjustments[0].carc == "16"
    ]
    with world.reading() as s:
        on_file = {
            c.id: s.scalars(select(Coverage.member_id).where(Coverage.id == c.coverage_id)).one()
            for c in co16
        }

    assert co16
    assert all(c.member_id == on_file[c.id] + on_file[c.id][-1] for c in co16)


def test_paid_claims_are_posted_as_payment_write_down_and_patient_share(
    world: Database, claims: list[Claim]
) -> None:
    with world.reading() as s:
        entries = s.scalars(select(LedgerEntry).where(LedgerEntry.encounter_id.is_not(None))).all()
        adjustments = s.execute(
            select(RemittanceAdjustment.group_code, RemittanceAdjustment.amount_cents).join(
                Remittance
            )
        ).all()
    era_lines: dict[int, list[LedgerEntry]] = {}
    for entry in entries:
        if (
            "ERA" in entry.description
            or "contractual" in entry.description
            or "PR (" in entry.description
        ):
            era_lines.setdefault(entry.encounter_id or 0, []).append(entry)
    posted = 0
    for claim in claims:
        lines = era_lines.get(claim.encounter_id or 0, [])
        if claim.status not in ("paid", "closed") or claim.remittances[0].status != "posted":
            assert lines == []
            continue
        posted += 1
        (remittance,) = claim.remittances
        patient = sum(a.amount_cents for a in remittance.adjustments if a.group_code == "PR")
        by_kind: dict[str, int] = {}
        for line in lines:
            by_kind[line.kind] = by_kind.get(line.kind, 0) + line.amount_cents
            assert line.posted_at == remittance.received_at
        assert -by_kind.get("payment", 0) == remittance.paid_cents
        assert -by_kind.get("adjustment", 0) == claim.total_cents - remittance.paid_cents - patient
        assert by_kind.get("transfer", 0) == 0 and claim.transferred_cents == patient
    assert posted
    assert all(cents > 0 for _group, cents in adjustments)
