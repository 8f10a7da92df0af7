"""Library sources in git, the commit each version came from, and courses rolled forward.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "library_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("library", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("branch", sa.Text(), nullable=False),
        sa.Column("under", sa.Text(), nullable=False),
        sa.Column("synced_commit", sa.Text(), nullable=True),
        sa.Column("synced_at", Timestamp, nullable=True),
        sa.Column("folders", Json, nullable=False),
        sa.Column("retry_folders", Json, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_library_sources_name")),
    )
    with op.batch_alter_table("example_versions") as batch:
        batch.add_column(sa.Column("source_name", sa.Text(), nullable=True))
        batch.add_column(sa.Column("source_commit", sa.Text(), nullable=True))
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("rolled_from_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_courses_rolled_from_id_courses"), "courses", ["rolled_from_id"], ["id"])
    with op.batch_alter_table("analytics_course_status") as batch:
        batch.add_column(sa.Column("rolled_from", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analytics_course_status") as batch:
        batch.drop_column("rolled_from")
    with op.batch_alter_table("courses") as batch:
        batch.drop_constraint(op.f("fk_courses_rolled_from_id_courses"), type_="foreignkey")
        batch.drop_column("rolled_from_id")
    with op.batch_alter_table("example_versions") as batch:
        batch.drop_column("source_commit")
        batch.drop_column("source_name")
    op.drop_table("library_sources")
