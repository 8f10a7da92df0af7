"""Updates: customizations with their commit, the change scan's position, update proposals.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("scanned_commit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("deployments") as batch:
        batch.add_column(sa.Column("customized_commit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("customized_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "update_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("content_path", sa.Text(), nullable=False),
        sa.Column("example_identifier", sa.Text(), nullable=False),
        sa.Column("from_version", sa.Text(), nullable=True),
        sa.Column("to_version", sa.Text(), nullable=False),
        sa.Column("to_version_id", sa.Integer(), nullable=False),
        sa.Column("branch", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("conflicts", Json, nullable=False),
        sa.Column("files", Json, nullable=False),
        sa.Column("commit_sha", sa.Text(), nullable=True),
        sa.Column("merge_request_url", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_update_proposals_course_id_courses")),
        sa.ForeignKeyConstraint(
            ["content_id"], ["course_contents.id"], name=op.f("fk_update_proposals_content_id_course_contents")
        ),
        sa.ForeignKeyConstraint(
            ["to_version_id"],
            ["example_versions.id"],
            name=op.f("fk_update_proposals_to_version_id_example_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_update_proposals")),
    )
    op.create_index("ix_update_proposals_course_id_status", "update_proposals", ["course_id", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_update_proposals_course_id_status", table_name="update_proposals")
    op.drop_table("update_proposals")
    with op.batch_alter_table("deployments") as batch:
        batch.drop_column("customized_at")
        batch.drop_column("customized_commit")
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("scanned_at")
        batch.drop_column("scanned_commit")
