"""Course contents: per-content values the student meta.yaml carries (title, points, deadline).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("course_contents") as batch:
        batch.add_column(sa.Column("settings", Json, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("course_contents") as batch:
        batch.drop_column("settings")
