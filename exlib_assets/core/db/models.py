"""The application database: the library index and what courses want and have deployed.

The assignments repositories are the source of truth for what is deployed; the deployment
tables mirror them (a check proves they agree) and hold what git cannot: wishes, status,
failure reasons and history.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from exlib_assets.core.db.types import Json, LtreePath


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


Timestamp = sa.DateTime(timezone=True)


class Library(Base):
    __tablename__ = "libraries"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Example(Base):
    __tablename__ = "examples"
    __table_args__ = (sa.UniqueConstraint("library_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = mapped_column(sa.ForeignKey("libraries.id"))
    # Text, not ltree: identifier labels may hold '-', which ltree rejects.
    identifier: Mapped[str] = mapped_column(sa.Text)
    title: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    library: Mapped[Library] = relationship()
    versions: Mapped[list["ExampleVersion"]] = relationship(
        back_populates="example", order_by="ExampleVersion.sort_key"
    )


class ExampleVersion(Base):
    """An immutable snapshot of an example, as stored at `storage_prefix`."""

    __tablename__ = "example_versions"
    __table_args__ = (sa.UniqueConstraint("example_id", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    example_id: Mapped[int] = mapped_column(sa.ForeignKey("examples.id"))
    tag: Mapped[str] = mapped_column(sa.Text)
    # `v1.2`, `1.2` and `1.2.0` are one version; `normalized` makes that a unique key.
    normalized: Mapped[str] = mapped_column(sa.Text)
    sort_key: Mapped[str] = mapped_column(sa.Text, index=True)
    digest: Mapped[str] = mapped_column(sa.Text)
    manifest: Mapped[dict] = mapped_column(Json)
    file_count: Mapped[int] = mapped_column(sa.Integer)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    meta: Mapped[dict] = mapped_column(Json)
    storage_prefix: Mapped[str] = mapped_column(sa.Text)
    # The library source (git) and commit this version was read from; None when imported from a folder.
    source_name: Mapped[str | None] = mapped_column(sa.Text)
    source_commit: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    example: Mapped[Example] = relationship(back_populates="versions")
    dependencies: Mapped[list["ExampleDependency"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ExampleDependency.identifier"
    )

    @property
    def partition_key(self) -> str:
        return f"{self.example.identifier}@{self.tag}"


class ExampleDependency(Base):
    """`version` needs another example, named by identifier and a version constraint."""

    __tablename__ = "example_dependencies"
    __table_args__ = (sa.UniqueConstraint("version_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("example_versions.id", ondelete="CASCADE"))
    identifier: Mapped[str] = mapped_column(sa.Text)
    constraint: Mapped[str] = mapped_column(sa.Text)

    version: Mapped[ExampleVersion] = relationship(back_populates="dependencies")


class LibrarySource(Base):
    """A git repository holding example folders at any depth, synced into the library.

    Credentials never live here: the URL is stored without them and git takes them from the
    environment when it talks to the remote.
    """

    __tablename__ = "library_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.Text, unique=True)
    library: Mapped[str] = mapped_column(sa.Text)
    url: Mapped[str] = mapped_column(sa.Text)
    branch: Mapped[str] = mapped_column(sa.Text, default="main")
    # The folder of the repository the examples are under ("" for all of it).
    under: Mapped[str] = mapped_column(sa.Text, default="")
    # The commit the last sync read; the next sync reads only folders changed since.
    synced_commit: Mapped[str | None] = mapped_column(sa.Text)
    synced_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # {example folder: {"identifier", "version"}} as last read, to report unchanged folders unread.
    folders: Mapped[dict] = mapped_column(Json, default=dict)
    # Folders that failed in the last sync: read again by the next one even if unchanged.
    retry_folders: Mapped[list] = mapped_column(Json, default=list)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.Text, unique=True)
    title: Mapped[str | None] = mapped_column(sa.Text)
    # What to do when a newer version appears: off | propose | auto.
    update_policy: Mapped[str] = mapped_column(sa.Text, default="off")
    # How updates are applied unless a request says otherwise: overwrite | merge | skip.
    update_strategy: Mapped[str] = mapped_column(sa.Text, default="merge")
    # Whether the student template is rebuilt after deployments change: manual | auto.
    template_policy: Mapped[str] = mapped_column(sa.Text, default="manual")
    # Content paths (subtrees) released to students; None releases everything.
    released_paths: Mapped[list | None] = mapped_column(Json)
    # The assignments commit the student template was last built from, and its own commit.
    template_source_commit: Mapped[str | None] = mapped_column(sa.Text)
    template_commit: Mapped[str | None] = mapped_column(sa.Text)
    template_built_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # The assignments commit the change scan last read up to: the next scan reads only what came after.
    scanned_commit: Mapped[str | None] = mapped_column(sa.Text)
    scanned_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Whether deploys look at example verdicts: off | warn (deploy, and say so) | require (refuse
    # a version whose verdict is `failed`, or that has none yet).
    verification_policy: Mapped[str] = mapped_column(sa.Text, default="off")
    # Under `require`, whether a `no runner` verdict (a language nobody can run here) may deploy.
    verification_allows_no_runner: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    # Whether a deploy run re-runs the tests in the assignments repository once it has pushed.
    tests_after_deploy: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # The language students read (`de`, `en`): a content's README.md is its README_<language>.md.
    language: Mapped[str | None] = mapped_column(sa.Text)
    # The course of an earlier semester this one was rolled forward from.
    rolled_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("courses.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    rolled_from: Mapped["Course | None"] = relationship(remote_side="Course.id")
    contents: Mapped[list["CourseContent"]] = relationship(back_populates="course", order_by="CourseContent.path")


class CourseContent(Base):
    """A node of a course's tree, e.g. `week1.hello_world`, deployed at `week1/hello_world/`."""

    __tablename__ = "course_contents"
    __table_args__ = (
        sa.UniqueConstraint("course_id", "path"),
        # GiST on PostgreSQL serves subtree queries (`path <@ 'week1'`); a plain index elsewhere.
        sa.Index("ix_course_contents_path", "path", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"))
    path: Mapped[str] = mapped_column(LtreePath)
    title: Mapped[str | None] = mapped_column(sa.Text)
    archived: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # The course's own values for the student meta.yaml ({"title", "points", "deadline"}): kept
    # here, not in the assignments repository, so they never make the content customized.
    settings: Mapped[dict | None] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="contents")
    assignment: Mapped["Assignment | None"] = relationship(back_populates="content", uselist=False)
    deployment: Mapped["Deployment | None"] = relationship(back_populates="content", uselist=False)


class Assignment(Base):
    """The wish: this content should hold this example at a version matching `version_constraint`."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_id: Mapped[int] = mapped_column(sa.ForeignKey("course_contents.id"), unique=True)
    example_id: Mapped[int] = mapped_column(sa.ForeignKey("examples.id"))
    version_constraint: Mapped[str] = mapped_column(sa.Text, default="latest")
    update_strategy: Mapped[str | None] = mapped_column(sa.Text)
    assigned_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    assigned_by: Mapped[str | None] = mapped_column(sa.Text)

    content: Mapped[CourseContent] = relationship(back_populates="assignment")
    example: Mapped[Example] = relationship()


class Deployment(Base):
    """The mirror of what the assignments repository holds at a content's path, and its status."""

    __tablename__ = "deployments"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_id: Mapped[int] = mapped_column(sa.ForeignKey("course_contents.id"), unique=True)
    example_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("example_versions.id"))
    # pending | deploying | deployed | failed | removed; `deploying` is transient (core/deployments/in_flight.py)
    status: Mapped[str] = mapped_column(sa.Text, default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The run that last put the row in a transient state: its batch (as in the history rows), the
    # host and process it ran in, and when. `exlib check` uses them to tell a live run's row from
    # one whose run died before it could record an outcome.
    run_batch: Mapped[str | None] = mapped_column(sa.Text)
    run_host: Mapped[str | None] = mapped_column(sa.Text)
    run_pid: Mapped[int | None] = mapped_column(sa.Integer)
    run_started_at: Mapped[datetime | None] = mapped_column(Timestamp)
    digest: Mapped[str | None] = mapped_column(sa.Text)
    commit_sha: Mapped[str | None] = mapped_column(sa.Text)
    deployed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    is_customized: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # `+added`, `~changed`, `-removed` files relative to the deployed folder, and the newest
    # commit that changed them.
    customized_files: Mapped[list | None] = mapped_column(Json)
    customized_commit: Mapped[str | None] = mapped_column(sa.Text)
    customized_at: Mapped[datetime | None] = mapped_column(Timestamp)
    update_available_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("example_versions.id"))
    dismissed_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("example_versions.id"))
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    content: Mapped[CourseContent] = relationship(back_populates="deployment")
    example_version: Mapped[ExampleVersion | None] = relationship(foreign_keys=[example_version_id])
    update_available: Mapped[ExampleVersion | None] = relationship(foreign_keys=[update_available_version_id])
    dismissed: Mapped[ExampleVersion | None] = relationship(foreign_keys=[dismissed_version_id])


