"""Inventory in the seeded clinic: the report, purchase orders, receiving (short shipments,
back-orders, more than ordered, lots), adjustments, and visits drawing stock down."""

from __future__ import annotations

from datetime import date

import openpyxl
from sqlalchemy import select

from ehr_sim.app.queries.inventory import export_inventory, items, lots, orders
from ehr_sim.domain.actions import (
    AdjustStock,
    CheckInPatient,
    CheckOutPatient,
    CreatePurchaseOrder,
    ReceiveShipment,
    RunInventoryReport,
)
from ehr_sim.records import ActionRecord, PurchaseOrder

from ..seeded import Clinic, at


def stock(clinic: Clinic) -> dict[str, int]:
    return {row.code: row.on_hand for row in items(clinic.db)}


def line_of(clinic: Clinic, number: str, code: str) -> int:
    order = next(o for o in orders(clinic.db) if o.number == number)
    return next(line.id for line in order.lines if line.item_code == code)


def last_log(clinic: Clinic) -> tuple[str, str]:
    with clinic.db.reading() as s:
        record = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert record is not None
        return record.action_type, record.outcome


def test_the_report_names_the_items_under_their_reorder_point_with_what_is_on_order(
    clinic: Clinic,
) -> None:
    outcome = clinic.perform(RunInventoryReport())
    assert outcome.done
    assert set(outcome.details["low"]) == {"SYR-1ML", "BAND", "SHARPS", "FORM-FLU", "VIS-FLU"}
    assert outcome.details["on_order"]["SYR-1ML"] == 300
    assert 'Safety syringe 1 mL 25G 1" (60 on hand, 300 on order)' in outcome.message
    assert last_log(clinic) == ("RunInventoryReport", "done")


def test_a_purchase_order_gets_the_next_number_and_shows_as_on_order(clinic: Clinic) -> None:
    outcome = clinic.perform(
        CreatePurchaseOrder(
            supplier="Central Medical", quantities={"SYR-1ML": "2"}, rush=True, note="flu clinic"
        )
    )
    assert outcome.done, outcome.message
    assert outcome.details["number"] == "PO-1186"
    assert outcome.details["total_cents"] == 4900
    assert outcome.warnings == ("Safety syringe 1 mL 25G 1\" usually comes from Buckeye Medical "
                                "Supply, not Central Medical.",)  # fmt: skip
    new = next(o for o in orders(clinic.db) if o.number == "PO-1186")
    assert new.rush and new.expected_on == date(2026, 11, 24)
    syringes = next(r for r in items(clinic.db) if r.code == "SYR-1ML")
    assert syringes.on_order == 500


def test_an_order_with_no_supplier_an_unknown_item_or_no_packs_is_refused_plainly(
    clinic: Clinic,
) -> None:
    cases = [
        (CreatePurchaseOrder(supplier=" ", quantities={"BAND": "1"}), "Name the supplier"),
        (CreatePurchaseOrder(supplier="Buckeye Medical Supply"), "at least one item"),
        (
            CreatePurchaseOrder(supplier="Buckeye Medical Supply", quantities={"NOPE": "1"}),
            "no inventory item with code NOPE",
        ),
        (
            CreatePurchaseOrder(supplier="Buckeye Medical Supply", quantities={"BAND": "0"}),
            "whole number of box of 100 packs",
        ),
    ]
    for action, words in cases:
        outcome = clinic.perform(action)
        assert not outcome.done and words in outcome.message
        assert last_log(clinic) == ("CreatePurchaseOrder", "refused")


def test_a_short_shipment_with_a_back_order_leaves_the_order_open_and_adds_only_what_came(
    clinic: Clinic,
) -> None:
    before = stock(clinic)
    outcome = clinic.perform(
        ReceiveShipment(
            order_line_id=line_of(clinic, "PO-1185", "SYR-1ML"),
            packs_received=1,
            packs_backordered=2,
            backorder_due=date(2026, 12, 3),
            lot="SYR48213",
            expires_on=date(2028, 5, 1),
        )
    )
    assert outcome.done, outcome.message
    assert "back-ordered to 12/03/2026; PO-1185 stays open" in outcome.message
    assert stock(clinic)["SYR-1ML"] == before["SYR-1ML"] + 100
    order = next(o for o in orders(clinic.db) if o.number == "PO-1185")
    assert order.status.value == "partial"
    line = next(x for x in order.lines if x.item_code == "SYR-1ML")
    assert (line.packs_received, line.packs_backordered) == (1, 2)
    assert ('Safety syringe 1 mL 25G 1"', "SYR48213", date(2028, 5, 1)) in [
        (lot.item_name, lot.lot, lot.expires_on) for lot in lots(clinic.db)
    ]


def test_receiving_every_line_in_full_closes_the_order(clinic: Clinic) -> None:
    for code, packs in (("BAND", 2), ("SHARPS", 2)):
        assert clinic.perform(
            ReceiveShipment(order_line_id=line_of(clinic, "PO-1185", code), packs_received=packs)
        ).done
    done = clinic.perform(
        ReceiveShipment(
            order_line_id=line_of(clinic, "PO-1185", "SYR-1ML"),
            packs_received=3,
            lot="L1",
            expires_on=date(2028, 1, 1),
        )
    )
    assert done.done and "PO-1185 is received" in done.message
    again = clinic.perform(
        ReceiveShipment(order_line_id=line_of(clinic, "PO-1185", "BAND"), packs_received=1)
    )
    assert not again.done and again.code == "order_closed"


