"""Packs name what referral and chart-prep work touches: documents a visit waits for (setup
`expected_documents`), and the referrals and prior authorisation requests a trainee makes
(`created:`), with their references and fields checked by `packs validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import scenario, write_pack

LAB = {
    "patient": "dana",
    "appointment": "old_visit",
    "kind": "lab",
    "name": "Hemoglobin A1c",
    "source": "Central Ohio Reference Lab",
    "requested": "-12d",
}


def codes(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return [p.code for p in load_pack(write_pack(tmp_path / "p", data)).problems]


def with_lab(**changes: Any) -> dict[str, Any]:
    data = scenario()
    data["setup"]["expected_documents"] = {"dana_lab": {**LAB, **changes}}
    return data


def test_an_expected_document_for_the_patients_own_visit_loads_cleanly(tmp_path: Path) -> None:
    data = with_lab()
    data["plays"][0]["steps"].append(
        {"at": "T+3m", "do": "MarkDocumentReceived", "args": {"expected_document_id": "@dana_lab"}}
    )
    data["rubric"][1]["when"] = {
        "kind": "record_state",
        "record": "dana_lab",
        "field": "received_on",
        "equals": "+0d",
    }
    assert codes(tmp_path, data) == []


def test_an_expected_document_for_someone_elses_visit_is_set003(tmp_path: Path) -> None:
    data = with_lab(patient="sam")
    data["setup"]["patients"]["sam"] = {
        "first_name": "Sam",
        "last_name": "Ortiz",
        "dob": "-30y",
        "sex": "M",
        "phone": "(614) 555-0101",
        "address1": "9 Oak Street",
    }
    assert codes(tmp_path, data) == ["SET003"]


def test_an_unknown_patient_or_visit_and_a_kind_not_listed_are_refused(tmp_path: Path) -> None:
    assert codes(tmp_path / "a", with_lab(patient="nobody", appointment="no_visit")) == [
        "REF001",
        "REF001",
    ]
    assert codes(tmp_path / "b", with_lab(kind="x-ray")) == ["SCH003"]


def test_a_document_received_before_it_was_requested_is_tim002(tmp_path: Path) -> None:
    assert codes(tmp_path, with_lab(received="-20d")) == ["TIM002"]


def test_a_referral_the_trainee_writes_can_be_named_and_its_fields_checked(
    tmp_path: Path,
) -> None:
    data = scenario()
    data["created"] = {"dana_referral": {"by": "CreateReferral"}}
    data["rubric"][1]["when"] = {
        "kind": "record_state",
        "record": "dana_referral",
        "field": "in_network",
        "equals": True,
    }
    data["plays"][0]["steps"].append(
        {"at": "T+3m", "do": "SendReferralPacket", "args": {"referral_id": "@dana_referral"}}
    )
    assert codes(tmp_path / "a", data) == []

    data["rubric"][1]["when"]["field"] = "network"  # not a referral's field
    assert codes(tmp_path / "b", data) == ["RUB003"]


def test_a_prior_auth_id_must_name_a_prior_authorisation_request(tmp_path: Path) -> None:
    data = scenario()
    data["created"] = {
        "mri_auth": {"by": "RequestPriorAuth"},
        "dana_referral": {"by": "CreateReferral"},
    }
    step: dict[str, Any] = {
        "at": "T+3m",
        "do": "CheckPriorAuthStatus",
        "args": {"prior_auth_id": "@mri_auth"},
    }
    data["plays"][0]["steps"].append(step)
    assert codes(tmp_path / "a", data) == []

    step["args"]["prior_auth_id"] = "@dana_referral"
    assert codes(tmp_path / "b", data) == ["REF004"]