class DeploymentEvent(Base):
    """One row per change: who, when, what and the commit. Never updated, never deleted."""

    __tablename__ = "deployment_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    content_path: Mapped[str | None] = mapped_column(sa.Text)
    event: Mapped[str] = mapped_column(sa.Text)
    example_identifier: Mapped[str | None] = mapped_column(sa.Text)
    from_version: Mapped[str | None] = mapped_column(sa.Text)
    to_version: Mapped[str | None] = mapped_column(sa.Text)
    commit_sha: Mapped[str | None] = mapped_column(sa.Text)
    actor: Mapped[str | None] = mapped_column(sa.Text)
    details: Mapped[dict | None] = mapped_column(Json)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)


class UpdateProposal(Base):
    """An update prepared on a branch for a lecturer to review, instead of landing on `main`."""

    __tablename__ = "update_proposals"
    __table_args__ = (sa.Index("ix_update_proposals_course_id_status", "course_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"))
    content_id: Mapped[int] = mapped_column(sa.ForeignKey("course_contents.id"))
    content_path: Mapped[str] = mapped_column(sa.Text)
    example_identifier: Mapped[str] = mapped_column(sa.Text)
    from_version: Mapped[str | None] = mapped_column(sa.Text)
    to_version: Mapped[str] = mapped_column(sa.Text)
    to_version_id: Mapped[int] = mapped_column(sa.ForeignKey("example_versions.id"))
    branch: Mapped[str] = mapped_column(sa.Text)
    # open | merged | closed (branch gone or merge request closed) | superseded (a newer one exists)
    status: Mapped[str] = mapped_column(sa.Text, default="open")
    # Why it is a proposal: `conflicts` (files the lecturer must resolve) or `policy` (review wanted).
    reason: Mapped[str] = mapped_column(sa.Text)
    conflicts: Mapped[list] = mapped_column(Json, default=list)
    files: Mapped[list] = mapped_column(Json, default=list)
    commit_sha: Mapped[str | None] = mapped_column(sa.Text)
    merge_request_url: Mapped[str | None] = mapped_column(sa.Text)
    actor: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(Timestamp)


