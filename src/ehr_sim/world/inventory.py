"""The clinic's supplies and forms: items, their last count, deliveries with lots, and purchase
orders in every state (open, partly received, back-ordered, received, cancelled).

Deterministic from the seed and the reference date. Counts are set so that, after the visits
completed since the count have used their supplies, a few items sit under their reorder point.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain.clinic_days import is_clinic_day
from ehr_sim.domain.inventory import supplies_for_visit
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import InventoryItem, PurchaseOrder, PurchaseOrderLine, StockMovement

BUCKEYE, CENTRAL, IN_HOUSE = "Buckeye Medical Supply", "Central Medical", "Printed in house"

# code, name, kind, unit, pack, pack size, location, reorder point, par, supplier,
# pack cost (cents), tracked by lot, stock on hand today as a share of par
ITEMS: list[tuple[Any, ...]] = [
    ("SYR-1ML", 'Safety syringe 1 mL 25G 1"', "supply", "syringe", "box of 100", 100,
     "Supply closet A", 200, 500, BUCKEYE, 2450, True, 0.12),
    ("BAND", "Adhesive bandages", "supply", "bandage", "box of 100", 100,
     "Supply closet A", 200, 400, BUCKEYE, 425, False, 0.2),
    ("SHARPS", "Sharps container 2 gal", "supply", "container", "each", 1,
     "Supply closet B", 2, 4, BUCKEYE, 890, False, 0.25),
    ("ALC", "Alcohol prep pads", "supply", "pad", "box of 200", 200,
     "Supply closet A", 300, 1200, BUCKEYE, 375, True, 1.0),
    ("GLOVE-M", "Nitrile exam gloves, medium", "supply", "glove", "box of 100", 100,
     "Supply closet A", 400, 2000, BUCKEYE, 899, False, 0.9),
    ("PROBE", "Thermometer probe covers", "supply", "cover", "box of 200", 200,
     "Supply closet B", 200, 1000, CENTRAL, 1150, False, 0.7),
    ("PAPER", "Exam table paper", "supply", "roll", "case of 12", 12,
     "Supply closet B", 12, 48, CENTRAL, 5400, False, 0.6),
    ("CUP", "Urine specimen cups", "supply", "cup", "case of 100", 100,
     "Lab cabinet", 50, 200, CENTRAL, 2800, True, 0.8),
    ("STREP", "Rapid strep test kits", "supply", "test", "kit of 25", 25,
     "Lab cabinet", 25, 100, CENTRAL, 8900, True, 0.5),
    ("FLU-VAC", "Influenza vaccine, multi-dose vial", "vaccine", "dose", "vial of 10 doses", 10,
     "Vaccine fridge", 40, 200, CENTRAL, 16500, True, 0.5),
    ("FORM-FLU", "Flu consent and screening form", "form", "sheet", "printed", 1,
     "Front desk drawer", 50, 200, IN_HOUSE, 0, False, 0.15),
    ("VIS-FLU", "Influenza VIS (current edition)", "form", "sheet", "printed", 1,
     "Front desk drawer", 50, 200, IN_HOUSE, 0, False, 0.2),
    ("FORM-NEW", "New-patient intake packet", "form", "packet", "printed", 1,
     "Front desk drawer", 20, 60, IN_HOUSE, 0, False, 0.9),
    ("FORM-NPP", "Notice of privacy practices", "form", "sheet", "printed", 1,
     "Front desk drawer", 30, 100, IN_HOUSE, 0, False, 0.8),
]  # fmt: skip
FIRST_ORDER_NUMBER = 1180
COUNT_DAYS_AGO = 3
# A lot that has expired on the shelf and one that expires soon, for the lot list to flag.
EXPIRES_IN_DAYS = {"STREP": -12, "FLU-VAC": 45}


def inventory_rows(
    *,
    seed: int,
    today: date,
    appointments: list[dict[str, Any]],
    type_codes: dict[int, str],
) -> list[tuple[type[Any], list[dict[str, Any]]]]:
    """Items counted a few days ago, deliveries with lots, and orders in every state."""
    rng = random.Random(f"inventory/{seed}")
    counted_at = datetime.combine(_clinic_days_before(today, COUNT_DAYS_AGO), time(17, 30))
    now = datetime.combine(today, time(8))
    used = _used_since(appointments, type_codes, counted_at, now)
    items, movements = [], []
    for item_id, row in enumerate(ITEMS, start=1):
        code, name, kind, unit, pack, size, where, rop, par, supplier, cost, lot, share = row
        target = max(0, round(par * share))
        items.append(
            {
                "id": item_id,
                "code": code,
                "name": name,
                "kind": kind,
                "unit": unit,
                "pack_name": pack,
                "pack_size": size,
                "location": where,
                "reorder_point": rop,
                "par": par,
                "supplier": supplier,
                "pack_cost_cents": cost,
                "tracks_lot": lot,
                "counted_units": target + used.get(code, 0),
                "counted_at": counted_at,
            }
        )
        if lot:
            expires = today + timedelta(days=EXPIRES_IN_DAYS.get(code, 400 + 30 * item_id))
            movements.append(_delivery(rng, item_id, code, size * 2, counted_at, expires))
    orders, lines = _orders(today, counted_at)
    for movement_id, movement in enumerate(movements, start=1):
        movement["id"] = movement_id
    return [
        (InventoryItem, items),
        (PurchaseOrder, orders),
        (PurchaseOrderLine, lines),
        (StockMovement, movements),
    ]


def _used_since(
    appointments: list[dict[str, Any]], type_codes: dict[int, str], since: datetime, now: datetime
) -> dict[str, int]:
    used: dict[str, int] = {}
    for visit in appointments:
        if visit["status"] != AppointmentStatus.COMPLETED.value:
            continue
        if not since < visit["start"] <= now:
            continue
        for code, units in supplies_for_visit(
            type_codes[visit["type_id"]], visit["reason"]
        ).items():
            used[code] = used.get(code, 0) + units
    return used


def _delivery(
    rng: random.Random, item_id: int, code: str, units: int, counted_at: datetime, expires: date
) -> dict[str, Any]:
    """A delivery received before the count (so the count already holds it): its lot on file."""
    received = counted_at - timedelta(days=rng.randint(10, 40))
    return {
        "item_id": item_id,
        "at": received,
        "kind": "received",
        "units": units,
        "lot": f"{code[:3]}{rng.randint(10000, 99999)}",
        "expires_on": expires,
        "order_line_id": None,
        "note": "received before the last count",
    }


def _orders(today: date, counted_at: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One order in each state; the numbers follow FIRST_ORDER_NUMBER."""
    # (days ago ordered, supplier, status, rush, note, lines: item id, ordered, received,
    #  back-ordered, back-order due in days)
    plans: list[tuple[Any, ...]] = [
        (40, BUCKEYE, "received", False, "", [(5, 10, 10, 0, None), (4, 4, 4, 0, None)]),
        (30, CENTRAL, "cancelled", False, "Duplicate of an earlier order", [(7, 2, 0, 0, None)]),
        (12, CENTRAL, "partial", False, "", [(6, 3, 3, 0, None), (9, 2, 1, 0, None)]),
        (9, CENTRAL, "backordered", False, "", [(8, 2, 0, 2, 8)]),
        (5, BUCKEYE, "open", False, "", [(1, 3, 0, 0, None), (2, 2, 0, 0, None),
                                          (3, 2, 0, 0, None)]),
    ]  # fmt: skip
    orders, lines = [], []
    line_id = 0
    for order_id, (ago, supplier, status, rush, note, order_lines) in enumerate(plans, start=1):
        ordered = datetime.combine(today - timedelta(days=ago), time(10, 15))
        orders.append(
            {
                "id": order_id,
                "number": f"PO-{FIRST_ORDER_NUMBER + order_id}",
                "supplier": supplier,
                "ordered_at": ordered,
                "expected_on": min(today, ordered.date() + timedelta(days=5 if ago > 5 else ago)),
                "rush": rush,
                "status": status,
                "note": note,
            }
        )
        for item_id, packs, received, backordered, due in order_lines:
            line_id += 1
            lines.append(
                {
                    "id": line_id,
                    "order_id": order_id,
                    "item_id": item_id,
                    "packs_ordered": packs,
                    "packs_received": received,
                    "packs_backordered": backordered,
                    "backorder_due": today + timedelta(days=due) if due else None,
                    "pack_cost_cents": ITEMS[item_id - 1][10],
                }
            )
    return orders, lines


def _clinic_days_before(day: date, count: int) -> date:
    for _ in range(count):
        day -= timedelta(days=1)
        while not is_clinic_day(day):
            day -= timedelta(days=1)
    return day
