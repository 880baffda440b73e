"""The rest of the office: supplies and forms with their stock movements and purchase orders,
documents expected before a visit (chart prep), refill requests and telehealth check-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ehr_sim.records.base import Base


class InventoryItem(Base):
    """A supply or form kept in stock. Stock on hand is the last count, plus the movements
    since, less what completed visits used since (domain.inventory.supplies_for_visit)."""

    __tablename__ = "inventory_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(12))
    unit: Mapped[str] = mapped_column(String(20))
    pack_name: Mapped[str] = mapped_column(String(30))
    pack_size: Mapped[int]
    location: Mapped[str] = mapped_column(String(40))
    reorder_point: Mapped[int]
    par: Mapped[int]
    supplier: Mapped[str] = mapped_column(String(60))
    pack_cost_cents: Mapped[int]
    tracks_lot: Mapped[bool] = mapped_column(default=False)
    counted_units: Mapped[int]
    counted_at: Mapped[datetime]


class StockMovement(Base):
    """Units in (a delivery, forms printed) or out (a recount, expired stock thrown away)."""

    __tablename__ = "stock_movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_items.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(12))
    units: Mapped[int]
    lot: Mapped[str] = mapped_column(String(30), default="")
    expires_on: Mapped[date | None]
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_order_lines.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    supplier: Mapped[str] = mapped_column(String(60))
    ordered_at: Mapped[datetime]
    expected_on: Mapped[date]
    rush: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order", order_by="PurchaseOrderLine.id"
    )


class PurchaseOrderLine(Base):
    """One item on an order, in packs (boxes): ordered, received so far, back-ordered."""

    __tablename__ = "purchase_order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_items.id"), index=True)
    packs_ordered: Mapped[int]
    packs_received: Mapped[int] = mapped_column(default=0)
    packs_backordered: Mapped[int] = mapped_column(default=0)
    backorder_due: Mapped[date | None]
    pack_cost_cents: Mapped[int]
    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")


class ExpectedDocument(Base):
    """Something a visit needs that comes from elsewhere or must be signed: an outside lab,
    imaging or records, or a form. Chart prep flags those not received before the visit."""

    __tablename__ = "expected_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(80), default="")
    requested_on: Mapped[date | None]
    received_on: Mapped[date | None]


class RefillRequest(Base):
    """A pharmacy's or patient's request for a refill, routed to clinical staff as a message."""

    __tablename__ = "refill_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    medication: Mapped[str] = mapped_column(String(120))
    pharmacy: Mapped[str] = mapped_column(String(120))
    via: Mapped[str] = mapped_column(String(10))
    routed_to: Mapped[str] = mapped_column(String(80))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("staff_messages.id"))
    requested_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), default="routed")
    decided_by: Mapped[str] = mapped_column(String(80), default="")
    decided_at: Mapped[datetime | None]


class TelehealthCheckIn(Base):
    """A video visit's front-desk steps: link sent, patient in the virtual waiting room,
    identity seen on video, where the patient is, consent, and ready for the provider."""

    __tablename__ = "telehealth_checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), unique=True)
    link_sent_to: Mapped[str] = mapped_column(String(120), default="")
    link_sent_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    identity_checked_at: Mapped[datetime | None]
    location: Mapped[str] = mapped_column(String(160), default="")
    location_state: Mapped[str] = mapped_column(String(2), default="")
    consent_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
