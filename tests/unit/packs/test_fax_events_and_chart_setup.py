"""`packs validate` on faxes delivered by events (their id a fax_id), fax fields on other
messages, unposted remittances, and patients' medications and chart notes in setup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import SCENARIO, scenario, write_pack

FAX: dict[str, Any] = {
    "id": "lab_fax",
    "at": "T+0",
    "kind": "message",
    "channel": "fax",
    "sender": "Central Ohio Reference Lab",
    "sender_fax": "(614) 555-0191",
    "subject": "Lab results",
    "body": "Comprehensive metabolic panel, final.",
    "pages": 2,
    "about_name": "Dana Reyes",
    "about_dob": "-41y",
}


def problems(tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in load_pack(write_pack(tmp_path / "p", data)).problems]


def with_steps(*steps: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    reference = {**SCENARIO["plays"][0], "steps": [*SCENARIO["plays"][0]["steps"], *steps]}
    return scenario(events=[*SCENARIO["events"], *events], plays=[reference, SCENARIO["plays"][1]])


def test_a_fax_event_stands_for_its_fax_in_fax_id_arguments(tmp_path: Path) -> None:
    step = {"at": "T+3m", "do": "FileFax", "args": {"fax_id": "@lab_fax", "patient_id": "@dana"}}
    assert problems(tmp_path, with_steps(step, events=[FAX])) == []


def test_a_message_that_is_not_a_fax_creates_nothing_a_fax_id_can_name(tmp_path: Path) -> None:
    note = {**FAX, "channel": "message"}
    for field in ("sender_fax", "pages", "about_name", "about_dob"):
        del note[field]
    step = {"at": "T+3m", "do": "FileFax", "args": {"fax_id": "@lab_fax", "patient_id": "@dana"}}
    found = problems(tmp_path, with_steps(step, events=[note]))
    assert [code for code, _ in found] == ["REF004"]
    assert "creates no record" in found[0][1]


def test_a_fax_s_cover_sheet_fields_on_another_channel_are_sch002(tmp_path: Path) -> None:
    voicemail = {**FAX, "channel": "voicemail"}
    found = problems(tmp_path, scenario(events=[*SCENARIO["events"], voicemail]))
    assert {code for code, _ in found} == {"SCH002"}
    assert any("'sender_fax' is a fax's field" in message for _, message in found)


def test_patients_medications_and_chart_notes_load_and_bad_ones_are_named(
    tmp_path: Path,
) -> None:
    data = scenario()
    dana = data["setup"]["patients"]["dana"]
    dana["medications"] = [{"name": "Losartan", "dose": "50 mg", "started": "-90d"}]
    dana["chart_notes"] = [{"text": "Lisinopril stopped (cough).", "written": "-90d 11:20"}]
    assert problems(tmp_path / "good", data) == []
    dana["medications"] = [{"name": "Losartan", "started": "last spring"}]
    found = problems(tmp_path / "bad", data)
    assert [code for code, _ in found] == ["SCH003"]