# Analytics: read-only tables for people and dashboards to query. Each materialization of an
# analytics asset replaces its table whole, in one transaction (see core/analytics/store.py).


class ExampleUsageRow(Base):
    """Per example: where it is used, which versions, how far behind, how customized."""

    __tablename__ = "analytics_example_usage"

    id: Mapped[int] = mapped_column(primary_key=True)
    example: Mapped[str] = mapped_column(sa.Text, unique=True)
    title: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.Text)
    newest_version: Mapped[str | None] = mapped_column(sa.Text)
    uses: Mapped[int] = mapped_column(sa.Integer)
    courses: Mapped[int] = mapped_column(sa.Integer)
    # {"prog1_2026": ["week1.hello"]}: where it is used.
    used_in: Mapped[dict] = mapped_column(Json)
    # {"1.0": 2, "1.1": 1}: how many uses hold each version.
    versions_in_use: Mapped[dict] = mapped_column(Json)
    uses_behind: Mapped[int] = mapped_column(sa.Integer)
    max_versions_behind: Mapped[int] = mapped_column(sa.Integer)
    max_days_behind: Mapped[int] = mapped_column(sa.Integer)
    customized_share: Mapped[float] = mapped_column(sa.Float)
    last_deployed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    computed_at: Mapped[datetime] = mapped_column(Timestamp)


class ExampleUseRow(Base):
    """One deployed use of an example: a course content holding one of its versions."""

    __tablename__ = "analytics_example_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    example: Mapped[str] = mapped_column(sa.Text, index=True)
    course: Mapped[str] = mapped_column(sa.Text)
    path: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[str] = mapped_column(sa.Text)
    newest_version: Mapped[str] = mapped_column(sa.Text)
    versions_behind: Mapped[int] = mapped_column(sa.Integer)
    days_behind: Mapped[int] = mapped_column(sa.Integer)
    customized: Mapped[bool] = mapped_column(sa.Boolean)
    deployed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    computed_at: Mapped[datetime] = mapped_column(Timestamp)


class CourseStatusRow(Base):
    """Per course: how many contents are deployed, pending, failed, behind or customized."""

    __tablename__ = "analytics_course_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    course: Mapped[str] = mapped_column(sa.Text, unique=True)
    title: Mapped[str | None] = mapped_column(sa.Text)
    # The course of the semester before, when this one was rolled forward from it.
    rolled_from: Mapped[str | None] = mapped_column(sa.Text)
    contents: Mapped[int] = mapped_column(sa.Integer)
    assigned: Mapped[int] = mapped_column(sa.Integer)
    deployed: Mapped[int] = mapped_column(sa.Integer)
    pending: Mapped[int] = mapped_column(sa.Integer)
    failed: Mapped[int] = mapped_column(sa.Integer)
    updates_available: Mapped[int] = mapped_column(sa.Integer)
    # Deployed contents whose example has a newer release than the one they hold.
    behind: Mapped[int] = mapped_column(sa.Integer)
    customized: Mapped[int] = mapped_column(sa.Integer)
    open_proposals: Mapped[int] = mapped_column(sa.Integer)
    last_template_commit: Mapped[str | None] = mapped_column(sa.Text)
    template_built_at: Mapped[datetime | None] = mapped_column(Timestamp)
    computed_at: Mapped[datetime] = mapped_column(Timestamp)