def test_receiving_more_than_was_ordered_asks_first_and_is_received_once_confirmed(
    clinic: Clinic,
) -> None:
    line = line_of(clinic, "PO-1185", "BAND")
    before = stock(clinic)["BAND"]
    asked = clinic.perform(ReceiveShipment(order_line_id=line, packs_received=3))
    assert not asked.done and asked.code == "over_ordered"
    assert "2 box of 100 pack(s) of Adhesive bandages still to come; you counted 3" in (
        asked.message
    )
    assert last_log(clinic) == ("ReceiveShipment", "refused")
    assert stock(clinic)["BAND"] == before
    confirmed = clinic.perform(
        ReceiveShipment(order_line_id=line, packs_received=3, confirm_over=True)
    )
    assert confirmed.done and confirmed.warnings == ("Received 1 pack(s) more than were ordered.",)
    assert stock(clinic)["BAND"] == before + 300


def test_a_lot_tracked_item_is_refused_without_its_lot_or_with_an_expired_one(
    clinic: Clinic,
) -> None:
    line = line_of(clinic, "PO-1185", "SYR-1ML")
    no_lot = clinic.perform(ReceiveShipment(order_line_id=line, packs_received=1))
    assert not no_lot.done and "enter the lot number" in no_lot.message
    old = clinic.perform(
        ReceiveShipment(
            order_line_id=line, packs_received=1, lot="OLD1", expires_on=date(2026, 11, 1)
        )
    )
    assert not old.done and "expired on 11/01/2026" in old.message


def test_a_back_order_needs_the_date_the_supplier_gave(clinic: Clinic) -> None:
    outcome = clinic.perform(
        ReceiveShipment(
            order_line_id=line_of(clinic, "PO-1185", "BAND"), packs_received=1, packs_backordered=1
        )
    )
    assert not outcome.done and "date the supplier gives" in outcome.message


def test_forms_printed_are_added_and_more_than_is_on_the_shelf_cannot_be_removed(
    clinic: Clinic,
) -> None:
    forms = next(r for r in items(clinic.db) if r.code == "FORM-FLU")
    printed = clinic.perform(AdjustStock(item_id=forms.id, units=150, reason="Printed"))
    assert printed.done and printed.details["on_hand"] == forms.on_hand + 150
    too_many = clinic.perform(AdjustStock(item_id=forms.id, units=-1000, reason="Recycled"))
    assert not too_many.done and too_many.code == "too_many"
    no_reason = clinic.perform(AdjustStock(item_id=forms.id, units=-5, reason=""))
    assert not no_reason.done and no_reason.code == "reason_required"
    assert stock(clinic)["FORM-FLU"] == forms.on_hand + 150


def test_a_completed_flu_shot_visit_draws_down_its_syringe_vis_and_consent_form(
    clinic: Clinic,
) -> None:
    clinic.clock.set(at(8))
    (patient,) = clinic.adults(1, lambda p: p.privacy_notice is not None)
    visit = clinic.booked(patient, at(9), reason="Flu shot")
    before = stock(clinic)
    clinic.perform(
        CheckInPatient(
            appointment_id=visit,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="on_file",
        )
    )
    assert stock(clinic) == before  # nothing is used until the visit is done
    assert clinic.perform(CheckOutPatient(appointment_id=visit)).done
    after = stock(clinic)
    for code in ("SYR-1ML", "VIS-FLU", "FORM-FLU", "FLU-VAC", "ALC", "BAND"):
        assert after[code] == before[code] - 1, code
    assert after["GLOVE-M"] == before["GLOVE-M"] - 2
    assert after["FORM-NEW"] == before["FORM-NEW"]


def test_the_stock_list_exports_to_csv_and_to_xlsx_with_numbers_kept_as_numbers(
    clinic: Clinic,
) -> None:
    text = export_inventory(clinic.db, "csv").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Code,Item,Kind,On hand,Unit,Reorder point")
    assert any(
        line.startswith('SYR-1ML,"Safety syringe 1 mL 25G 1""",supply,60,') for line in lines
    )
    assert len(lines) == 1 + len(items(clinic.db))
    low = export_inventory(clinic.db, "csv", low_only=True).decode("utf-8-sig").splitlines()
    assert len(low) == 1 + 5
    path = clinic.db.engine.url.database
    assert path is not None
    book_path = f"{path}.xlsx"
    with open(book_path, "wb") as out:
        out.write(export_inventory(clinic.db, "xlsx"))
    sheet = openpyxl.load_workbook(book_path).active
    assert sheet is not None
    assert sheet.title == "Inventory"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["SYR-1ML"][3] == 60 and rows["SYR-1ML"][8] == "yes"


def test_the_world_has_an_order_in_every_state(clinic: Clinic) -> None:
    with clinic.db.reading() as s:
        states = set(s.scalars(select(PurchaseOrder.status)))
    assert states == {"open", "partial", "backordered", "received", "cancelled"}
