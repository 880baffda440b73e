"""The built-in phones pack (phones, messages and privacy): valid, every recorded play scores
what the pack expects on several play dates, and what matters most in each scenario."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.grading.report import CriterionResult
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Play, Scenario
from ehr_sim.records import Fax, LedgerEntry, Medication, Note, Patient, Remittance

PHONES = Path(__file__).resolve().parents[2] / "scenarios" / "phones"
MONDAY, FRIDAY, SATURDAY = date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 10)


def load_phones() -> LoadedPack:
    result = load_pack(PHONES)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


@pytest.fixture(scope="module")
def phones() -> LoadedPack:
    return load_phones()


def scenario(pack: LoadedPack, scenario_id: str) -> Scenario:
    return next(s.scenario for s in pack.scenarios if s.scenario.id == scenario_id)


def play(s: Scenario, words: str) -> Play:
    return next(p for p in s.plays if words in p.name)


def every_play() -> list[tuple[str, str]]:
    return [(s.scenario.id, p.name) for s in load_phones().scenarios for p in s.scenario.plays]


@pytest.mark.parametrize("play_date", [FRIDAY, SATURDAY], ids=["friday", "saturday"])
@pytest.mark.parametrize(("scenario_id", "play_name"), every_play())
def test_each_play_gets_the_score_and_critical_errors_the_pack_expects_on_any_day(
    phones: LoadedPack, tmp_path: Path, scenario_id: str, play_name: str, play_date: date
) -> None:
    s = scenario(phones, scenario_id)
    recorded = next(p for p in s.plays if p.name == play_name)
    result = run_play(phones, s, recorded, tmp_path, play_date=play_date)
    assert all(step.done for step in result.steps), result.steps
    assert result.report.score == recorded.expect_score, (result.report.score, result.steps)
    assert sorted(result.critical) == sorted(recorded.expect_critical)


def test_the_pack_lists_its_scenarios_in_the_order_of_the_design(phones: LoadedPack) -> None:
    order = [
        "angry-surprise-bill.yaml",
        "refill-requests.yaml",
        "misdirected-fax.yaml",
        "mother-moves-sons-visit.yaml",
        "morning-inbasket.yaml",
        "three-lines-critical-result.yaml",
    ]
    listed = list(phones.manifest.scenarios)
    assert listed == [name for name in order if name in listed]
    assert phones.manifest.id == "phones"
    assert phones.manifest.title == "Phones, messages and privacy"


def _db(folder: Path) -> Session:
    (path,) = [p for p in folder.glob("*.db")]
    return Session(create_engine(f"sqlite:///{path}"))


# A misdirected fax -----------------------------------------------------------------------


def test_a_misdirected_fax_filed_in_our_namesake_s_chart_scores_zero_and_says_why(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "misdirected_fax")
    result = run_play(phones, s, play(s, "files it"), tmp_path, play_date=MONDAY)
    assert result.report.score == 0
    filed = next(c for c in result.report.critical if c.id == "filed_in_our_chart")
    assert "different Maria Gonzalez" in filed.feedback
    assert "Two identifiers apply to paper too" in filed.feedback
    # Nobody called the sender, so their second fax arrived and went into the chart too.
    with _db(tmp_path) as db:
        ours = db.scalars(
            select(Fax).where(Fax.direction == "in", Fax.party.startswith("North Columbus"))
        ).all()
    ours = [f for f in ours if f.at.hour >= 13]  # the seeded clinic's morning faxes aside
    assert [(f.pages, f.status) for f in ours] == [(6, "filed"), (3, "filed")]
    assert ours[0].addressed_number == "(614) 555-0134"
    assert ours[0].about_name == "Maria Gonzalez"


def test_calling_the_sender_reaches_their_records_office_and_stops_the_second_fax(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "misdirected_fax")
    result = run_play(phones, s, play(s, "reference"), tmp_path, play_date=MONDAY)
    assert result.report.score == 100
    assert "Called North Columbus Orthopaedic Associates at (614) 555-0187" in (
        result.steps[0].message
    )
    assert any("Kim Ashford" in line and "attestation" in line for line in result.transcript)
    assert not any("Consult note" in line for line in result.transcript)
    with _db(tmp_path) as db:
        fax = db.scalars(select(Fax).where(Fax.subject.startswith("Outside records"))).all()
        attestation = db.scalars(select(Fax).where(Fax.direction == "out")).all()
    assert [f.status for f in fax if f.at.hour == 13] == ["misdirected"]
    sent = [f for f in attestation if f.subject == "Attestation of destruction"]
    assert len(sent) == 1 and not sent[0].reportable


# An angry call about a surprise bill -----------------------------------------------------


def test_the_era_arrives_unposted_so_the_account_shows_the_198_the_office_billed(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "angry_surprise_bill")
    result = run_play(phones, s, play(s, "reads her the $198"), tmp_path, play_date=MONDAY)
    assert result.critical == ("billed_co_amount",)
    billed = next(c for c in result.report.critical if c.id == "billed_co_amount")
    assert "never billed a CO amount" in billed.feedback
    with _db(tmp_path) as db:
        patient = db.scalars(
            select(Patient).where(Patient.last_name == "Whitaker", Patient.first_name == "Sharon")
        ).one()
        lines = db.scalars(select(LedgerEntry).where(LedgerEntry.patient_id == patient.id)).all()
        era = db.scalars(select(Remittance)).all()
    assert sum(line.amount_cents for line in lines) == 19800
    assert [(r.paid_cents, r.status) for r in era if r.payer_claim_number == "MRH2611458"] == [
        (18200, "received")
    ]


def test_saying_the_account_is_corrected_counts_as_true_only_once_the_balance_is_118(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "angry_surprise_bill")
    reference = play(s, "reference")
    said = next(step for step in reference.steps if step.choose == "fixed_it")
    early = [step for step in reference.steps if step is not said]
    at_write_off = next(i for i, step in enumerate(early) if step.do == "WriteOff")
    early.insert(at_write_off, said.model_copy(update={"at": early[at_write_off].at}))
    hasty = reference.model_copy(update={"name": "says it before the write-off", "steps": early})

    on_time = run_play(phones, s, reference, tmp_path / "on-time", play_date=MONDAY)
    too_soon = run_play(phones, s, hasty, tmp_path / "too-soon", play_date=MONDAY)

    def untrue(result: PlayResult) -> CriterionResult:
        return next(c for c in result.report.criteria if c.id == "said_untrue")

    assert not untrue(on_time).met and on_time.report.score == 100
    assert untrue(too_soon).met and too_soon.report.score == 90
    assert "her account now shows $118" in untrue(too_soon).detail


# Refill requests -------------------------------------------------------------------------


def test_the_chart_shows_lisinopril_stopped_and_a_task_without_that_flag_misses_15_points(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "refill_requests")
    result = run_play(phones, s, play(s, "everything routine"), tmp_path, play_date=FRIDAY)
    assert (result.report.score, result.critical) == (45, ())
    flagged = next(c for c in result.report.criteria if c.id == "frank_flagged")
    assert not flagged.met and "stopped it 90 days ago" in flagged.feedback
    with _db(tmp_path) as db:
        frank = db.scalars(
            select(Patient).where(Patient.first_name == "Frank", Patient.last_name == "Price")
        ).one()
        meds = db.scalars(select(Medication).where(Medication.patient_id == frank.id)).all()
        notes = db.scalars(select(Note).where(Note.patient_id == frank.id)).all()
    assert [(m.name, m.dose) for m in meds] == [("Losartan", "50 mg")]
    assert any("lisinopril 10 mg stopped" in n.text and n.author == "Dr. Okafor" for n in notes)


def test_harold_calls_back_only_after_the_office_has_called_him(
    phones: LoadedPack, tmp_path: Path
) -> None:
    s = scenario(phones, "refill_requests")
    reference = run_play(phones, s, play(s, "reference"), tmp_path / "ref", play_date=MONDAY)
    routine = run_play(phones, s, play(s, "everything routine"), tmp_path / "bad")
    assert any("Harold (caller)" in line for line in reference.transcript)
    assert not any("Harold (caller)" in line for line in routine.transcript)
    booked = next(c for c in reference.report.criteria if c.id == "harold_booked")
    assert booked.met and "Dr. Okafor" in booked.detail
