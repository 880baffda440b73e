"""Regenerate the Inventory screenshots: `python docs/screenshots/make_inventory.py`."""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, start_app

from ehr_sim.ui.inventory.view import InventoryView


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 8, 30))
    window = main_window(clinic, "Inventory")
    view = window.area("Inventory")
    assert isinstance(view, InventoryView)
    view.run_report()
    view.low_only.setChecked(False)
    view.select_item("SYR-1ML")
    save(window, "inventory")
    view.tabs.setCurrentIndex(1)
    view.select_order("PO-1185")
    view.select_line("SYR-1ML")
    view.receive()
    assert view.dialog is not None
    view.dialog.received.setValue(1)  # type: ignore[attr-defined]
    view.dialog.backordered.setValue(2)  # type: ignore[attr-defined]
    view.dialog.lot.setText("SYR48213")  # type: ignore[attr-defined]
    save(window, "inventory_orders")
    save(view.dialog, "inventory_receive")
    view.dialog.submit()  # type: ignore[attr-defined]
    view.tabs.setCurrentIndex(2)
    save(window, "inventory_lots")


if __name__ == "__main__":
    main()
