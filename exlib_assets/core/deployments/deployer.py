"""Make a course's assignments repository hold what its contents are assigned, in one commit.

The steps of the original design's `deploy_examples_to_course`: validate the request, fetch
the versions from the library, prepare the repository, deploy each example, resolve its
dependencies to where they are deployed in the course, commit and push once, update the state.
One failing path does not stop the others; nothing a lecturer changed is overwritten unless
they asked for it.
"""

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import catalog, courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import Deployment, DeploymentEvent
from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.deployments.tracking import (
    DEPLOYED_INDEX,
    TRACKING_FILE,
    DependencyLink,
    Tracking,
    append_history,
    course_index,
    files_on_disk,
    local_changes,
    read_tracking,
)
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.githost import GitWorkspace, PushRejected
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.storage import META_FILE

PUSH_ATTEMPTS = 3


@dataclass(frozen=True)
class Wish:
    """What one content should hold, read from the database before the repository is touched."""

    content_id: int
    path: str
    identifier: str
    version_id: int
    version: str
    digest: str
    dependencies: list[DependencyLink]
    dependency_problem: str | None


@dataclass
class PathOutcome:
    path: str
    status: str  # deployed | unchanged | conflict | failed
    example: str
    version: str
    reason: str | None = None
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    dependencies: list[DependencyLink] = field(default_factory=list)


@dataclass
class DeployReport:
    course: str
    dry_run: bool
    commit: str | None = None
    outcomes: list[PathOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(outcome.status in ("deployed", "unchanged") for outcome in self.outcomes)


def deploy_course(
    app: App,
    slug: str,
    paths: list[str] | None = None,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    actor: str = "exlib",
) -> DeployReport:
    """Deploy the assigned contents of course `slug` (all, or those at `paths`) in one commit."""
    wishes = _read_wishes(app, slug, paths, mark_deploying=not dry_run)
    report = DeployReport(course=slug, dry_run=dry_run)
    workspaces = app.settings.home / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    repository = courses.repository_names(slug)["assignments"]
    # A fresh working copy per run: runs of one course never share a folder.
    with tempfile.TemporaryDirectory(prefix=f"{slug}-", dir=workspaces) as folder:
        try:
            workspace = GitWorkspace.clone_or_fetch(app.git_host.push_url(repository), Path(folder))
            deployed_at = datetime.now(UTC).isoformat(timespec="seconds")
            report.outcomes = [
                _deploy_one(app, workspace.folder, wish, overwrite, dry_run, deployed_at) for wish in wishes
            ]
            if not dry_run:
                report.commit = _commit_and_push(workspace, report, actor, deployed_at)
        except ExlibError as error:
            if not dry_run:
                _record_failure(app, slug, wishes, str(error), actor)
            raise
    if not dry_run:
        _record(app, report, wishes, actor)
    return report


def _read_wishes(app: App, slug: str, paths: list[str] | None, *, mark_deploying: bool) -> list[Wish]:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        everything = courses.contents_under(session, course)
        assigned = [c for c in everything if c.assignment is not None and not c.archived]
        if paths:
            for path in paths:
                content = courses.require_content(session, course, path)
                if content.assignment is None:
                    raise NotFoundError(
                        f"content {path!r} of course {slug!r} has no example assigned; "
                        f"assign one with `exlib assign {slug} {path} EXAMPLE`."
                    )
            assigned = [c for c in assigned if c.path in paths]
        # Where each example is deployed in this course, for dependencies.
        placed = {c.assignment.example.identifier: c for c in everything if c.assignment and not c.archived}
        wishes = []
        for content in assigned:
            version = catalog.resolve_version(content.assignment.example, content.assignment.version_constraint)
            links, problems = [], []
            for dependency in version.dependencies:
                target = placed.get(dependency.identifier)
                if target is None:
                    problems.append(
                        f"dependency {dependency.identifier} is not assigned anywhere in course {slug}; "
                        f"assign it first (`exlib assign {slug} PATH {dependency.identifier}`)"
                    )
                    continue
                target_version = catalog.resolve_version(
                    target.assignment.example, target.assignment.version_constraint
                )
                links.append(DependencyLink(dependency.identifier, target_version.tag, folder_of(target.path)))
            wishes.append(
                Wish(
                    content_id=content.id,
                    path=content.path,
                    identifier=content.assignment.example.identifier,
                    version_id=version.id,
                    version=version.tag,
                    digest=version.digest,
                    dependencies=links,
                    dependency_problem="; ".join(problems) or None,
                )
            )
            if mark_deploying:
                _deployment_row(session, content.id).status = "deploying"
        return wishes


def _deploy_one(
    app: App, repository: Path, wish: Wish, overwrite: bool, dry_run: bool, deployed_at: str
) -> PathOutcome:
    outcome = PathOutcome(wish.path, "failed", wish.identifier, wish.version, dependencies=wish.dependencies)
    if wish.dependency_problem:
        outcome.reason = wish.dependency_problem
        return outcome
    try:
        files = app.storage.read_version(wish.identifier, wish.version)
    except ExlibError as error:
        outcome.reason = str(error)
        return outcome
    if manifest_digest(build_manifest(files)) != wish.digest:
        outcome.reason = (
            f"{wish.identifier}@{wish.version} in storage no longer matches its index digest; "
            "storage was changed by hand: restore it, or re-import the example under a new version."
        )
        return outcome

    folder = repository / folder_of(wish.path)
    existing = read_tracking(folder)
    present = files_on_disk(folder)
    conflict = _conflict(existing, present, folder, wish)
    if conflict and not overwrite:
        outcome.status, outcome.reason = "conflict", conflict + "; deploy with overwrite to replace it"
        return outcome

    dependency_paths = {link.identifier: link.deployed_path for link in wish.dependencies}
    files = dict(files) | {META_FILE: annotate_meta(files[META_FILE], wish.path, dependency_paths)}
    manifest = build_manifest(files)
    if existing and not conflict and existing.digest == wish.digest and existing.files == manifest:
        outcome.status = "unchanged"
        return outcome

    outcome.status = "deployed"
    outcome.written = sorted(p for p in manifest if present.get(p) != manifest[p])
    outcome.removed = sorted(p for p in present if p not in manifest)
    if dry_run:
        return outcome
    for relpath in outcome.removed:
        (folder / relpath).unlink()
    for relpath in outcome.written:
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[relpath])
    tracking = Tracking(
        example_id=wish.identifier,
        example_version=wish.version,
        digest=wish.digest,
        content_path=wish.path,
        deployed_at=deployed_at,
        files=manifest,
        dependencies=wish.dependencies,
    )
    (folder / TRACKING_FILE).write_text(tracking.to_json())
    return outcome


