"""Prove that the `deployments` table mirrors the assignments repository, and rebuild it if not.

The repository is the source of truth: its tracking files say what is deployed where. The
database says a content P holds a version when P's Deployment row has one (whatever its
status: a failed row keeps the version last deployed). A row left in a transient state
(`deploying`) by a run that is gone is a difference too: nothing would ever settle it. Repair
only ever writes the database.
"""

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import (
    Course,
    CourseContent,
    Deployment,
    DeploymentEvent,
    ExampleVersion,
    Library,
)
from exlib_assets.core.deployments.in_flight import TRANSIENT_STATUSES, abandoned
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking, deployed_trackings
from exlib_assets.core.errors import ExlibError, InvalidVersionError
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.versions import parse_version

NOT_IN_REPOSITORY = "not in the repository (found by repair); deploy to restore it"


class Kind(StrEnum):
    """How the two sides disagree about a content; the value is what reports show."""

    ONLY_IN_REPOSITORY = "only in repository"
    ONLY_IN_DATABASE = "only in database"
    DIFFERENT_VERSION = "different version"
    DIFFERENT_DIGEST = "different digest"
    # A tracking file outside the folder of the content it names: the deployer would never
    # find it there, so it deploys nothing at that content.
    MISPLACED = "misplaced tracking"
    # A row still in a transient state (`deploying`) whose run is gone: nothing will ever settle it.
    ABANDONED = "abandoned by its run"


@dataclass(frozen=True)
class Holding:
    """An example version as one side records it at a content path."""

    example: str
    version: str
    digest: str | None

    def __str__(self) -> str:
        return f"{self.example}@{self.version}"


@dataclass(frozen=True)
class Difference:
    """One way the database and the repository disagree about content `path`.

    `folder` is where the tracking file sits, for a misplaced one.
    """

    path: str
    kind: Kind
    database: Holding | None
    repository: Holding | None
    folder: str | None = None
    # For an abandoned row: its status and why its run counts as gone.
    detail: str | None = None

    def describe(self) -> str:
        if self.kind == Kind.ABANDONED:
            holds = f"the repository holds {self.repository}" if self.repository else "the repository holds nothing"
            return f"{self.path}: {self.detail}; {holds} there"
        if self.kind == Kind.MISPLACED:
            expected = _expected_folder(self.path)
            where = f"its folder is {expected}/" if expected else f"{self.path!r} is not a valid content path"
            return f"{self.path}: repository holds {self.repository} for it in {self.folder}/, but {where}"
        database = f"database says {self.database}" if self.database else "database says nothing is deployed"
        repository = f"repository holds {self.repository}" if self.repository else "repository holds nothing"
        if self.kind == Kind.DIFFERENT_DIGEST:
            database += f" with digest {_short(self.database.digest)}"
            repository += f" with digest {_short(self.repository.digest)}"
        return f"{self.path}: {database}, {repository}"


@dataclass
class ConsistencyReport:
    course: str
    commit: str | None
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


@dataclass
class RepairReport:
    course: str
    commit: str | None
    changes: list[str] = field(default_factory=list)
    unrepairable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unrepairable


def compare_course(app: App, slug: str) -> ConsistencyReport:
    """Every difference between course `slug`'s Deployment rows and its assignments repository."""
    _require_course(app, slug)
    commit, trackings = _read_repository(app, slug)
    placed, misplaced = _split_by_placement(trackings)
    with app.db.session() as session:
        rows = _rows_with_version(session, courses.require_course(session, slug))
        database = {row.content.path: _holding_of_row(row) for row in rows}
    repository = {path: _holding_of_tracking(tracking) for path, tracking in placed.items()}

    differences = []
    for path in sorted(database.keys() | repository.keys()):
        ours, theirs = database.get(path), repository.get(path)
        if theirs is None:
            differences.append(Difference(path, Kind.ONLY_IN_DATABASE, ours, None))
        elif ours is None:
            differences.append(Difference(path, Kind.ONLY_IN_REPOSITORY, None, theirs))
        elif ours.example != theirs.example or not _same_version(ours.version, theirs.version):
            differences.append(Difference(path, Kind.DIFFERENT_VERSION, ours, theirs))
        elif ours.digest != theirs.digest:
            differences.append(Difference(path, Kind.DIFFERENT_DIGEST, ours, theirs))
    for folder, tracking in misplaced.items():
        path = tracking.content_path
        differences.append(
            Difference(path, Kind.MISPLACED, database.get(path), _holding_of_tracking(tracking), folder=folder)
        )
    with app.db.session() as session:
        for row, why in _abandoned_rows(session, courses.require_course(session, slug)):
            path = row.content.path
            detail = f"the database still says `{row.status}`, but {why}"
            differences.append(
                Difference(path, Kind.ABANDONED, database.get(path), repository.get(path), detail=detail)
            )
    return ConsistencyReport(course=slug, commit=commit, differences=differences)


