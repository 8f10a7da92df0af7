"""Make a course's assignments repository hold what its contents are assigned, in one commit.

The steps of the original design's `deploy_examples_to_course`: validate the request, fetch
the versions from the library, prepare the repository, deploy each example, resolve its
dependencies to where they are deployed in the course, commit and push once, update the state.
One failing path does not stop the others; nothing a lecturer changed is overwritten unless
they asked for it.
"""

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from exlib_assets.core import catalog, courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome, Progress
from exlib_assets.core.deployments.recording import mark_deploying, record_failure, record_report
from exlib_assets.core.deployments.tracking import (
    DEPLOYED_INDEX,
    TRACKING_FILE,
    Tracking,
    append_history,
    course_index,
    files_on_disk,
    local_changes,
    read_tracking,
)
from exlib_assets.core.deployments.wishes import Wish, read_wishes
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.storage import META_FILE


def deploy_course(
    app: App,
    slug: str,
    paths: list[str] | None = None,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    with_dependencies: bool = False,
    actor: str = "exlib",
    progress: Progress | None = None,
) -> DeployReport:
    """Deploy the wishes of course `slug` (every content, or those at `paths`) in one commit."""
    wishes = _read_wishes(app, slug, paths, with_dependencies, dry_run, actor)
    report = DeployReport(course=slug, dry_run=dry_run)
    workspaces = app.settings.home / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    url = app.git_host.push_url(courses.repository_names(slug)["assignments"])
    library_files = _LibraryFiles(app)

    def attempt(workspace: GitWorkspace, number: int) -> bool:
        deployed_at = datetime.now(UTC).isoformat(timespec="seconds")
        report.outcomes = []
        for done, wish in enumerate(wishes, 1):
            if wish.remove:
                outcome = _remove_one(workspace.folder, wish, overwrite, dry_run)
            else:
                outcome = _deploy_one(library_files, workspace.folder, wish, overwrite, dry_run, deployed_at)
            report.outcomes.append(outcome)
            if progress and number == 0:
                progress(outcome, done, len(wishes))
        if dry_run:
            return False
        report.commit = _commit(workspace, report, actor, deployed_at)
        return report.commit is not None

    # A fresh working copy per run: runs of one course never share a folder.
    with tempfile.TemporaryDirectory(prefix=f"{slug}-", dir=workspaces) as folder:
        try:
            workspace, report.push_retries = redo_until_pushed(
                url, Path(folder), attempt, what=f"deploy to course {slug}"
            )
            report.head = workspace.head()
        except ExlibError as error:
            if not dry_run:
                record_failure(app, slug, wishes, str(error), actor)
            raise
    if not dry_run:
        record_report(app, report, wishes, actor)
    return report


def _read_wishes(
    app: App, slug: str, paths: list[str] | None, with_dependencies: bool, dry_run: bool, actor: str
) -> list[Wish]:
    with app.db.session() as session:
        library = catalog.get_or_create_library(session, app.storage.library)
        course = courses.require_course(session, slug)
        wishes = read_wishes(session, library, course, paths, with_dependencies=with_dependencies, actor=actor)
        if dry_run:
            # A preview shows the dependencies it would assign, but assigns nothing.
            session.rollback()
        else:
            mark_deploying(session, wishes)
        return wishes


class _LibraryFiles:
    """Each version's files, read from storage once per run however often the push is retried."""

    def __init__(self, app: App):
        self._app = app
        self._read: dict[tuple[str, str], dict[str, bytes]] = {}

    def get(self, wish: Wish) -> dict[str, bytes]:
        key = (wish.identifier, wish.version)
        if key not in self._read:
            files = self._app.storage.read_version(*key)
            if manifest_digest(build_manifest(files)) != wish.digest:
                raise ExlibError(
                    f"{wish.identifier}@{wish.version} in storage no longer matches its index digest; "
                    "storage was changed by hand: restore it, or re-import the example under a new version."
                )
            self._read[key] = files
        return self._read[key]


