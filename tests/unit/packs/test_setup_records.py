"""`packs validate` checks the further setup records: references, times, people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import scenario, write_pack


def problems(tmp_path: Path, **setup: Any) -> list[tuple[str, str]]:
    data = scenario()
    data["setup"].update(setup)
    return [(p.code, p.message) for p in load_pack(write_pack(tmp_path / "p", data)).problems]


def test_every_further_setup_record_loads_cleanly(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        waitlist={"w": {"patient": "dana", "type": "FU", "provider": "okafor"}},
        results={
            "r": {"patient": "dana", "kind": "lab", "name": "A1c", "value": "7.9"},
            "x": {
                "patient": "dana",
                "kind": "imaging",
                "name": "Chest X-ray",
                "value": "clear",
                "reviewed_by": "okafor",
                "reviewed": "-1d 16:00",
            },
        },
        inbox={"f": {"channel": "fax", "sender": "Mercy", "subject": "Records", "patient": "dana"}},
        accounts={
            "a": {
                "patient": "dana",
                "lines": [{"kind": "charge", "amount": "90.00", "description": "Visit"}],
            }
        },
        provider_blocks={"b": {"provider": "okafor", "start": "+1bd 14:00", "minutes": 60}},
        people={"mark": {"name": "Mark Reyes", "relation": "husband", "about": "dana"}},
    )
    assert found == []


def test_unknown_patients_providers_and_types_are_ref001(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        waitlist={"w": {"patient": "danna", "type": "XX", "provider": "house"}},
        results={
            "r": {
                "patient": "dana",
                "kind": "lab",
                "name": "A1c",
                "value": "1",
                "reviewed_by": "house",
            }
        },
        people={"mark": {"name": "Mark Reyes", "relation": "husband", "about": "nobody"}},
    )
    assert [code for code, _ in found] == ["REF001"] * 5
    assert ("REF001", "no patient 'danna' in setup.patients") in found


def test_a_setup_visit_inside_a_provider_block_is_tim002(tmp_path: Path) -> None:
    # The builder's visit is with Dr. Okafor at +2bd 10:30.
    found = problems(
        tmp_path,
        provider_blocks={
            "b": {"provider": "okafor", "start": "+2bd 10:00", "minutes": 60, "label": "meeting"}
        },
    )
    assert found == [("TIM002", "this visit falls in block 'b' (meeting) of the same provider")]


def test_impossible_windows_and_blocks_are_tim002(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        waitlist={"w": {"patient": "dana", "type": "FU", "earliest": "+5d", "latest": "+1d"}},
        provider_blocks={"b": {"provider": "okafor", "start": "+1bd", "minutes": 60}},
    )
    assert sorted(code for code, _ in found) == ["TIM002", "TIM002"]


def test_a_review_time_without_a_reviewer_is_set001(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        results={
            "r": {"patient": "dana", "kind": "lab", "name": "A1c", "value": "1", "reviewed": "-1d"}
        },
    )
    assert [code for code, _ in found] == ["SET001"]


def test_a_person_with_the_patients_own_name_is_set002(tmp_path: Path) -> None:
    found = problems(
        tmp_path, people={"dana2": {"name": "Dana Reyes", "relation": "self", "about": "dana"}}
    )
    assert [code for code, _ in found] == ["SET002"]


def test_a_person_can_be_a_callers_reference_and_a_patient_id_cannot_name_them(
    tmp_path: Path,
) -> None:
    data = scenario()
    data["setup"]["people"] = {
        "mark": {"name": "Mark Reyes", "relation": "husband", "about": "dana"}
    }
    data["events"][0]["caller"] = "mark"
    assert load_pack(write_pack(tmp_path / "a", data)).problems == []
    data["plays"][0]["steps"][1]["args"]["patient_id"] = "@mark"
    found = [p.code for p in load_pack(write_pack(tmp_path / "b", data)).problems]
    assert "REF004" in found


def test_the_days_receipts_load_cleanly(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        payments={
            "cash": {"patient": "dana", "amount": "25.00", "method": "cash", "receipt": "2041"},
            "check": {
                "patient": "dana",
                "amount": "120.00",
                "method": "check",
                "reference": "3318",
                "received": "+0d 11:30",
            },
            "void": {"patient": "dana", "amount": "35.00", "method": "card", "voided": "twice"},
        },
    )
    assert found == []


def test_a_check_without_its_number_and_a_repeated_receipt_number_are_refused(
    tmp_path: Path,
) -> None:
    found = problems(
        tmp_path,
        payments={
            "a": {"patient": "dana", "amount": "25.00", "method": "check", "receipt": "7"},
            "b": {"patient": "dana", "amount": "0.00", "method": "cash", "receipt": "7"},
            "c": {"patient": "nobody", "amount": "5.00", "method": "cash", "received": "+0d"},
        },
    )
    assert sorted(found) == [
        ("REF001", "no patient 'nobody' in setup.patients"),
        ("SET001", "a check needs its number in 'reference'"),
        ("SET001", "a receipt's amount is more than $0.00"),
        ("SET002", "receipt 7 is also 'a'; receipt numbers are unique"),
        ("TIM002", "a receipt needs a clock time, like '08:32'"),
    ]


def test_a_coverage_names_its_whole_subscriber_or_none(tmp_path: Path) -> None:
    holder = {"patient": "dana", "payer": "MRH", "member_id": "XJH4002187"}
    whole = {
        **holder,
        "subscriber_name": "Marco Reyes",
        "subscriber_dob": "-44y 09-03",
        "subscriber_relationship": "spouse",
    }
    assert problems(tmp_path / "a", coverages={"c": whole}) == []
    half = {**holder, "subscriber_name": "Marco Reyes"}
    found = problems(tmp_path / "b", coverages={"c": half})
    assert found and "subscriber_dob" in found[0][1]


def test_a_rejected_setup_claim_says_what_its_report_says(tmp_path: Path) -> None:
    claim = {
        "patient": "dana",
        "coverage": "c",
        "provider": "okafor",
        "service_date": "-5bd",
        "submitted": "-1bd 17:30",
        "diagnoses": ["I10"],
        "lines": [{"cpt": "99213", "charge": "130.00"}],
    }
    coverage = {"c": {"patient": "dana", "payer": "MRH", "member_id": "XJH4002187"}}
    silent = problems(
        tmp_path / "a", coverages=coverage, claims={"x": {**claim, "status": "rejected"}}
    )
    assert silent and "rejection" in silent[0][1]
    said = {**claim, "status": "rejected", "rejection": "A7 invalid information: item 4"}
    assert problems(tmp_path / "b", coverages=coverage, claims={"x": said}) == []


def test_a_remittance_for_a_claim_the_trainee_sends_must_wait_for_it(tmp_path: Path) -> None:
    coverage = {"c": {"patient": "dana", "payer": "MRH", "member_id": "XJH4002187"}}
    claim = {
        "patient": "dana",
        "coverage": "c",
        "provider": "okafor",
        "service_date": "-5bd",
        "submitted": "-4bd 17:30",
        "diagnoses": ["I10"],
        "lines": [{"cpt": "99213", "charge": "130.00"}],
    }
    era = {
        "id": "era",
        "at": "T+5m",
        "kind": "remittance",
        "claim": "resent",
        "payer_claim_number": "MRH123",
        "adjustments": [{"group": "CO", "carc": "45", "amount": "30.00"}],
    }
    resent = {"by": "ResubmitClaim", "where": {"claim_id": "@x", "frequency_code": 1}}
    data = scenario(created={"resent": resent})
    data["setup"].update(coverages=coverage, claims={"x": claim})
    data["events"] = [*data["events"], era]
    found = [(p.code, p.message) for p in load_pack(write_pack(tmp_path / "a", data)).problems]
    assert [code for code, _ in found] == ["REF001"] and "only_if" in found[0][1]
    waits = {"kind": "done", "match": {"action": "ResubmitClaim", "where": {"claim_id": "@x"}}}
    data["events"][-1] = {**era, "only_if": waits}
    assert load_pack(write_pack(tmp_path / "b", data)).problems == []
