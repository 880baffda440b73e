"""The day's books: voided and corrected receipts, drawer and card-batch counts, deposits,
closed days.

Revision ID: 0013
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_payment_voids_payment_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_voids")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_payment_voids_payment_id")),
    )
    op.create_table(
        "payment_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.Column("old_method", sa.String(length=10), nullable=False),
        sa.Column("new_method", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_payment_corrections_payment_id_payments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_corrections")),
    )
    with op.batch_alter_table("payment_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_corrections_payment_id"), ["payment_id"], unique=False
        )
    op.create_table(
        "day_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("counted_cents", sa.Integer(), nullable=False),
        sa.Column("float_cents", sa.Integer(), nullable=False),
        sa.Column("expected_cents", sa.Integer(), nullable=False),
        sa.Column("difference_cents", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_counts")),
    )
    with op.batch_alter_table("day_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_counts_day"), ["day"], unique=False)
    op.create_table(
        "deposits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prepared_at", sa.DateTime(), nullable=False),
        sa.Column("cash_cents", sa.Integer(), nullable=False),
        sa.Column("check_cents", sa.Integer(), nullable=False),
        sa.Column("checks", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposits")),
    )
    with op.batch_alter_table("deposits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deposits_day"), ["day"], unique=False)
    op.create_table(
        "day_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("expected_cents", sa.Integer(), nullable=False),
        sa.Column("counted_cents", sa.Integer(), nullable=False),
        sa.Column("difference_cents", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("day", name=op.f("uq_day_closes_day")),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
    with op.batch_alter_table("deposits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposits_day"))
    op.drop_table("deposits")
    with op.batch_alter_table("day_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_counts_day"))
    op.drop_table("day_counts")
    with op.batch_alter_table("payment_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_corrections_payment_id"))
    op.drop_table("payment_corrections")
    op.drop_table("payment_voids")
