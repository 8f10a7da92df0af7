"""Contributions: lecturers' customizations proposed back to the library as new versions.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "course_id",
            sa.Integer(),
            sa.ForeignKey("courses.id", name="fk_contributions_course_id_courses"),
            nullable=False,
        ),
        sa.Column("content_path", sa.Text(), nullable=False),
        sa.Column("example_identifier", sa.Text(), nullable=False),
        sa.Column("base_version", sa.Text(), nullable=False),
        sa.Column("proposed_version", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("branch", sa.Text(), nullable=True),
        sa.Column("merge_request_url", sa.Text(), nullable=True),
        sa.Column("files", Json, nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("accepted_version", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contributions"),
    )
    op.create_index("ix_contributions_example_status", "contributions", ["example_identifier", "status"])


def downgrade() -> None:
    op.drop_index("ix_contributions_example_status", table_name="contributions")
    op.drop_table("contributions")
