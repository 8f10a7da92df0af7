"""Verification: a verdict per example version, each course's verification policy, and whether
its deploys re-run the tests in the assignments repository.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "example_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("runner", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference", Json, nullable=True),
        sa.Column("template", Json, nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("network", sa.Text(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["example_versions.id"],
            name=op.f("fk_example_verifications_version_id_example_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_verifications")),
        sa.UniqueConstraint("version_id", name=op.f("uq_example_verifications_version_id")),
    )
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("verification_policy", sa.Text(), nullable=False, server_default="off"))
        batch.add_column(
            sa.Column("verification_allows_no_runner", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("tests_after_deploy", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("tests_after_deploy")
        batch.drop_column("verification_allows_no_runner")
        batch.drop_column("verification_policy")
    op.drop_table("example_verifications")
