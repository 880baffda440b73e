"""`ehr-sim claims export-837|export-835` run as a real command: the files it writes pass
pyx12, and on bad input it says one plain line, exits non-zero and leaves --out as it was."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.x12_support import problems_835, problems_837, pyx12_verdict

from .test_cli import ehr_sim, one_line_error, sha256

OLD_BATCH = "ISA*yesterday's batch, which a refused export must not touch~\n"


@pytest.fixture
def clinic(world_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out.x12"
    path.write_text(OLD_BATCH)
    return path


def test_export_837_writes_the_claims_waiting_to_be_sent(clinic: Path, out: Path) -> None:
    with closing(sqlite3.connect(clinic)) as con:
        (waiting,) = con.execute(
            "SELECT count(*) FROM claims WHERE status IN ('ready', 'submitted')"
        ).fetchone()
    done = ehr_sim("claims", "export-837", "--db", str(clinic), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {waiting} claims to {out} (")
    text = out.read_text()
    assert pyx12_verdict(text) == (True, [])
    assert problems_837(text) == []
    assert text.count("CLM*") == waiting


def test_export_837_writes_only_the_claims_named(clinic: Path, out: Path) -> None:
    done = ehr_sim("claims", "export-837", "--db", str(clinic), "--out", str(out),
                   "--claim", "3", "--claim", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote 2 claims")
    clms = [line.split("*")[1] for line in out.read_text().splitlines() if line.startswith("CLM*")]
    assert [c.rsplit("-", 1)[1] for c in clms] == ["3", "1"]


def test_export_835_writes_remittances_that_balance(clinic: Path, out: Path) -> None:
    done = ehr_sim("claims", "export-835", "--db", str(clinic), "--out", str(out),
                   "--remittance", "1", "--remittance", "2", "--remittance", "40")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote 3 remittances")
    text = out.read_text()
    assert pyx12_verdict(text, ack=False) == (True, [])
    assert problems_835(text) == []


@pytest.mark.parametrize("command", ["export-837", "export-835"])
def test_a_missing_clinic_is_one_line_and_out_is_untouched(
    command: str, tmp_path: Path, out: Path
) -> None:
    missing = tmp_path / "nowhere.db"
    line = one_line_error(ehr_sim("claims", command, "--db", str(missing), "--out", str(out)))
    assert line == f"ehr-sim claims {command}: There is no clinic database at {missing}."
    assert out.read_text() == OLD_BATCH


def test_a_damaged_clinic_is_one_line_and_both_files_are_untouched(clinic: Path, out: Path) -> None:
    data = clinic.read_bytes()
    clinic.write_bytes(data[:4096] + b"\x00" * 4096 + data[8192 : len(data) // 3])
    before = sha256(clinic)
    line = one_line_error(ehr_sim("claims", "export-837", "--db", str(clinic), "--out", str(out)))
    assert line.startswith("ehr-sim claims export-837: ") and "damaged" in line
    assert out.read_text() == OLD_BATCH
    assert sha256(clinic) == before


def test_an_unknown_claim_is_named_and_out_is_untouched(clinic: Path, out: Path) -> None:
    done = ehr_sim("claims", "export-837", "--db", str(clinic), "--out", str(out),
                   "--claim", "1", "--claim", "99999")  # fmt: skip
    assert one_line_error(done) == "ehr-sim claims export-837: no claim 99999 in this clinic"
    assert out.read_text() == OLD_BATCH
    assert list(out.parent.glob(".out.x12.*")) == []


def test_an_unknown_remittance_is_named_and_out_is_untouched(clinic: Path, out: Path) -> None:
    done = ehr_sim("claims", "export-835", "--db", str(clinic), "--out", str(out),
                   "--remittance", "424242")  # fmt: skip
    line = one_line_error(done)
    assert line == "ehr-sim claims export-835: no remittance 424242 in this clinic"
    assert out.read_text() == OLD_BATCH


def test_nothing_waiting_to_be_sent_is_exit_1_and_out_is_untouched(clinic: Path, out: Path) -> None:
    with closing(sqlite3.connect(clinic)) as con, con:
        con.execute("UPDATE claims SET status = 'accepted' WHERE status IN ('ready', 'submitted')")
    done = ehr_sim("claims", "export-837", "--db", str(clinic), "--out", str(out))
    line = one_line_error(done, 1)
    assert line == (
        "ehr-sim claims export-837: there are no claims waiting to be sent (name one with --claim)"
    )
    assert out.read_text() == OLD_BATCH
