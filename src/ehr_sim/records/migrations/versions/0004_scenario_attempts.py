"""Scenario attempts: attempts, fired events, conversations, alerts, 911 calls, rooms, messages.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=48), nullable=False),
        sa.Column("pack_version", sa.String(length=20), nullable=False),
        sa.Column("pack_source", sa.Text(), nullable=False),
        sa.Column("scenario_id", sa.String(length=48), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("trainee", sa.String(length=80), nullable=False),
        sa.Column("day0", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("clock_speed", sa.Double(), nullable=False),
        sa.Column("clock_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ending", sa.Text(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("refs", sa.Text(), nullable=False),
        sa.Column("variables", sa.Text(), nullable=False),
        sa.Column("self_assessment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_table(
        "room_preparations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("equipment", sa.Text(), nullable=False),
        sa.Column("prepared_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_room_preparations_room_id_rooms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_preparations")),
    )
    with op.batch_alter_table("room_preparations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_preparations_room_id"), ["room_id"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person", sa.String(length=120), nullable=False),
        sa.Column("claims_to_be", sa.String(length=120), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("node", sa.String(length=48), nullable=False),
        sa.Column("verified_patient_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name=op.f("fk_conversations_attempt_id_attempts")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_conversations_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_conversations_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["verified_patient_id"],
            ["patients.id"],
            name=op.f("fk_conversations_verified_patient_id_patients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_attempt_id"), ["attempt_id"], unique=False
        )

    op.create_table(
        "clinician_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician", sa.String(length=80), nullable=False),
        sa.Column("priority", sa.String(length=12), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_clinician_alerts_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_clinician_alerts_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_alerts")),
    )
    op.create_table(
        "emergency_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("address_given", sa.Boolean(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_emergency_calls_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_emergency_calls_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_calls")),
    )
    op.create_table(
        "fired_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name=op.f("fk_fired_events_attempt_id_attempts")
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_fired_events_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fired_events")),
    )
    with op.batch_alter_table("fired_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fired_events_attempt_id"), ["attempt_id"], unique=False
        )

    op.create_table(
        "staff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("for_staff", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("callback", sa.String(length=30), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_staff_messages_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_staff_messages_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_messages")),
    )


def downgrade() -> None:
    op.drop_table("staff_messages")
    with op.batch_alter_table("fired_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fired_events_attempt_id"))

    op.drop_table("fired_events")
    op.drop_table("emergency_calls")
    op.drop_table("clinician_alerts")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_attempt_id"))

    op.drop_table("conversations")
    with op.batch_alter_table("room_preparations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_preparations_room_id"))

    op.drop_table("room_preparations")
    op.drop_table("attempts")
