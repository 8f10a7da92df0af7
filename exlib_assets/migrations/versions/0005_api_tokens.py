"""HTTP API: bearer tokens (hashed), with their role and courses.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key_id", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("courses", Json, nullable=False),
        sa.Column("created_by", sa.Text(), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("revoked_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
        sa.UniqueConstraint("key_id", name=op.f("uq_api_tokens_key_id")),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
