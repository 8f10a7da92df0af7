"""Make a course's assignments repository hold what its contents are assigned, in one commit.

The steps of the original design's `deploy_examples_to_course`: validate the request, fetch
the versions from the library, prepare the repository, deploy each example, resolve its
dependencies to where they are deployed in the course, commit and push once, update the state.
One failing path does not stop the others; nothing a lecturer changed is overwritten unless
they asked for it.
"""

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.collector import older_objects_set_aside
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.deployments import course_index
from exlib_assets.core.deployments.changes import FolderChange, apply_change
from exlib_assets.core.deployments.in_flight import RunStamp
from exlib_assets.core.deployments.library_files import LibraryFiles
from exlib_assets.core.deployments.merge import merge_folder
from exlib_assets.core.deployments.outcomes import CHANGING, DeployReport, PathOutcome, Progress, listed
from exlib_assets.core.deployments.proposals import branch_name, push_proposals
from exlib_assets.core.deployments.recording import mark_deploying, record_report, settled_on_exit
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import (
    METADATA_DIR,
    Tracking,
    append_history,
    files_on_disk,
    local_changes,
    read_tracking,
)
from exlib_assets.core.deployments.wishes import Wish, read_wishes
from exlib_assets.core.deployments.working_copies import working_copy_folder
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.failpoints import failpoint
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.manifest import build_manifest, file_sha256
from exlib_assets.core.verification.policy import refuse_unverified
from exlib_assets.core.working_copy_writer import WorkingCopyWriter


@older_objects_set_aside()
def deploy_course(app: App, request: DeployRequest, progress: Progress | None = None) -> DeployReport:
    """Deploy what `request` asks of its course (every content, or those at its paths) in one commit.

    `progress` is told about each path as it is prepared.
    """
    report = DeployReport(course=request.course, dry_run=request.dry_run)
    wishes = _read_wishes(app, request, report.batch)
    with settled_on_exit(app, report, wishes, request.actor):
        _deploy(app, report, wishes, request, progress)
    return report


def _deploy(
    app: App, report: DeployReport, wishes: list[Wish], request: DeployRequest, progress: Progress | None
) -> None:
    """Write, commit, push and record `wishes`; the caller settles the rows if this raises."""
    slug, dry_run = report.course, request.dry_run
    repository = courses.repository_names(slug)["assignments"]
    url = app.git_host.push_url(repository)
    library_files = LibraryFiles(app)
    changes: dict[str, FolderChange] = {}

    def attempt(workspace: GitWorkspace, number: int) -> bool:
        deployed_at = datetime.now(UTC).isoformat(timespec="seconds")
        report.outcomes, report.notes = [], []
        changes.clear()
        # git stores what is written while the rest is being planned and written (blob_pack.py).
        with workspace.packing() as pack:
            for done, wish in enumerate(wishes, 1):
                strategy = request.strategy_for(wish.path)
                if wish.remove:
                    outcome, change = _plan_removal(workspace.folder, wish, strategy == "overwrite")
                else:
                    outcome, change = _plan(library_files, workspace.folder, wish, strategy, deployed_at)
                if outcome.local_edits:
                    outcome.edited_in = workspace.last_commit(folder_of(wish.path))
                if change is not None:
                    changes[wish.path] = change
                    if _goes_to_a_branch(outcome, request.proposals):
                        outcome.status, outcome.branch = "proposed", branch_name(wish.path, wish.version)
                    elif outcome.status in CHANGING and not dry_run:
                        apply_change(workspace.folder, change)
                        for data in change.write.values():
                            pack.add(data)
                report.outcomes.append(outcome)
                if progress and number == 0:
                    progress(outcome, done, len(wishes))
        if dry_run:
            return False
        failpoint("deploy.files_written")
        applied = [changes[o.path] for o in report.outcomes if o.status in CHANGING]
        report.commit = _commit(workspace, report, applied, request.actor, deployed_at, request.purpose)
        failpoint("deploy.committed")
        return report.commit is not None

    # Runs of one course never share a folder; a free one kept from an earlier run is reused.
    with working_copy_folder(app.settings.home / "workspaces", repository) as folder:
        workspace, report.push_retries = redo_until_pushed(url, Path(folder), attempt, what=f"deploy to course {slug}")
        report.head = workspace.head()
        failpoint("deploy.pushed")
        if not dry_run:
            push_proposals(app, workspace, report, changes, request.actor)
        # Everything written was committed (only= commits ignored files too; a removal prunes
        # the folders it empties): the next run here need not check every file again.
        workspace.mark_settled()
    if not dry_run:
        record_report(app, report, wishes, request.actor, request.purpose)
        failpoint("deploy.recorded")


