"""Patient billing: statements, payment plans, the primary payer's answer on secondary claims.

Revision ID: 0010
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("amount_due_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_statements_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_patient_id"), ["patient_id"], unique=False)
    op.create_table(
        "payment_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("installments", sa.Integer(), nullable=False),
        sa.Column("first_due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_payment_plans_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plans")),
    )
    with op.batch_alter_table("payment_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_plans_patient_id"), ["patient_id"], unique=False
        )
    op.create_table(
        "prior_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("primary_claim_id", sa.Integer(), nullable=False),
        sa.Column("payer_name", sa.String(length=80), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("contractual_cents", sa.Integer(), nullable=False),
        sa.Column("patient_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_prior_payments_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["primary_claim_id"],
            ["claims.id"],
            name=op.f("fk_prior_payments_primary_claim_id_claims"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prior_payments")),
    )
    with op.batch_alter_table("prior_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prior_payments_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    for table in ("prior_payments", "payment_plans", "statements"):
        op.drop_table(table)