def _deploy_one(
    library_files: _LibraryFiles, repository: Path, wish: Wish, overwrite: bool, dry_run: bool, deployed_at: str
) -> PathOutcome:
    outcome = PathOutcome(
        wish.path,
        "failed",
        wish.identifier,
        wish.version,
        dependencies=wish.dependencies,
        digest=wish.digest,
        added_for=wish.added_for,
    )
    if wish.dependency_problem:
        outcome.reason = wish.dependency_problem
        return outcome
    folder = repository / folder_of(wish.path)
    existing = read_tracking(folder)
    present = files_on_disk(folder)
    if _already_there(present, existing, wish):
        # The deployed files are a function of the version, the path and the dependency links:
        # when those match and nothing was edited, storage need not even be read.
        outcome.status = "unchanged"
        return outcome
    try:
        files = library_files.get(wish)
    except ExlibError as error:
        outcome.reason = str(error)
        return outcome

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


def _already_there(present: dict[str, str], existing: Tracking | None, wish: Wish) -> bool:
    return (
        existing is not None
        and (existing.example_id, existing.digest, existing.content_path) == (wish.identifier, wish.digest, wish.path)
        and existing.dependencies == wish.dependencies
        and not local_changes(present, existing)
    )


def _conflict(existing: Tracking | None, present: dict[str, str], folder: Path, wish: Wish) -> str | None:
    if existing is None:
        return f"{folder.name}/ holds {len(present)} files not from the library" if present else None
    if existing.example_id != wish.identifier:
        return f"{folder.name}/ holds another example, {existing.example_id}@{existing.example_version}"
    return _local_edits(folder, present, existing)


def _local_edits(folder: Path, present: dict[str, str], existing: Tracking) -> str | None:
    changes = local_changes(present, existing)
    if changes:
        return f"{folder.name}/ holds local edits ({', '.join(changes[:5])}{', ...' if len(changes) > 5 else ''})"
    return None


def _remove_one(repository: Path, wish: Wish, overwrite: bool, dry_run: bool) -> PathOutcome:
    """Take out what exlib deployed at an unassigned content; files it did not deploy stay."""
    outcome = PathOutcome(wish.path, "unchanged", wish.identifier, wish.version)
    folder = repository / folder_of(wish.path)
    existing = read_tracking(folder)
    if existing is None:
        outcome.reason = "nothing deployed there any more"
        return outcome
    present = files_on_disk(folder)
    edits = _local_edits(folder, present, existing)
    if edits and not overwrite:
        outcome.status = "conflict"
        outcome.reason = edits + "; deploy with overwrite to remove it anyway"
        return outcome
    outcome.status = "removed"
    outcome.removed = sorted(present)
    if dry_run:
        return outcome
    for relpath in [*outcome.removed, TRACKING_FILE]:
        (folder / relpath).unlink()
    _prune_empty_folders(folder, repository)
    return outcome


def _prune_empty_folders(folder: Path, repository: Path) -> None:
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    while folder != repository and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _commit(workspace: GitWorkspace, report: DeployReport, actor: str, deployed_at: str) -> str | None:
    changed = [o for o in report.outcomes if o.status in ("deployed", "removed")]
    if not changed:
        return None
    repository = workspace.folder
    (repository / DEPLOYED_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (repository / DEPLOYED_INDEX).write_text(course_index(repository))
    append_history(
        repository,
        [
            {
                "at": deployed_at,
                "by": actor,
                "action": o.status,
                "path": o.path,
                "example_id": o.example,
                "example_version": o.version,
            }
            for o in changed
        ],
    )
    lines = "\n".join(
        f"- {o.path}: {o.example}@{o.version}" + (" (removed)" if o.status == "removed" else "") for o in changed
    )
    message = f"Deploy {len(changed)} path(s) from the Example Library\n\n{lines}\n\nRequested-by: {actor}\n"
    return workspace.commit_all(message, author_name="exlib", author_email="exlib@localhost")