def _goes_to_a_branch(outcome: PathOutcome, proposals: str) -> bool:
    if outcome.status == "conflict" and outcome.conflicts:
        return True  # a merge with conflicts: the lecturer settles them on a branch, main stays whole
    if outcome.status not in ("deployed", "merged") or outcome.from_version is None:
        return False  # not an update of something deployed: nothing to review
    return proposals == "all" or (proposals == "customized" and bool(outcome.local_edits))


def _read_wishes(app: App, request: DeployRequest, batch: str) -> list[Wish]:
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.require_course(session, request.course)
        wishes = read_wishes(
            session,
            library,
            course,
            list(request.paths) or None,
            with_dependencies=request.with_dependencies,
            actor=request.actor,
            targets=dict(request.targets),
        )
        wishes = refuse_unverified(session, course, wishes)
        if request.dry_run:
            # A preview shows the dependencies it would assign, but assigns nothing.
            session.rollback()
        else:
            mark_deploying(session, wishes, RunStamp.of_this_process(batch))
        return wishes


def _plan(
    library_files: LibraryFiles, repository: Path, wish: Wish, strategy: str, deployed_at: str
) -> tuple[PathOutcome, FolderChange | None]:
    """What deploying `wish` would change in its folder; nothing is written here."""
    outcome = PathOutcome(
        wish.path,
        "failed",
        wish.identifier,
        wish.version,
        dependencies=wish.dependencies,
        digest=wish.digest,
        added_for=wish.added_for,
    )
    if wish.problem:
        outcome.reason = wish.problem
        return outcome, None
    relative = folder_of(wish.path)
    folder = repository / relative
    outcome.reason = WorkingCopyWriter(repository).symlink_problem(relative)
    if outcome.reason:
        return outcome, None
    try:
        existing = read_tracking(folder, shown=relative)
    except ExlibError as error:  # a damaged tracking file fails its own path, not the run
        outcome.reason = str(error)
        return outcome, None
    present = files_on_disk(folder)
    if existing is not None:
        outcome.from_version = existing.example_version
        outcome.local_edits = local_changes(present, existing)
    if _already_there(existing, wish) and not (outcome.local_edits and strategy == "overwrite"):
        # The deployed files are a function of the version, the path and the dependency links:
        # when those match, storage need not even be read. Local edits stay: they are the
        # lecturer's, and are recorded as a customization.
        outcome.status = "unchanged"
        return outcome, None
    try:
        theirs = library_files.as_deployed(wish.identifier, wish.version, wish.digest, wish.path, wish.dependencies)
    except ExlibError as error:
        outcome.reason = str(error)
        return outcome, None
    manifest = build_manifest(theirs)

    occupied = _occupied(existing, present, folder, wish)
    if occupied and strategy != "overwrite":
        outcome.status, outcome.reason = "conflict", occupied + "; deploy with overwrite to replace it"
        return outcome, None
    target = theirs
    outcome.status = "deployed"
    if outcome.local_edits and not occupied and strategy != "overwrite":
        if strategy == "keep":
            outcome.status = "conflict"
            outcome.reason = (
                f"{folder.name}/ holds local edits ({listed(outcome.local_edits)}); "
                "update with strategy merge to keep them, or overwrite to replace them"
            )
            return outcome, None
        try:
            base = library_files.as_tracked(existing)
        except ExlibError as error:
            outcome.reason = f"cannot merge: the deployed version is not readable ({error})"
            return outcome, None
        ours = {relpath: (folder / relpath).read_bytes() for relpath in present}
        labels = ("yours", f"deployed {existing.example_version}", f"library {wish.version}")
        merged = merge_folder(base, ours, theirs, labels=labels)
        target = merged.files
        outcome.kept_local = merged.kept_local
        outcome.conflicts = [conflict.describe() for conflict in merged.conflicts]
        if not merged.clean:
            outcome.status = "conflict"
            outcome.reason = f"{len(merged.conflicts)} file(s) changed both here and in the library: " + ", ".join(
                outcome.conflicts
            )
        else:
            outcome.status = "merged"

    outcome.written = sorted(p for p, content in target.items() if present.get(p) != file_sha256(content))
    outcome.removed = sorted(p for p in present if p not in target)
    tracking = Tracking(
        example_id=wish.identifier,
        example_version=wish.version,
        digest=wish.digest,
        content_path=wish.path,
        deployed_at=deployed_at,
        files=manifest,
        dependencies=wish.dependencies,
    )
    if outcome.status == "merged":
        # What stays customized: the lecturer's files that differ from the new version.
        outcome.local_edits = local_changes({p: file_sha256(c) for p, c in target.items()}, tracking)
    elif outcome.status == "deployed":
        outcome.local_edits = []
    if not outcome.written and not outcome.removed and _same_deployment(existing, tracking):
        outcome.status = "unchanged"
        return outcome, None
    change = FolderChange(relative, {p: target[p] for p in outcome.written}, outcome.removed, tracking)
    return outcome, change


