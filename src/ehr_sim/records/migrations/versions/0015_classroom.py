"""The class database's tables (people, sections, packs, assignments, attempts, the log
lab machines send, grades) and the attempt's class uid, variant and assignment.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_log",
        sa.Column("attempt_uid", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("attempt_uid", "seq", name=op.f("pk_class_log")),
    )
    op.create_table(
        "class_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=48), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.Column("student_archive", sa.LargeBinary(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_packs")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_class_packs_content_hash")),
    )
    op.create_table(
        "class_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sections")),
        sa.UniqueConstraint("name", name=op.f("uq_class_sections_name")),
    )
    op.create_table(
        "class_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_class_settings")),
    )
    op.create_table(
        "class_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("pack_hash", sa.String(length=64), nullable=False),
        sa.Column("scenarios", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("variants", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["class_sections.id"],
            name=op.f("fk_class_assignments_section_id_class_sections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_assignments")),
    )
    op.create_table(
        "class_students",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sortable_name", sa.String(length=200), nullable=False),
        sa.Column("sis_id", sa.String(length=120), nullable=False),
        sa.Column("lms_id", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["class_sections.id"],
            name=op.f("fk_class_students_section_id_class_sections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_students")),
        sa.UniqueConstraint("login", name=op.f("uq_class_students_login")),
    )
    op.create_table(
        "class_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("student_name", sa.String(length=200), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("scenario_id", sa.String(length=48), nullable=False),
        sa.Column("pack_hash", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("variant", sa.Integer(), nullable=True),
        sa.Column("seat", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("file", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["class_assignments.id"],
            name=op.f("fk_class_attempts_assignment_id_class_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["class_students.id"],
            name=op.f("fk_class_attempts_student_id_class_students"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_attempts")),
        sa.UniqueConstraint("uid", name=op.f("uq_class_attempts_uid")),
    )
    op.create_table(
        "class_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("pack_hash", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("graded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["class_attempts.id"],
            name=op.f("fk_class_grades_attempt_id_class_attempts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_grades")),
        sa.UniqueConstraint("attempt_id", "pack_hash", name=op.f("uq_class_grades_attempt_id")),
    )
    with op.batch_alter_table("class_grades", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_grades_attempt_id"), ["attempt_id"], unique=False
        )

    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("variant", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("assignment_id")
        batch_op.drop_column("variant")
        batch_op.drop_column("uid")

    with op.batch_alter_table("class_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_grades_attempt_id"))

    op.drop_table("class_grades")
    op.drop_table("class_attempts")
    op.drop_table("class_students")
    op.drop_table("class_assignments")
    op.drop_table("class_settings")
    op.drop_table("class_sections")
    op.drop_table("class_packs")
    op.drop_table("class_log")
