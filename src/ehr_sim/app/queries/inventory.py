"""Inventory: items with stock on hand and on order, purchase orders with their lines, lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ehr_sim.app.handlers.inventory import on_order_units, stock_on_hand
from ehr_sim.documents.spreadsheet import csv_bytes, xlsx_bytes
from ehr_sim.domain.inventory import OrderStatus, is_low, packs_to_par
from ehr_sim.domain.money import Money
from ehr_sim.records import InventoryItem, PurchaseOrder, StockMovement
from ehr_sim.records.database import Database

EXPIRY_SOON_DAYS = 60


@dataclass(frozen=True)
class ItemRow:
    id: int
    code: str
    name: str
    kind: str
    unit: str
    pack_name: str
    pack_size: int
    location: str
    reorder_point: int
    par: int
    supplier: str
    pack_cost: Money
    tracks_lot: bool
    on_hand: int
    on_order: int
    next_expiry: date | None

    @property
    def low(self) -> bool:
        return is_low(self.on_hand, self.reorder_point)

    @property
    def packs_to_par(self) -> int:
        """Packs to order to reach par, counting what is already on order."""
        return packs_to_par(self.on_hand, self.on_order, self.par, self.pack_size)


@dataclass(frozen=True)
class OrderLineRow:
    id: int
    item_code: str
    item_name: str
    pack_name: str
    packs_ordered: int
    packs_received: int
    packs_backordered: int
    backorder_due: date | None
    tracks_lot: bool

    @property
    def outstanding(self) -> int:
        return max(0, self.packs_ordered - self.packs_received)


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    supplier: str
    ordered_at: datetime
    expected_on: date
    rush: bool
    status: OrderStatus
    total: Money
    note: str
    lines: tuple[OrderLineRow, ...]


@dataclass(frozen=True)
class LotRow:
    item_name: str
    lot: str
    expires_on: date | None
    units: int
    received_at: datetime


def items(db: Database) -> list[ItemRow]:
    """Every item, by name, with what is on hand and on order now."""
    with db.reading() as s:
        records = s.scalars(select(InventoryItem).order_by(InventoryItem.name)).all()
        stock = stock_on_hand(s, records)
        coming = on_order_units(s)
        expiry: dict[int, date] = {}
        for item_id, expires in s.execute(
            select(StockMovement.item_id, StockMovement.expires_on).where(
                StockMovement.expires_on.is_not(None)
            )
        ):
            if expires is not None and (item_id not in expiry or expires < expiry[item_id]):
                expiry[item_id] = expires
        return [
            ItemRow(
                id=i.id,
                code=i.code,
                name=i.name,
                kind=i.kind,
                unit=i.unit,
                pack_name=i.pack_name,
                pack_size=i.pack_size,
                location=i.location,
                reorder_point=i.reorder_point,
                par=i.par,
                supplier=i.supplier,
                pack_cost=Money(i.pack_cost_cents),
                tracks_lot=i.tracks_lot,
                on_hand=stock[i.id],
                on_order=coming.get(i.id, 0),
                next_expiry=expiry.get(i.id),
            )
            for i in records
        ]


def low_stock(db: Database) -> list[ItemRow]:
    """Items at or under their reorder point."""
    return [row for row in items(db) if row.low]


def orders(db: Database) -> list[OrderRow]:
    """Every purchase order, newest first, with its lines."""
    with db.reading() as s:
        names = {i.id: i for i in s.scalars(select(InventoryItem))}
        result = []
        for order in s.scalars(select(PurchaseOrder).order_by(PurchaseOrder.ordered_at.desc())):
            lines = tuple(
                OrderLineRow(
                    id=line.id,
                    item_code=names[line.item_id].code,
                    item_name=names[line.item_id].name,
                    pack_name=names[line.item_id].pack_name,
                    packs_ordered=line.packs_ordered,
                    packs_received=line.packs_received,
                    packs_backordered=line.packs_backordered,
                    backorder_due=line.backorder_due,
                    tracks_lot=names[line.item_id].tracks_lot,
                )
                for line in order.lines
            )
            total = sum(line.pack_cost_cents * line.packs_ordered for line in order.lines)
            result.append(
                OrderRow(
                    id=order.id,
                    number=order.number,
                    supplier=order.supplier,
                    ordered_at=order.ordered_at,
                    expected_on=order.expected_on,
                    rush=order.rush,
                    status=OrderStatus(order.status),
                    total=Money(total),
                    note=order.note,
                    lines=lines,
                )
            )
        return result


def lots(db: Database) -> list[LotRow]:
    """Lots received, soonest expiry first (items tracked by lot only)."""
    with db.reading() as s:
        rows = s.execute(
            select(InventoryItem.name, StockMovement)
            .join(InventoryItem, InventoryItem.id == StockMovement.item_id)
            .where(StockMovement.lot != "")
            .order_by(StockMovement.expires_on, InventoryItem.name)
        ).all()
        return [LotRow(name, m.lot, m.expires_on, m.units, m.at) for name, m in rows]


def expiring(row: LotRow | ItemRow, today: date) -> str:
    """'expired', 'soon' (within EXPIRY_SOON_DAYS) or ''."""
    when = row.expires_on if isinstance(row, LotRow) else row.next_expiry
    if when is None:
        return ""
    if when <= today:
        return "expired"
    return "soon" if (when - today).days <= EXPIRY_SOON_DAYS else ""


EXPORT_HEADERS = (
    "Code",
    "Item",
    "Kind",
    "On hand",
    "Unit",
    "Reorder point",
    "Par",
    "On order",
    "Low",
    "Packs to par",
    "Pack",
    "Pack cost",
    "Location",
    "Supplier",
    "Next expiry",
)


def export_inventory(db: Database, file_format: str, *, low_only: bool = False) -> bytes:
    """The stock list as "csv" or "xlsx" bytes (numbers stay numbers, dates stay dates)."""
    rows = [
        (
            r.code,
            r.name,
            r.kind,
            r.on_hand,
            r.unit,
            r.reorder_point,
            r.par,
            r.on_order,
            "yes" if r.low else "",
            r.packs_to_par,
            r.pack_name,
            r.pack_cost.cents / 100,
            r.location,
            r.supplier,
            r.next_expiry,
        )
        for r in items(db)
        if r.low or not low_only
    ]
    if file_format == "csv":
        return csv_bytes(EXPORT_HEADERS, rows)
    if file_format == "xlsx":
        return xlsx_bytes("Inventory", EXPORT_HEADERS, rows)
    raise ValueError(f"unknown export format {file_format!r}")
