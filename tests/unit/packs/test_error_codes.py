"""docs/packs.md stays true: every code the checker can report is in its error-code table."""

from __future__ import annotations

import re
from pathlib import Path

import ehr_sim.packs

ROOT = Path(__file__).resolve().parents[3]


def test_every_code_the_pack_checker_reports_is_documented() -> None:
    source = "".join(
        p.read_text(encoding="utf-8") for p in Path(ehr_sim.packs.__file__).parent.glob("*.py")
    )
    reported = set(re.findall(r"\"([A-Z]{3,4}\d{3})\"", source))
    table = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([A-Z]{3,4}\d{3}) \|", table, re.M))
    assert len(reported) > 30
    assert sorted(reported - documented) == []
