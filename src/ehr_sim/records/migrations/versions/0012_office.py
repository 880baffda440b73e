"""The rest of the office: inventory items, stock movements, purchase orders, documents
expected before a visit, refill requests and telehealth check-ins.

Revision ID: 0012
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inventory_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("pack_name", sa.String(length=30), nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=40), nullable=False),
        sa.Column("reorder_point", sa.Integer(), nullable=False),
        sa.Column("par", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=60), nullable=False),
        sa.Column("pack_cost_cents", sa.Integer(), nullable=False),
        sa.Column("tracks_lot", sa.Boolean(), nullable=False),
        sa.Column("counted_units", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_items")),
        sa.UniqueConstraint("code", name=op.f("uq_inventory_items_code")),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("supplier", sa.String(length=60), nullable=False),
        sa.Column("ordered_at", sa.DateTime(), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=False),
        sa.Column("rush", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("packs_ordered", sa.Integer(), nullable=False),
        sa.Column("packs_received", sa.Integer(), nullable=False),
        sa.Column("packs_backordered", sa.Integer(), nullable=False),
        sa.Column("backorder_due", sa.Date(), nullable=True),
        sa.Column("pack_cost_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_items.id"],
            name=op.f("fk_purchase_order_lines_item_id_inventory_items"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_order_id_purchase_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
    )
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_lines_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_lines_order_id"), ["order_id"], unique=False
        )

    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("lot", sa.String(length=30), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("order_line_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_items.id"],
            name=op.f("fk_stock_movements_item_id_inventory_items"),
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["purchase_order_lines.id"],
            name=op.f("fk_stock_movements_order_line_id_purchase_order_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_movements_item_id"), ["item_id"], unique=False)

    op.create_table(
        "expected_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_expected_documents_appointment_id_appointments"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_expected_documents_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_documents")),
    )
    with op.batch_alter_table("expected_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expected_documents_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_expected_documents_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "telehealth_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("link_sent_to", sa.String(length=120), nullable=False),
        sa.Column("link_sent_at", sa.DateTime(), nullable=True),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.Column("identity_checked_at", sa.DateTime(), nullable=True),
        sa.Column("location", sa.String(length=160), nullable=False),
        sa.Column("location_state", sa.String(length=2), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=True),
        sa.Column("ready_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_telehealth_checkins_appointment_id_appointments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telehealth_checkins")),
        sa.UniqueConstraint("appointment_id", name=op.f("uq_telehealth_checkins_appointment_id")),
    )
    op.create_table(
        "refill_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("medication", sa.String(length=120), nullable=False),
        sa.Column("pharmacy", sa.String(length=120), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("routed_to", sa.String(length=80), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["staff_messages.id"],
            name=op.f("fk_refill_requests_message_id_staff_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_refill_requests_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refill_requests")),
    )
    with op.batch_alter_table("refill_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refill_requests_patient_id"), ["patient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("refill_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refill_requests_patient_id"))

    op.drop_table("refill_requests")
    op.drop_table("telehealth_checkins")
    with op.batch_alter_table("expected_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expected_documents_patient_id"))
        batch_op.drop_index(batch_op.f("ix_expected_documents_appointment_id"))

    op.drop_table("expected_documents")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_item_id"))

    op.drop_table("stock_movements")
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_order_lines_order_id"))
        batch_op.drop_index(batch_op.f("ix_purchase_order_lines_item_id"))

    op.drop_table("purchase_order_lines")
    op.drop_table("purchase_orders")
    op.drop_table("inventory_items")
