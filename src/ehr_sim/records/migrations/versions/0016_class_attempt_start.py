"""The class database keeps each attempt's start snapshot beside its sealed file, so the
gradebook's review can say what the student changed.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_file", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("class_attempts", schema=None) as batch_op:
        batch_op.drop_column("start_file")
