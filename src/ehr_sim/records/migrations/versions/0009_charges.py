"""Charge entry: superbills (a visit's diagnoses and the claim made from them) and their
service lines.

Revision ID: 0009
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "superbills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("diagnoses", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_superbills_appointment_id_appointments"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_superbills_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_superbills_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_superbills_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_superbills_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_superbills")),
        sa.UniqueConstraint("appointment_id", name=op.f("uq_superbills_appointment_id")),
    )
    with op.batch_alter_table("superbills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_superbills_encounter_id"), ["encounter_id"])
        batch_op.create_index(batch_op.f("ix_superbills_patient_id"), ["patient_id"])
    op.create_table(
        "charges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("superbill_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("cpt", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.String(length=20), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("pointers", sa.String(length=20), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["superbill_id"], ["superbills.id"], name=op.f("fk_charges_superbill_id_superbills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charges")),
    )
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charges_superbill_id"), ["superbill_id"])


def downgrade() -> None:
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charges_superbill_id"))
    op.drop_table("charges")
    with op.batch_alter_table("superbills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_superbills_patient_id"))
        batch_op.drop_index(batch_op.f("ix_superbills_encounter_id"))
    op.drop_table("superbills")
