"""Claim rules as values: claim and remittance statuses, frequency codes, what a resubmission is."""

from __future__ import annotations

from enum import IntEnum, StrEnum

MAX_DIAGNOSES = 12  # CMS-1500 item 21, letters A-L
DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"
MAX_MODIFIERS = 4
PLACE_OF_SERVICE_OFFICE = "11"


class ClaimStatus(StrEnum):
    """Where a claim is in its life, as the billing work list shows it."""

    READY = "ready"  # made from a visit's charges, not sent yet (may still be corrected)
    SUBMITTED = "submitted"  # sent through the clearinghouse, no answer yet
    ACCEPTED = "accepted"  # the payer took it in for processing
    REJECTED = "rejected"  # sent back by a front-end edit before processing: fix and send again
    DENIED = "denied"  # processed, nothing paid: read the remittance
    PAID = "paid"  # processed and paid (perhaps with patient responsibility)
    APPEALED = "appealed"  # denied, and an appeal is with the payer
    CLOSED = "closed"  # paid and settled: nothing left to collect from the payer
    REPLACED = "replaced"  # superseded by a replacement claim (frequency 7)
    VOID = "void"  # cancelled by a void claim (frequency 8)

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def adjudicated(self) -> bool:
        """The payer processed it and gave it a claim number."""
        return self in (
            ClaimStatus.DENIED,
            ClaimStatus.PAID,
            ClaimStatus.APPEALED,
            ClaimStatus.CLOSED,
        )

    @property
    def awaiting_payer(self) -> bool:
        return self in (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED)

    @property
    def closed(self) -> bool:
        """Superseded: work continues on the claim that replaced or voided it (a closed
        claim is settled, not superseded: see `settled`)."""
        return self in (ClaimStatus.REPLACED, ClaimStatus.VOID)


_STATUS_LABELS = {
    ClaimStatus.READY: "Ready to send",
    ClaimStatus.SUBMITTED: "Sent",
    ClaimStatus.ACCEPTED: "Accepted by payer",
    ClaimStatus.REJECTED: "Rejected",
    ClaimStatus.DENIED: "Denied",
    ClaimStatus.PAID: "Paid",
    ClaimStatus.APPEALED: "Appealed",
    ClaimStatus.CLOSED: "Closed",
    ClaimStatus.REPLACED: "Replaced",
    ClaimStatus.VOID: "Void",
}

# The work list's order: what needs a person first.
STATUS_ORDER = (
    ClaimStatus.DENIED,
    ClaimStatus.REJECTED,
    ClaimStatus.READY,
    ClaimStatus.SUBMITTED,
    ClaimStatus.ACCEPTED,
    ClaimStatus.APPEALED,
    ClaimStatus.PAID,
    ClaimStatus.CLOSED,
    ClaimStatus.REPLACED,
    ClaimStatus.VOID,
)


class Frequency(IntEnum):
    """Claim frequency code (CMS-1500 item 22, X12 CLM05-3)."""

    ORIGINAL = 1
    REPLACEMENT = 7
    VOID = 8


class RemittanceStatus(StrEnum):
    RECEIVED = "received"  # arrived, not yet posted to the account
    POSTED = "posted"


class NoteKind(StrEnum):
    ACCOUNT = "account"  # billing notes on the patient's account
    CHART = "chart"  # what happened, when, who was told


class AdjustmentGroup(StrEnum):
    """Who carries an adjustment (X12 CAS01)."""

    CO = "CO"  # contractual obligation: the patient may not be billed
    PR = "PR"  # patient responsibility
    OA = "OA"  # other adjustment
    PI = "PI"  # payer-initiated reduction


def split_codes(text: str) -> list[str]:
    """'N382, MA130' -> ['N382', 'MA130'] (codes stored as comma-separated text)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def join_codes(codes: list[str] | tuple[str, ...]) -> str:
    return ",".join(code.strip() for code in codes if code.strip())
