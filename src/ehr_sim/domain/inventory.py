"""Supplies and forms: what a visit uses, when stock is low, and what a delivery may add.

Pure rules, no I/O: the inventory handlers and queries, the world generator and the grader
all read stock the same way.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# What every in-person visit uses, by item code (gloves, a thermometer probe cover).
EVERY_VISIT: Mapping[str, int] = {"GLOVE-M": 2, "PROBE": 1}
# What a visit type adds (visit-type code -> item code -> units).
BY_VISIT_TYPE: Mapping[str, Mapping[str, int]] = {
    "PHYS": {"CUP": 1, "PAPER": 1},
    "NEW": {"FORM-NEW": 1, "FORM-NPP": 1, "PAPER": 1},
    "FU": {},
    "EST30": {},
    "SICK": {},
    "TELE": {},
}
# What a visit's reason adds: (words in the reason, lower case) -> item code -> units.
# A flu shot uses one syringe, one dose, a pad, a bandage, the consent form and the VIS.
FLU_SHOT: Mapping[str, int] = {
    "FLU-VAC": 1,
    "SYR-1ML": 1,
    "ALC": 1,
    "BAND": 1,
    "FORM-FLU": 1,
    "VIS-FLU": 1,
}
BY_REASON: tuple[tuple[tuple[str, ...], Mapping[str, int]], ...] = (
    (("flu shot", "flu vaccine", "influenza vaccine", "flu clinic"), FLU_SHOT),
    (("sore throat", "strep"), {"STREP": 1}),
    (("urination", "urine"), {"CUP": 1}),
)
VIRTUAL_TYPES = frozenset({"TELE"})


def supplies_for_visit(type_code: str, reason: str) -> dict[str, int]:
    """Units of each item one completed visit uses: a telehealth visit uses nothing; a flu
    shot (by its reason) uses a syringe, a dose, a pad, a bandage, the form and the VIS."""
    if type_code in VIRTUAL_TYPES:
        return {}
    used: dict[str, int] = dict(EVERY_VISIT)
    for code, units in BY_VISIT_TYPE.get(type_code, {}).items():
        used[code] = used.get(code, 0) + units
    words = reason.lower()
    for keys, items in BY_REASON:
        if any(key in words for key in keys):
            for code, units in items.items():
                used[code] = used.get(code, 0) + units
    return used


def is_low(on_hand: int, reorder_point: int) -> bool:
    """At or under the reorder point: time to order (what is on order is shown beside it)."""
    return on_hand <= reorder_point


def packs_to_par(on_hand: int, on_order_units: int, par: int, pack_size: int) -> int:
    """Whole packs that bring stock (with what is on order) back up to par, at least 0."""
    short = par - on_hand - on_order_units
    return max(0, -(-short // max(pack_size, 1)))


class OrderStatus(enum.StrEnum):
    """Where a purchase order stands."""

    OPEN = "open"
    PARTIAL = "partial"
    BACKORDERED = "backordered"
    RECEIVED = "received"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _ORDER_LABELS[self]

    @property
    def expecting(self) -> bool:
        """True while more is still to come on the order."""
        return self in (OrderStatus.OPEN, OrderStatus.PARTIAL, OrderStatus.BACKORDERED)


_ORDER_LABELS = {
    OrderStatus.OPEN: "Ordered",
    OrderStatus.PARTIAL: "Partly received",
    OrderStatus.BACKORDERED: "Back-ordered",
    OrderStatus.RECEIVED: "Received",
    OrderStatus.CANCELLED: "Cancelled",
}


@dataclass(frozen=True)
class LineState:
    """One order line in packs: ordered, received so far, and back-ordered by the supplier."""

    ordered: int
    received: int
    backordered: int = 0

    @property
    def outstanding(self) -> int:
        """Packs still to come (back-ordered ones included)."""
        return max(0, self.ordered - self.received)


def order_status(lines: list[LineState], *, cancelled: bool = False) -> OrderStatus:
    """The order's status from its lines: received in full, partly, back-ordered or open."""
    if cancelled:
        return OrderStatus.CANCELLED
    if all(line.outstanding == 0 for line in lines):
        return OrderStatus.RECEIVED
    waiting = [line for line in lines if line.outstanding]
    if all(line.backordered >= line.outstanding for line in waiting):
        return OrderStatus.BACKORDERED
    if any(line.received for line in lines):
        return OrderStatus.PARTIAL
    return OrderStatus.OPEN


def receipt_problem(line: LineState, packs: int, backordered: int) -> str | None:
    """Why a count of `packs` received (and `backordered` said to follow) does not fit the
    line, in plain words, or None. More than ordered is a separate question (`over_order`)."""
    if packs < 0 or backordered < 0:
        return "Counts cannot be negative."
    if packs == 0 and backordered == 0:
        return "Enter the packs that came in the carton, or the packs the supplier back-ordered."
    if backordered > max(0, line.outstanding - packs):
        return (
            f"Only {line.outstanding - min(packs, line.outstanding)} pack(s) are left to come "
            f"on this line; {backordered} cannot be back-ordered."
        )
    return None


def over_order(line: LineState, packs: int) -> int:
    """Packs received beyond what is still outstanding on the line (0 when it fits)."""
    return max(0, packs - line.outstanding)


def expiry_problem(expires_on: date | None, lot: str, today: date, *, tracked: bool) -> str | None:
    """A lot-tracked item needs its lot number and a future expiry date on receipt."""
    if not tracked:
        return None
    if not lot.strip():
        return "This item is tracked by lot: enter the lot number from the box."
    if expires_on is None:
        return "This item is tracked by lot: enter the expiry date from the box."
    if expires_on <= today:
        return f"Lot {lot.strip()} expired on {expires_on:%m/%d/%Y}: do not put it on the shelf."
    return None