def repair_course(app: App, slug: str, actor: str) -> RepairReport:
    """Make course `slug`'s Deployment rows say what its assignments repository holds.

    Rows that already agree are left alone (their status and failure reason included), so a
    second repair changes nothing. What the database cannot mirror is listed as unrepairable.
    """
    _require_course(app, slug)
    commit, trackings = _read_repository(app, slug)
    placed, misplaced = _split_by_placement(trackings)
    report = RepairReport(course=slug, commit=commit)
    for folder, tracking in misplaced.items():
        report.unrepairable.append(
            f"{folder}/ holds a {TRACKING_FILE} file for content {tracking.content_path!r}, which does not deploy "
            f"there; move the folder back to where that content deploys, or delete its {TRACKING_FILE} file "
            f"if it is no longer a deployment, then run `exlib repair {slug}` again."
        )
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        library = library_index.get_or_create_library(session, app.storage.library)
        for path in sorted(placed):
            _adopt(session, course, library, placed[path], commit, actor, report)
        for row in _rows_with_version(session, course):
            if row.content.path not in placed:
                _forget(session, course, row, commit, actor, report)
        session.flush()
        for row, why in _abandoned_rows(session, course):
            _settle(session, course, row, why, commit, actor, report)
    return report


def _abandoned_rows(session: Session, course: Course) -> list[tuple[Deployment, str]]:
    """The course's rows in a transient state whose run is gone, with why it counts as gone."""
    rows = session.scalars(
        sa.select(Deployment)
        .join(CourseContent, CourseContent.id == Deployment.content_id)
        .where(CourseContent.course_id == course.id, Deployment.status.in_(TRANSIENT_STATUSES))
        .options(selectinload(Deployment.content), selectinload(Deployment.example_version))
    )
    found = [(row, abandoned(row)) for row in rows]
    return sorted(((row, why) for row, why in found if why), key=lambda pair: pair[0].content.path)


def _settle(
    session: Session, course: Course, row: Deployment, why: str, commit: str | None, actor: str, report: RepairReport
) -> None:
    """A row its run abandoned says what the repository holds; by now (after _adopt and _forget)
    its version is the repository's."""
    path, before = row.content.path, _state(row.content)
    row.status = "deployed" if row.example_version is not None else "pending"
    row.status_reason = f"settled by repair: {why}"
    _record(session, course, path, before, _state(row.content), commit, actor)
    report.changes.append(f"{path}: was left `{before['status']}` ({why}); now `{row.status}`, as the repository says")


def _adopt(
    session: Session,
    course: Course,
    library: Library,
    tracking: Tracking,
    commit: str | None,
    actor: str,
    report: RepairReport,
) -> None:
    """Record what the tracking file says is deployed at its content."""
    path, deployed = tracking.content_path, _holding_of_tracking(tracking)
    version = _indexed_version(session, library, tracking)
    if version is None:
        report.unrepairable.append(
            f"{path}: the repository holds {deployed}, which library {library.name!r} does not have; "
            f"import that version (`exlib library import FOLDER`), then run `exlib repair {course.slug}` again."
        )
        return
    content = courses.find_content(session, course, path)
    before = _state(content)
    changes = []
    if content is None:
        content = courses.add_content(session, course, path)
        changes.append("added the content")
    row = content.deployment
    was = _holding_of_row(row) if row and row.example_version else None
    if was is None or row.example_version_id != version.id or row.digest != tracking.digest:
        if row is None:
            row = Deployment(content=content)
            session.add(row)
        row.status, row.status_reason = "deployed", None
        row.example_version, row.digest, row.commit_sha = version, tracking.digest, commit
        row.deployed_at = _parse_time(tracking.deployed_at)
        said = f"; it said {_with_digest(was)}" if was else ""
        changes.append(f"database now says {_with_digest(deployed)}, as in the repository{said}")
    if content.assignment is None:
        # Pinned to the exact version, so the next deploy keeps what is there.
        courses.assign(session, library, content, version.example.identifier, version.tag, actor=actor)
        changes.append(f"assigned {version.example.identifier}@{version.tag}")
    if changes:
        _record(session, course, path, before, _state(content), commit, actor)
        report.changes.append(f"{path}: " + "; ".join(changes))


