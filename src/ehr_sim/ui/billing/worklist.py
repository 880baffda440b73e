"""The claims work list: columns, status colours and the status and patient filters."""

from __future__ import annotations

from ehr_sim.app.queries.claims import ClaimRow
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.ui.common.table_model import Column

# Strings the trainee reads -----------------------------------------------------------
ALL_CLAIMS = "All claims (denied first)"
NEEDS_WORK = "Needs work (denied, rejected)"
UNREAD = "New: not read"
READ = "Read"
COUNT = "{shown} of {total} claims · {denied} denied"
STATUS_FILTERS: list[tuple[str, tuple[ClaimStatus, ...] | None]] = [
    (ALL_CLAIMS, None),
    (NEEDS_WORK, (ClaimStatus.DENIED, ClaimStatus.REJECTED)),
    *((status.label, (status,)) for status in ClaimStatus),
]
BACKGROUNDS = {
    ClaimStatus.DENIED: "#f9dcd9",
    ClaimStatus.REJECTED: "#fde6c8",
    ClaimStatus.PAID: "#e3f2e1",
    ClaimStatus.REPLACED: "#eceff2",
    ClaimStatus.VOID: "#eceff2",
}


def _remittance(row: ClaimRow) -> str:
    if row.unread:
        return UNREAD
    return READ if row.status.adjudicated or row.codes else ""


COLUMNS: list[Column[ClaimRow]] = [
    Column("Status", lambda r: r.status.label, lambda r: BACKGROUNDS.get(r.status)),
    Column("Claim", lambda r: str(r.id), align_right=True),
    Column("Patient", lambda r: r.patient_name),
    Column("Seen", lambda r: f"{r.service_date:%m/%d/%Y}"),
    Column("Payer", lambda r: r.payer),
    Column("Total", lambda r: str(r.total), align_right=True),
    Column("Remittance", _remittance, lambda r: "#fff4d6" if r.unread else None),
    Column("Denial codes", lambda r: r.codes),
]
HEADERS = [c.header for c in COLUMNS]


def filtered(
    rows: list[ClaimRow], statuses: tuple[ClaimStatus, ...] | None, patient_text: str
) -> list[ClaimRow]:
    """Rows with one of `statuses` (all when None) whose patient name or MRN matches."""
    needle = patient_text.strip().lower()
    return [
        row
        for row in rows
        if (statuses is None or row.status in statuses)
        and (
            not needle
            or needle in row.patient_name.lower()
            or needle.replace(" ", "") in row.patient_name.lower().replace(" ", "")
            or row.mrn.startswith(needle)
        )
    ]


def count_line(shown: list[ClaimRow], every: list[ClaimRow]) -> str:
    denied = sum(1 for row in every if row.status is ClaimStatus.DENIED)
    return COUNT.format(shown=len(shown), total=len(every), denied=denied)
