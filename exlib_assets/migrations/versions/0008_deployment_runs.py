"""Deployments: which run last put a row in a transient state (`deploying`), where and when, so
a row whose run is gone can be told from one a live run holds.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deployments") as batch:
        batch.add_column(sa.Column("run_batch", sa.Text(), nullable=True))
        batch.add_column(sa.Column("run_host", sa.Text(), nullable=True))
        batch.add_column(sa.Column("run_pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("run_started_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deployments") as batch:
        for column in ("run_started_at", "run_pid", "run_host", "run_batch"):
            batch.drop_column(column)