def _conflict(existing: Tracking | None, present: dict[str, str], folder: Path, wish: Wish) -> str | None:
    if existing is None:
        return f"{folder.name}/ holds {len(present)} files not from the library" if present else None
    if existing.example_id != wish.identifier:
        return f"{folder.name}/ holds another example, {existing.example_id}@{existing.example_version}"
    changes = local_changes(folder, existing)
    if changes:
        return f"{folder.name}/ holds local edits ({', '.join(changes[:5])}{', ...' if len(changes) > 5 else ''})"
    return None


def _commit_and_push(workspace: GitWorkspace, report: DeployReport, actor: str, deployed_at: str) -> str | None:
    deployed = [o for o in report.outcomes if o.status == "deployed"]
    if not deployed:
        return None
    repository = workspace.folder
    (repository / DEPLOYED_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (repository / DEPLOYED_INDEX).write_text(course_index(repository))
    append_history(
        repository,
        [
            {"at": deployed_at, "by": actor, "path": o.path, "example_id": o.example, "example_version": o.version}
            for o in deployed
        ],
    )
    lines = "\n".join(f"- {o.path}: {o.example}@{o.version}" for o in deployed)
    message = f"Deploy {len(deployed)} example(s) from the Example Library\n\n{lines}\n\nRequested-by: {actor}\n"
    workspace.commit_all(message, author_name="exlib", author_email="exlib@localhost")
    for _ in range(PUSH_ATTEMPTS - 1):
        try:
            workspace.push()
            return workspace.head()
        except PushRejected:
            # Another run landed first; replay this commit on top of it and try again.
            workspace.rebase_onto_remote()
    workspace.push()
    return workspace.head()


def _deployment_row(session: Session, content_id: int) -> Deployment:
    row = session.scalar(sa.select(Deployment).where(Deployment.content_id == content_id))
    if row is None:
        row = Deployment(content_id=content_id, status="pending")
        session.add(row)
    return row


def _record(app: App, report: DeployReport, wishes: list[Wish], actor: str) -> None:
    by_path = {wish.path: wish for wish in wishes}
    now = datetime.now(UTC)
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        for outcome in report.outcomes:
            wish = by_path[outcome.path]
            row = _deployment_row(session, wish.content_id)
            previous = row.example_version.tag if row.example_version else None
            if outcome.status in ("deployed", "unchanged"):
                row.status, row.status_reason = "deployed", None
                row.example_version_id, row.digest = wish.version_id, wish.digest
                row.is_customized, row.customized_files = False, None
                if outcome.status == "deployed":
                    row.commit_sha, row.deployed_at = report.commit, now
            else:
                row.status, row.status_reason = "failed", outcome.reason
            if outcome.status != "unchanged":
                session.add(
                    DeploymentEvent(
                        course_id=course.id,
                        content_path=outcome.path,
                        event=outcome.status,
                        example_identifier=outcome.example,
                        from_version=previous,
                        to_version=outcome.version,
                        commit_sha=report.commit if outcome.status == "deployed" else None,
                        actor=actor,
                        details={"written": outcome.written, "removed": outcome.removed, "reason": outcome.reason},
                    )
                )


def _record_failure(app: App, slug: str, wishes: list[Wish], reason: str, actor: str) -> None:
    """The repository could not be updated at all: every path of this run failed, for this reason."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        for wish in wishes:
            row = _deployment_row(session, wish.content_id)
            row.status, row.status_reason = "failed", reason
            session.add(
                DeploymentEvent(
                    course_id=course.id,
                    content_path=wish.path,
                    event="failed",
                    example_identifier=wish.identifier,
                    to_version=wish.version,
                    actor=actor,
                    details={"reason": reason},
                )
            )