def _forget(
    session: Session, course: Course, row: Deployment, commit: str | None, actor: str, report: RepairReport
) -> None:
    """The database says a version is deployed where the repository holds none."""
    path, before, was = row.content.path, _state(row.content), _holding_of_row(row)
    row.example_version, row.digest = None, None
    row.status, row.status_reason = "pending", NOT_IN_REPOSITORY
    _record(session, course, path, before, _state(row.content), commit, actor)
    report.changes.append(f"{path}: database no longer says {was} is deployed; the repository holds nothing there")


def _record(
    session: Session, course: Course, path: str, before: dict | None, after: dict, commit: str | None, actor: str
) -> None:
    previous = before or {}
    session.add(
        DeploymentEvent(
            course_id=course.id,
            content_path=path,
            event="repaired",
            example_identifier=after["example"] or previous.get("example"),
            from_version=previous.get("version"),
            to_version=after["version"],
            commit_sha=commit,
            actor=actor,
            details={"before": before, "after": after},
        )
    )


def _state(content: CourseContent | None) -> dict | None:
    """What the database says about a content, for the history's before/after."""
    if content is None:
        return None
    row, assignment = content.deployment, content.assignment
    deployed = _holding_of_row(row) if row and row.example_version else None
    return {
        "status": row.status if row else None,
        "example": deployed.example if deployed else None,
        "version": deployed.version if deployed else None,
        "digest": row.digest if row else None,
        "commit": row.commit_sha if row else None,
        "assignment": f"{assignment.example.identifier}@{assignment.version_constraint}" if assignment else None,
    }


def _with_digest(holding: Holding) -> str:
    return f"{holding} (digest {_short(holding.digest)})"


def _short(digest: str | None) -> str:
    """`sha256:6e7d5455326bfa6d...` -> `sha256:6e7d5455326b`: enough to tell two digests apart."""
    algorithm, colon, value = (digest or "none").rpartition(":")
    return f"{algorithm}{colon}{value[:12]}"


def _require_course(app: App, slug: str) -> None:
    """Fail on an unknown course before cloning anything."""
    with app.db.session() as session:
        courses.require_course(session, slug)


def _read_repository(app: App, slug: str) -> tuple[str | None, dict[str, Tracking]]:
    """The head commit of the course's assignments repository and its tracking files by folder."""
    workspaces = app.settings.home / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    repository = courses.repository_names(slug)["assignments"]
    with tempfile.TemporaryDirectory(prefix=f"{slug}-check-", dir=workspaces) as folder:
        workspace = GitWorkspace.clone_or_fetch(app.git_host.push_url(repository), Path(folder))
        return workspace.head(), deployed_trackings(workspace.folder)


def _split_by_placement(trackings: dict[str, Tracking]) -> tuple[dict[str, Tracking], dict[str, Tracking]]:
    """Tracking files by the content they deploy, and the misplaced ones by their folder."""
    placed, misplaced = {}, {}
    for folder, tracking in trackings.items():
        if _expected_folder(tracking.content_path) == folder:
            placed[tracking.content_path] = tracking
        else:
            misplaced[folder] = tracking
    return placed, misplaced


def _expected_folder(path: str) -> str | None:
    try:
        return folder_of(path)
    except ExlibError:
        return None


def _rows_with_version(session: Session, course: Course) -> list[Deployment]:
    return list(
        session.scalars(
            sa.select(Deployment)
            .join(CourseContent, CourseContent.id == Deployment.content_id)
            .where(CourseContent.course_id == course.id, Deployment.example_version_id.is_not(None))
            .options(
                selectinload(Deployment.content),
                selectinload(Deployment.example_version).selectinload(ExampleVersion.example),
            )
        )
    )


def _indexed_version(session: Session, library: Library, tracking: Tracking) -> ExampleVersion | None:
    example = library_index.find_example(session, library, tracking.example_id)
    if example is None:
        return None
    try:
        return library_index.find_version(example, tracking.example_version)
    except InvalidVersionError:
        return None


def _holding_of_row(row: Deployment) -> Holding:
    version = row.example_version
    return Holding(version.example.identifier, version.tag, row.digest)


def _holding_of_tracking(tracking: Tracking) -> Holding:
    return Holding(tracking.example_id, tracking.example_version, tracking.digest)


def _same_version(a: str, b: str) -> bool:
    """`1.0` and `v1.0` are one version (see versions.py); a tag that does not parse must match as written."""
    try:
        return parse_version(a) == parse_version(b)
    except InvalidVersionError:
        return a == b


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