class DeploymentActivityRow(Base):
    """Per day and course: how many paths changed, how many failed, and how long runs took."""

    __tablename__ = "analytics_deployment_activity"
    __table_args__ = (sa.UniqueConstraint("day", "course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date)
    course: Mapped[str] = mapped_column(sa.Text)
    deployments: Mapped[int] = mapped_column(sa.Integer)
    failures: Mapped[int] = mapped_column(sa.Integer)
    runs: Mapped[int] = mapped_column(sa.Integer)
    median_duration_seconds: Mapped[float | None] = mapped_column(sa.Float)
    computed_at: Mapped[datetime] = mapped_column(Timestamp)


class ApiToken(Base):
    """A bearer token of the HTTP API: who holds it, what role, which courses. Only the token's
    sha256 is kept: the token itself is shown once, when it is created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Names the token in listings and `exlib token revoke`; also who the history says acted.
    name: Mapped[str] = mapped_column(sa.Text, unique=True)
    # The public part of the token (`exlib_<key_id>_<secret>`): finds the row without the secret.
    key_id: Mapped[str] = mapped_column(sa.Text, unique=True)
    token_sha256: Mapped[str] = mapped_column(sa.Text)
    # admin | lecturer
    role: Mapped[str] = mapped_column(sa.Text)
    # Course slugs a lecturer may touch; empty for an admin, who may touch every course.
    courses: Mapped[list] = mapped_column(Json, default=list)
    created_by: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)


class ExampleVerification(Base):
    """The verdict of running a version's tests against its reference solution and its student view.

    One row per version (a new verification replaces it); `reference` and `template` hold each
    side's result as `exlib library verify --json` prints it.
    """

    __tablename__ = "example_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("example_versions.id", ondelete="CASCADE"), unique=True)
    # The digest verified: a verdict speaks for these files only.
    digest: Mapped[str] = mapped_column(sa.Text)
    verdict: Mapped[str] = mapped_column(sa.Text)  # passed | failed | no runner
    runner: Mapped[str | None] = mapped_column(sa.Text)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    reference: Mapped[dict | None] = mapped_column(Json)
    template: Mapped[dict | None] = mapped_column(Json)
    seconds: Mapped[float] = mapped_column(sa.Float)
    network: Mapped[str | None] = mapped_column(sa.Text)
    verified_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    version: Mapped[ExampleVersion] = relationship()


class Contribution(Base):
    """A lecturer's customization of a deployed content, proposed back as its example's next version.

    With a git library source it is a branch in that source (`kind` "branch"); without one it is a
    pre-release version in the library (`kind` "prerelease") that an admin accepts or rejects.
    """

    __tablename__ = "contributions"
    __table_args__ = (sa.Index("ix_contributions_example_status", "example_identifier", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"))
    content_path: Mapped[str] = mapped_column(sa.Text)
    example_identifier: Mapped[str] = mapped_column(sa.Text)
    # The version the course held when the lecturer contributed; their edits are against it.
    base_version: Mapped[str] = mapped_column(sa.Text)
    # The version proposed: `1.1` on a source branch, `1.1-contrib.1` as a pre-release.
    proposed_version: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.Text)  # branch | prerelease
    source_name: Mapped[str | None] = mapped_column(sa.Text)
    branch: Mapped[str | None] = mapped_column(sa.Text)
    merge_request_url: Mapped[str | None] = mapped_column(sa.Text)
    # `+added`, `~changed`, `-removed` files, as the course's customization listed them.
    files: Mapped[list] = mapped_column(Json, default=list)
    digest: Mapped[str] = mapped_column(sa.Text)
    message: Mapped[str | None] = mapped_column(sa.Text)
    actor: Mapped[str | None] = mapped_column(sa.Text)
    # open | accepted | rejected
    status: Mapped[str] = mapped_column(sa.Text, default="open")
    # The final version it became, once accepted.
    accepted_version: Mapped[str | None] = mapped_column(sa.Text)
    resolved_by: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(Timestamp)

    course: Mapped[Course] = relationship()
