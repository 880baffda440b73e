"""Privacy on the chart: what authorised contacts may be told and for how long, message
preferences, records requests with their authorisation, and disclosures.

Revision ID: 0008
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topics", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("authorised_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("authorised_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("given", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("revoke_reason", sa.String(length=200), nullable=False, server_default="")
        )
    op.create_table(
        "message_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("voicemail", sa.Boolean(), nullable=True),
        sa.Column("with_someone", sa.Boolean(), nullable=True),
        sa.Column("numbers", sa.String(length=120), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("portal", sa.Boolean(), nullable=False),
        sa.Column("preferred", sa.String(length=12), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_message_preferences_patient_id_patients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_preferences")),
        sa.UniqueConstraint("patient_id", name=op.f("uq_message_preferences_patient_id")),
    )
    op.create_table(
        "records_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("requester", sa.String(length=120), nullable=False),
        sa.Column("requester_kind", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=120), nullable=False),
        sa.Column("parts", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("has_authorisation", sa.Boolean(), nullable=False),
        sa.Column("auth_signed", sa.Boolean(), nullable=False),
        sa.Column("auth_signed_on", sa.Date(), nullable=True),
        sa.Column("auth_signed_by", sa.String(length=120), nullable=False),
        sa.Column("auth_representative_authority", sa.String(length=120), nullable=False),
        sa.Column("auth_discloser", sa.String(length=120), nullable=False),
        sa.Column("auth_information", sa.String(length=200), nullable=False),
        sa.Column("auth_recipient", sa.String(length=120), nullable=False),
        sa.Column("auth_purpose", sa.String(length=120), nullable=False),
        sa.Column("auth_expires_on", sa.Date(), nullable=True),
        sa.Column("auth_expiry_event", sa.String(length=120), nullable=False),
        sa.Column("auth_revoked_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_records_requests_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records_requests")),
    )
    with op.batch_alter_table("records_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_records_requests_patient_id"), ["patient_id"], unique=False
        )
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("disclosed_at", sa.DateTime(), nullable=False),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("parts", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=120), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_disclosures_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_requests.id"],
            name=op.f("fk_disclosures_request_id_records_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosures_patient_id"), ["patient_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_patient_id"))
    op.drop_table("disclosures")
    with op.batch_alter_table("records_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_requests_patient_id"))
    op.drop_table("records_requests")
    op.drop_table("message_preferences")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        for column in (
            "revoke_reason",
            "revoked_on",
            "given",
            "authorised_until",
            "authorised_from",
            "topics",
        ):
            batch_op.drop_column(column)
