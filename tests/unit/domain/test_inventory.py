"""Inventory rules: what a visit uses, low stock, order status, and what a receipt may add."""

from __future__ import annotations

from datetime import date

from ehr_sim.domain.inventory import (
    LineState,
    OrderStatus,
    expiry_problem,
    is_low,
    order_status,
    over_order,
    packs_to_par,
    receipt_problem,
    supplies_for_visit,
)


def test_a_flu_shot_uses_a_syringe_a_dose_and_the_vis_and_consent_forms() -> None:
    used = supplies_for_visit("FU", "Flu shot")
    for code in ("SYR-1ML", "FLU-VAC", "VIS-FLU", "FORM-FLU", "ALC", "BAND"):
        assert used[code] == 1
    assert used["GLOVE-M"] == 2


def test_a_telehealth_visit_uses_no_supplies() -> None:
    assert supplies_for_visit("TELE", "Flu shot question") == {}


def test_a_new_patient_uses_the_intake_packet_and_the_privacy_notice() -> None:
    used = supplies_for_visit("NEW", "New patient visit")
    assert used["FORM-NEW"] == 1 and used["FORM-NPP"] == 1
    assert "SYR-1ML" not in used


def test_a_sore_throat_uses_a_strep_kit_and_a_physical_a_urine_cup() -> None:
    assert supplies_for_visit("SICK", "Sore throat and cough")["STREP"] == 1
    assert supplies_for_visit("PHYS", "Annual physical")["CUP"] == 1


def test_stock_at_the_reorder_point_is_low_and_above_it_is_not() -> None:
    assert is_low(200, 200)
    assert not is_low(201, 200)


def test_packs_to_par_counts_what_is_on_order_and_rounds_up_to_whole_packs() -> None:
    assert packs_to_par(on_hand=60, on_order_units=300, par=500, pack_size=100) == 2
    assert packs_to_par(on_hand=60, on_order_units=0, par=500, pack_size=100) == 5
    assert packs_to_par(on_hand=600, on_order_units=0, par=500, pack_size=100) == 0


def test_an_order_with_a_line_short_is_partial_and_one_all_back_ordered_is_back_ordered() -> None:
    assert order_status([LineState(3, 0)]) is OrderStatus.OPEN
    assert order_status([LineState(3, 1, 2), LineState(2, 1)]) is OrderStatus.PARTIAL
    assert order_status([LineState(3, 1, 2), LineState(2, 2)]) is OrderStatus.BACKORDERED
    assert order_status([LineState(3, 3), LineState(2, 2)]) is OrderStatus.RECEIVED
    assert order_status([LineState(3, 0)], cancelled=True) is OrderStatus.CANCELLED
    assert not OrderStatus.RECEIVED.expecting and OrderStatus.BACKORDERED.expecting


def test_a_receipt_needs_a_count_and_cannot_back_order_more_than_is_left() -> None:
    line = LineState(ordered=3, received=0)
    assert receipt_problem(line, 0, 0) is not None
    assert receipt_problem(line, 1, 2) is None
    problem = receipt_problem(line, 1, 3)
    assert problem is not None and "Only 2 pack(s)" in problem
    assert receipt_problem(line, -1, 0) == "Counts cannot be negative."


def test_more_than_was_ordered_is_measured_against_what_is_still_to_come() -> None:
    assert over_order(LineState(3, 1), 2) == 0
    assert over_order(LineState(3, 1), 5) == 3


def test_a_lot_tracked_item_needs_a_lot_and_an_expiry_in_the_future() -> None:
    today = date(2026, 11, 23)
    assert expiry_problem(None, "", today, tracked=False) is None
    assert "lot number" in (expiry_problem(date(2027, 1, 1), " ", today, tracked=True) or "")
    assert "expiry date" in (expiry_problem(None, "A1", today, tracked=True) or "")
    assert "expired" in (expiry_problem(today, "A1", today, tracked=True) or "")
    assert expiry_problem(date(2027, 1, 1), "A1", today, tracked=True) is None
