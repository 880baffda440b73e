"""The office phone: the call log, the office voicemail box, and conversations that belong to
no attempt (the living clinic's calls in free practice).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.alter_column("attempt_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "call_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("caller", sa.String(length=120), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("for_whom", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=24), nullable=False),
        sa.Column("says", sa.Text(), nullable=False),
        sa.Column("plan_key", sa.String(length=64), nullable=True),
        sa.Column("rang_at", sa.DateTime(), nullable=False),
        sa.Column("hold_started_at", sa.DateTime(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=False),
        sa.Column("parked", sa.Boolean(), nullable=False),
        sa.Column("consulting", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_call_log_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_call_log_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_log")),
        sa.UniqueConstraint("plan_key", name=op.f("uq_call_log_plan_key")),
    )
    with op.batch_alter_table("call_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_call_log_conversation_id"), ["conversation_id"], unique=True
        )
    op.create_table(
        "voicemails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("caller", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("left_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("plan_key", sa.String(length=64), nullable=True),
        sa.Column("heard_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_voicemails_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voicemails")),
        sa.UniqueConstraint("plan_key", name=op.f("uq_voicemails_plan_key")),
    )
    with op.batch_alter_table("voicemails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voicemails_patient_id"), ["patient_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("voicemails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voicemails_patient_id"))
    op.drop_table("voicemails")
    with op.batch_alter_table("call_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_log_conversation_id"))
    op.drop_table("call_log")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.alter_column("attempt_id", existing_type=sa.Integer(), nullable=False)
