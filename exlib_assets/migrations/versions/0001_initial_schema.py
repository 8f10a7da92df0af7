"""Initial schema: the library index, courses, contents, assignments, deployments, history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from exlib_assets.core.db.types import Json, LtreePath

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS ltree")
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("update_policy", sa.Text(), nullable=False),
        sa.Column("update_strategy", sa.Text(), nullable=False),
        sa.Column("template_policy", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("slug", name=op.f("uq_courses_slug")),
    )
    op.create_table(
        "libraries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_libraries")),
        sa.UniqueConstraint("name", name=op.f("uq_libraries_name")),
    )
    op.create_table(
        "course_contents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("path", LtreePath, nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_course_contents_course_id_courses")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_contents")),
        sa.UniqueConstraint("course_id", "path", name=op.f("uq_course_contents_course_id")),
    )
    op.create_table(
        "deployment_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("content_path", sa.Text(), nullable=True),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("example_identifier", sa.Text(), nullable=True),
        sa.Column("from_version", sa.Text(), nullable=True),
        sa.Column("to_version", sa.Text(), nullable=True),
        sa.Column("commit_sha", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("details", Json, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_deployment_history_course_id_courses")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployment_history")),
    )
    op.create_index(op.f("ix_deployment_history_at"), "deployment_history", ["at"], unique=False)
    op.create_index(op.f("ix_deployment_history_course_id"), "deployment_history", ["course_id"], unique=False)

    op.create_table(
        "examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"], name=op.f("fk_examples_library_id_libraries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examples")),
        sa.UniqueConstraint("library_id", "identifier", name=op.f("uq_examples_library_id")),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("example_id", sa.Integer(), nullable=False),
        sa.Column("version_constraint", sa.Text(), nullable=False),
        sa.Column("update_strategy", sa.Text(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["content_id"], ["course_contents.id"], name=op.f("fk_assignments_content_id_course_contents")
        ),
        sa.ForeignKeyConstraint(["example_id"], ["examples.id"], name=op.f("fk_assignments_example_id_examples")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint("content_id", name=op.f("uq_assignments_content_id")),
    )
    op.create_table(
        "example_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("example_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.Text(), nullable=False),
        sa.Column("normalized", sa.Text(), nullable=False),
        sa.Column("sort_key", sa.Text(), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("manifest", Json, nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("meta", Json, nullable=False),
        sa.Column("storage_prefix", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["example_id"], ["examples.id"], name=op.f("fk_example_versions_example_id_examples")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_versions")),
        sa.UniqueConstraint("example_id", "normalized", name=op.f("uq_example_versions_example_id")),
    )
    op.create_index(op.f("ix_example_versions_sort_key"), "example_versions", ["sort_key"], unique=False)

    op.create_table(
        "deployments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("example_version_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("digest", sa.Text(), nullable=True),
        sa.Column("commit_sha", sa.Text(), nullable=True),
        sa.Column("deployed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_customized", sa.Boolean(), nullable=False),
        sa.Column("customized_files", Json, nullable=True),
        sa.Column("update_available_version_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_version_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"], ["course_contents.id"], name=op.f("fk_deployments_content_id_course_contents")
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_version_id"],
            ["example_versions.id"],
            name=op.f("fk_deployments_dismissed_version_id_example_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["example_version_id"],
            ["example_versions.id"],
            name=op.f("fk_deployments_example_version_id_example_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["update_available_version_id"],
            ["example_versions.id"],
            name=op.f("fk_deployments_update_available_version_id_example_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployments")),
        sa.UniqueConstraint("content_id", name=op.f("uq_deployments_content_id")),
    )
    op.create_index(op.f("ix_deployments_status"), "deployments", ["status"], unique=False)

    op.create_table(
        "example_dependencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("constraint", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["example_versions.id"],
            name=op.f("fk_example_dependencies_version_id_example_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_dependencies")),
        sa.UniqueConstraint("version_id", "identifier", name=op.f("uq_example_dependencies_version_id")),
    )
    # GiST on PostgreSQL serves subtree queries (`path <@ 'week1'`); a plain index elsewhere.
    op.create_index("ix_course_contents_path", "course_contents", ["path"], postgresql_using="gist")


def downgrade() -> None:
    op.drop_table("example_dependencies")
    op.drop_index(op.f("ix_deployments_status"), table_name="deployments")
    op.drop_table("deployments")
    op.drop_index(op.f("ix_example_versions_sort_key"), table_name="example_versions")
    op.drop_table("example_versions")
    op.drop_table("assignments")
    op.drop_table("examples")
    op.drop_index(op.f("ix_deployment_history_course_id"), table_name="deployment_history")
    op.drop_index(op.f("ix_deployment_history_at"), table_name="deployment_history")
    op.drop_table("deployment_history")
    op.drop_table("course_contents")
    op.drop_table("libraries")
    op.drop_table("courses")