def _already_there(existing: Tracking | None, wish: Wish) -> bool:
    return (
        existing is not None
        and (existing.example_id, existing.digest, existing.content_path) == (wish.identifier, wish.digest, wish.path)
        and existing.dependencies == wish.dependencies
    )


def _same_deployment(existing: Tracking | None, new: Tracking) -> bool:
    return existing is not None and dataclasses.replace(existing, deployed_at=new.deployed_at) == new


def _occupied(existing: Tracking | None, present: dict[str, str], folder: Path, wish: Wish) -> str | None:
    """Why the folder holds something that is not an earlier version of this example, if it does."""
    if existing is None:
        return f"{folder.name}/ holds {len(present)} files not from the library" if present else None
    if existing.example_id != wish.identifier:
        return f"{folder.name}/ holds another example, {existing.example_id}@{existing.example_version}"
    return None


def _plan_removal(repository: Path, wish: Wish, overwrite: bool) -> tuple[PathOutcome, FolderChange | None]:
    """Take out what exlib deployed at an unassigned content; files it did not deploy stay."""
    outcome = PathOutcome(wish.path, "unchanged", wish.identifier, wish.version)
    relative = folder_of(wish.path)
    folder = repository / relative
    outcome.reason = WorkingCopyWriter(repository).symlink_problem(relative)
    if outcome.reason:
        outcome.status = "failed"
        return outcome, None
    try:
        existing = read_tracking(folder, shown=relative)
    except ExlibError as error:
        outcome.status, outcome.reason = "failed", str(error)
        return outcome, None
    if existing is None:
        outcome.reason = "nothing deployed there any more"
        return outcome, None
    present = files_on_disk(folder)
    outcome.from_version = existing.example_version
    outcome.local_edits = local_changes(present, existing)
    if outcome.local_edits and not overwrite:
        outcome.status = "conflict"
        outcome.reason = (
            f"{folder.name}/ holds local edits ({listed(outcome.local_edits)}); "
            "deploy with overwrite to remove it anyway"
        )
        return outcome, None
    outcome.status = "removed"
    outcome.removed = sorted(present)
    return outcome, FolderChange(relative, {}, outcome.removed, None)


def _commit(
    workspace: GitWorkspace,
    report: DeployReport,
    applied: list[FolderChange],
    actor: str,
    deployed_at: str,
    purpose: str,
) -> str | None:
    changed = [o for o in report.outcomes if o.status in CHANGING]
    if not changed:
        return None
    repository = workspace.folder
    folders = course_index.refresh(repository, course_index.index_folders(workspace), course_index.changed_by(applied))
    course_index.write_index(repository, folders)
    note = append_history(
        repository,
        [
            {
                "at": deployed_at,
                "by": actor,
                "action": o.status,
                "purpose": purpose,
                "path": o.path,
                "example_id": o.example,
                "example_version": o.version,
            }
            for o in changed
        ],
    )
    lines = "\n".join(f"- {o.path}: {o.describe()}" for o in changed)
    if note:
        report.notes.append(note)
        lines += f"\n\nNote: {note}"
    title = COMMIT_TITLES.get(purpose, "Deploy {n} path(s) from the Example Library").format(n=len(changed))
    message = f"{title}\n\n{lines}\n\nRequested-by: {actor}\n"
    # The working copy matched the remote before this run wrote (clone_or_fetch), and the run
    # writes only in the folders it changed and in the course metadata.
    written = [METADATA_DIR, *sorted({change.folder for change in applied})]
    commit = workspace.commit_all(message, author_name="exlib", author_email="exlib@localhost", only=written)
    if commit is not None:
        course_index.remember(repository, commit, folders)
    return commit


COMMIT_TITLES = {
    "update": "Update {n} path(s) from the Example Library",
    "rollback": "Roll back {n} path(s) to an earlier version",
}
