"""Student templates: what a course releases, and the template last built.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("released_paths", Json, nullable=True))
        batch.add_column(sa.Column("template_source_commit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("template_commit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("template_built_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("template_built_at")
        batch.drop_column("template_commit")
        batch.drop_column("template_source_commit")
        batch.drop_column("released_paths")
