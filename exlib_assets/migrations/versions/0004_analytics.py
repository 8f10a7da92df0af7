"""Analytics: example usage, example uses, course status and deployment activity tables.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "analytics_example_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("newest_version", sa.Text(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("courses", sa.Integer(), nullable=False),
        sa.Column("used_in", Json, nullable=False),
        sa.Column("versions_in_use", Json, nullable=False),
        sa.Column("uses_behind", sa.Integer(), nullable=False),
        sa.Column("max_versions_behind", sa.Integer(), nullable=False),
        sa.Column("max_days_behind", sa.Integer(), nullable=False),
        sa.Column("customized_share", sa.Float(), nullable=False),
        sa.Column("last_deployed_at", Timestamp, nullable=True),
        sa.Column("computed_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_example_usage")),
        sa.UniqueConstraint("example", name=op.f("uq_analytics_example_usage_example")),
    )
    op.create_table(
        "analytics_example_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("newest_version", sa.Text(), nullable=False),
        sa.Column("versions_behind", sa.Integer(), nullable=False),
        sa.Column("days_behind", sa.Integer(), nullable=False),
        sa.Column("customized", sa.Boolean(), nullable=False),
        sa.Column("deployed_at", Timestamp, nullable=True),
        sa.Column("computed_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_example_uses")),
    )
    op.create_index("ix_analytics_example_uses_example", "analytics_example_uses", ["example"], unique=False)
    op.create_table(
        "analytics_course_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("contents", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("deployed", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("updates_available", sa.Integer(), nullable=False),
        sa.Column("behind", sa.Integer(), nullable=False),
        sa.Column("customized", sa.Integer(), nullable=False),
        sa.Column("open_proposals", sa.Integer(), nullable=False),
        sa.Column("last_template_commit", sa.Text(), nullable=True),
        sa.Column("template_built_at", Timestamp, nullable=True),
        sa.Column("computed_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_course_status")),
        sa.UniqueConstraint("course", name=op.f("uq_analytics_course_status_course")),
    )
    op.create_table(
        "analytics_deployment_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("deployments", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("median_duration_seconds", sa.Float(), nullable=True),
        sa.Column("computed_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_deployment_activity")),
        sa.UniqueConstraint("day", "course", name=op.f("uq_analytics_deployment_activity_day")),
    )


def downgrade() -> None:
    op.drop_table("analytics_deployment_activity")
    op.drop_table("analytics_course_status")
    op.drop_index("ix_analytics_example_uses_example", table_name="analytics_example_uses")
    op.drop_table("analytics_example_uses")
    op.drop_table("analytics_example_usage")
