"""Supplies and forms: the inventory report, purchase orders, receiving deliveries, adjusting
stock. Stock on hand is worked out, never stored: the last count, the movements since, less
what the visits completed since used (domain.inventory.supplies_for_visit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.domain.actions import (
    AdjustStock,
    CreatePurchaseOrder,
    ReceiveShipment,
    RunInventoryReport,
)
from ehr_sim.domain.clinic_days import next_clinic_day
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.inventory import (
    LineState,
    expiry_problem,
    is_low,
    order_status,
    over_order,
    receipt_problem,
    supplies_for_visit,
)
from ehr_sim.domain.money import Money
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    InventoryItem,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
)

INVENTORY = frozenset({Change.INVENTORY})
STANDARD_LEAD_DAYS, RUSH_LEAD_DAYS = 2, 1
MAX_PACKS = 999


def stock_on_hand(session: Session, items: Iterable[InventoryItem]) -> dict[int, int]:
    """Units on hand of each item (by id): its last count, plus movements since, less what the
    visits completed since then used."""
    items = list(items)
    if not items:
        return {}
    on_hand = {item.id: item.counted_units for item in items}
    since = {item.id: item.counted_at for item in items}
    moved = session.execute(
        select(StockMovement.item_id, StockMovement.at, StockMovement.units).where(
            StockMovement.item_id.in_(on_hand)
        )
    )
    for item_id, at, units in moved:
        if at > since[item_id]:
            on_hand[item_id] += units
    by_code = {item.code: item.id for item in items}
    earliest = min(since.values())
    visits = session.execute(
        select(AppointmentType.code, Appointment.reason, Appointment.start)
        .join(AppointmentType, AppointmentType.id == Appointment.type_id)
        .where(
            Appointment.status == AppointmentStatus.COMPLETED.value,
            Appointment.start > earliest,
        )
    )
    for type_code, reason, start in visits:
        for code, units in supplies_for_visit(type_code, reason).items():
            used_id = by_code.get(code)
            if used_id is not None and start > since[used_id]:
                on_hand[used_id] -= units
    return on_hand


def on_order_units(session: Session) -> dict[int, int]:
    """Units still to come on open orders, by item id (back-orders included)."""
    rows = session.execute(
        select(
            PurchaseOrderLine.item_id,
            func.sum(PurchaseOrderLine.packs_ordered - PurchaseOrderLine.packs_received),
            InventoryItem.pack_size,
        )
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
        .join(InventoryItem, InventoryItem.id == PurchaseOrderLine.item_id)
        .where(PurchaseOrder.status.in_(("open", "partial", "backordered")))
        .group_by(PurchaseOrderLine.item_id, InventoryItem.pack_size)
    )
    return {item_id: max(0, int(packs or 0)) * size for item_id, packs, size in rows}


@handles(RunInventoryReport, changes=())
def run_inventory_report(ctx: Context, action: RunInventoryReport) -> Applied:
    items = ctx.session.scalars(select(InventoryItem).order_by(InventoryItem.name)).all()
    stock = stock_on_hand(ctx.session, items)
    coming = on_order_units(ctx.session)
    low = [item for item in items if is_low(stock[item.id], item.reorder_point)]
    if not low:
        message = f"Inventory report: {len(items)} items, none at or under its reorder point."
    else:
        names = ", ".join(
            f"{item.name} ({stock[item.id]} on hand, {coming.get(item.id, 0)} on order)"
            for item in low
        )
        message = f"Inventory report: {len(low)} of {len(items)} items are low: {names}."
    return Applied(
        message,
        details={
            "low": [item.code for item in low],
            "on_hand": {item.code: stock[item.id] for item in items},
            "on_order": {item.code: coming.get(item.id, 0) for item in items},
        },
    )


@handles(CreatePurchaseOrder, changes=INVENTORY)
def create_purchase_order(ctx: Context, action: CreatePurchaseOrder) -> Applied:
    supplier = action.supplier.strip()
    if not supplier:
        raise ActionRefused("Name the supplier the order goes to.", code="invalid")
    if not action.quantities:
        raise ActionRefused("Add at least one item to the order.", code="invalid")
    lines: list[tuple[InventoryItem, int]] = []
    for code, text in action.quantities.items():
        item = ctx.session.scalar(select(InventoryItem).where(InventoryItem.code == code))
        if item is None:
            raise ActionRefused(f"There is no inventory item with code {code}.", code="not_found")
        packs = _whole_number(text)
        if packs is None or not 1 <= packs <= MAX_PACKS:
            raise ActionRefused(
                f"{item.name}: order a whole number of {item.pack_name} packs, 1 to {MAX_PACKS} "
                f"(got {text!r}).",
                code="invalid",
            )
        lines.append((item, packs))
    lead = RUSH_LEAD_DAYS if action.rush else STANDARD_LEAD_DAYS
    order = PurchaseOrder(
        number=_next_number(ctx.session),
        supplier=supplier,
        ordered_at=ctx.now,
        expected_on=_clinic_days_after(ctx.now.date(), lead),
        rush=action.rush,
        status="open",
        note=action.note.strip(),
    )
    ctx.session.add(order)
    for item, packs in lines:
        order.lines.append(
            PurchaseOrderLine(
                item_id=item.id,
                packs_ordered=packs,
                pack_cost_cents=item.pack_cost_cents,
                backorder_due=None,
            )
        )
    ctx.session.flush()
    total = Money(sum(item.pack_cost_cents * packs for item, packs in lines))
    warnings = tuple(
        f"{item.name} usually comes from {item.supplier}, not {supplier}."
        for item, _packs in lines
        if item.supplier.lower() != supplier.lower()
    )
    what = ", ".join(f"{packs} × {item.pack_name} {item.name}" for item, packs in lines)
    return Applied(
        f"Created {order.number} to {supplier}{' (rush)' if action.rush else ''}: {what}; "
        f"{total}, expected {order.expected_on:%m/%d/%Y}.",
        record_id=order.id,
        details={"number": order.number, "total_cents": total.cents},
        warnings=warnings,
    )


@handles(ReceiveShipment, changes=INVENTORY)
def receive_shipment(ctx: Context, action: ReceiveShipment) -> Applied:
    line: PurchaseOrderLine = require(
        ctx.session, PurchaseOrderLine, action.order_line_id, "purchase order line"
    )
    order = line.order
    item: InventoryItem = require(ctx.session, InventoryItem, line.item_id, "inventory item")
    if order.status in ("received", "cancelled"):
        raise ActionRefused(
            f"{order.number} is {order.status}: nothing more is expected on it.",
            code="order_closed",
        )
    state = LineState(line.packs_ordered, line.packs_received, line.packs_backordered)
    if problem := receipt_problem(state, action.packs_received, action.packs_backordered):
        raise ActionRefused(problem, code="invalid")
    extra = over_order(state, action.packs_received)
    if extra and not action.confirm_over:
        raise ActionRefused(
            f"{order.number} has {state.outstanding} {item.pack_name} pack(s) of {item.name} "
            f"still to come; you counted {action.packs_received}. Count the carton again; if "
            f"{extra} more really came, confirm to receive more than was ordered.",
            code="over_ordered",
        )
    if action.packs_received:
        problem = expiry_problem(
            action.expires_on, action.lot, ctx.now.date(), tracked=item.tracks_lot
        )
        if problem:
            raise ActionRefused(problem, code="lot_required")
    if action.packs_backordered and action.backorder_due is None:
        raise ActionRefused(
            "Enter the date the supplier gives for the back-ordered packs.", code="invalid"
        )
    units = action.packs_received * item.pack_size
    if units:
        ctx.session.add(
            StockMovement(
                item_id=item.id,
                at=ctx.now,
                kind="received",
                units=units,
                lot=action.lot.strip() if item.tracks_lot else "",
                expires_on=action.expires_on if item.tracks_lot else None,
                order_line_id=line.id,
                note=order.number,
            )
        )
    if extra:
        line.packs_ordered += extra  # what came is what the office now has on this order
    line.packs_received += action.packs_received
    line.packs_backordered = action.packs_backordered
    if action.packs_backordered:
        line.backorder_due = action.backorder_due
    elif line.packs_received >= line.packs_ordered:
        line.backorder_due = None
    status = order_status(
        [LineState(x.packs_ordered, x.packs_received, x.packs_backordered) for x in order.lines]
    )
    order.status = status.value
    left = LineState(line.packs_ordered, line.packs_received).outstanding
    message = (
        f"Received {action.packs_received} × {item.pack_name} {item.name} on {order.number} "
        f"({units} {item.unit}s)."
    )
    if left:
        message += f" {left} pack(s) still to come"
        if action.packs_backordered:
            message += f", back-ordered to {action.backorder_due:%m/%d/%Y}"
        message += f"; {order.number} stays open."
    else:
        message += f" This line is complete; {order.number} is {status.label.lower()}."
    warnings = (f"Received {extra} pack(s) more than were ordered.",) if extra else ()
    return Applied(
        message,
        record_id=line.id,
        details={"order": order.number, "status": status.value, "units": units},
        warnings=warnings,
    )


@handles(AdjustStock, changes=INVENTORY)
def adjust_stock(ctx: Context, action: AdjustStock) -> Applied:
    item: InventoryItem = require(ctx.session, InventoryItem, action.item_id, "inventory item")
    if action.units == 0:
        raise ActionRefused("Enter the units to add (or, with a minus, to remove).", code="invalid")
    require_reason(action.reason, "Give a reason for the adjustment (printed, expired, recount…).")
    on_hand = stock_on_hand(ctx.session, [item])[item.id]
    if on_hand + action.units < 0:
        raise ActionRefused(
            f"Only {on_hand} {item.unit}(s) of {item.name} are on hand; {-action.units} cannot "
            "be removed. Count the shelf and enter what is really there.",
            code="too_many",
        )
    ctx.session.add(
        StockMovement(
            item_id=item.id,
            at=ctx.now,
            kind="adjusted",
            units=action.units,
            expires_on=None,
            note=action.reason.strip(),
        )
    )
    verb = "Added" if action.units > 0 else "Removed"
    return Applied(
        f"{verb} {abs(action.units)} {item.unit}(s) of {item.name}: {action.reason.strip()}. "
        f"{on_hand + action.units} on hand.",
        record_id=item.id,
        details={"on_hand": on_hand + action.units},
    )


def _clinic_days_after(day: date, count: int) -> date:
    """The clinic day `count` clinic days after `day` (a delivery's expected date)."""
    for _ in range(count):
        day = next_clinic_day(day + timedelta(days=1))
    return day


def _whole_number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def _next_number(session: Session) -> str:
    numbers = session.scalars(select(PurchaseOrder.number)).all()
    highest = max((int(n.split("-")[1]) for n in numbers if n[3:].isdigit()), default=1000)
    return f"PO-{highest + 1}"


def lots_on_hand(session: Session, item_id: int, now: datetime) -> list[StockMovement]:
    """The lots received for an item in the last year, newest first (for the lot list)."""
    return list(
        session.scalars(
            select(StockMovement)
            .where(
                StockMovement.item_id == item_id,
                StockMovement.lot != "",
                StockMovement.at > now - timedelta(days=365),
            )
            .order_by(StockMovement.at.desc())
        )
    )
