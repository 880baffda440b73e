"""The in-basket, fax and letters: staff messages become tasks (channel, subject, sender,
kind, priority, due time, state, reply), and the fax log and printed letters are new tables.

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_MESSAGE_COLUMNS = (
    ("channel", sa.String(length=12), "message"),
    ("subject", sa.String(length=160), ""),
    ("sender", sa.String(length=120), ""),
    ("kind", sa.String(length=24), ""),
    ("priority", sa.String(length=12), "routine"),
    ("status", sa.String(length=12), "open"),
    ("reply", sa.Text(), ""),
    ("origin", sa.String(length=12), ""),
)


def upgrade() -> None:
    with op.batch_alter_table("staff_messages", schema=None) as batch_op:
        for name, kind, default in _MESSAGE_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=default))
        for name in ("due_at", "done_at", "replied_at"):
            batch_op.add_column(sa.Column(name, sa.DateTime(), nullable=True))
    # An urgent message written before this revision is an urgent item in the in-basket.
    op.execute("UPDATE staff_messages SET priority = 'urgent' WHERE urgent")
    op.create_table(
        "faxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("party", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("addressed_to", sa.String(length=160), nullable=False),
        sa.Column("addressed_number", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=160), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("about_name", sa.String(length=120), nullable=False),
        sa.Column("about_dob", sa.Date(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reportable", sa.Boolean(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_faxes_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faxes")),
    )
    with op.batch_alter_table("faxes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faxes_patient_id"), ["patient_id"], unique=False)
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_letters_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letters_patient_id"), ["patient_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letters_patient_id"))
    op.drop_table("letters")
    with op.batch_alter_table("faxes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faxes_patient_id"))
    op.drop_table("faxes")
    with op.batch_alter_table("staff_messages", schema=None) as batch_op:
        for name in ("replied_at", "done_at", "due_at"):
            batch_op.drop_column(name)
        for name, _kind, _default in reversed(_MESSAGE_COLUMNS):
            batch_op.drop_column(name)
