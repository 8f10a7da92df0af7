"""Reading what happened in a course's assignments repository since the last look.

A bare mirror under EXLIB_HOME/mirrors is brought up to date with `git fetch` (only new
objects travel), and only the deployed folders touched by commits after the last scanned one
are read again. For each of those the files on `main` are compared with the tracking file:
a lecturer's edits mark the deployment customized (with the commit that made them); a tracking
file naming another version (a merged proposal, a revert) moves the database's mirror of the
deployment along. Open proposals whose branch was merged or deleted are closed.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

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
    UpdateProposal,
)
from exlib_assets.core.deployments.proposal_records import open_proposals
from exlib_assets.core.deployments.proposals import BRANCH_PREFIX
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking, local_changes, own_files, parse_tracking
from exlib_assets.core.deployments.wanted import available_update
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost.mirror import RepositoryMirror
from exlib_assets.core.manifest import file_sha256


@dataclass
class ScanReport:
    course: str
    head: str | None = None
    # Where the previous scan stopped; None when this one read everything.
    since: str | None = None
    files_changed: int = 0
    # Deployed folders read again because a commit touched them.
    folders_read: list[str] = field(default_factory=list)
    customized: list[str] = field(default_factory=list)
    no_longer_customized: list[str] = field(default_factory=list)
    # Deployments whose version changed on main outside exlib's own runs (a merged proposal).
    followed: list[str] = field(default_factory=list)
    proposals_merged: list[str] = field(default_factory=list)
    proposals_closed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def mirror_of(app: App, slug: str) -> RepositoryMirror:
    name = courses.repository_names(slug)["assignments"]
    return RepositoryMirror(app.git_host.push_url(name), app.settings.home / "mirrors" / f"{name}.git")


def scan_course(app: App, slug: str) -> ScanReport:
    """Fetch course `slug`'s assignments repository and bring customizations, deployed versions
    and proposals in the database up to date with what changed on it since the last scan."""
    report = ScanReport(slug)
    mirror = mirror_of(app, slug)
    mirror.fetch()
    report.head = mirror.head()
    now = datetime.now(UTC)
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        if report.head is not None and report.head != course.scanned_commit:
            since = course.scanned_commit
            # A rewritten history (force push) cannot be read incrementally: read it all once.
            report.since = since if since and mirror.is_ancestor(since, report.head) else None
            changed = mirror.changed_files(report.since, report.head)
            report.files_changed = len(changed)
            _read_touched_folders(session, course, mirror, report, changed, now)
            course.scanned_commit, course.scanned_at = report.head, now
        _follow_proposals(app, session, course, mirror, report, now)
    return report


def _read_touched_folders(
    session: Session, course: Course, mirror: RepositoryMirror, report: ScanReport, changed: list[str], now: datetime
) -> None:
    rows = _deployed_rows(session, course)
    folders = {folder_of(content.path): (content, row) for content, row in rows}
    if report.since is None:
        touched = sorted(folders)
    else:
        changed_below = {folder for path in changed for folder in _folders_above(path)}
        touched = sorted(folder for folder in folders if folder in changed_below)
    if not touched:
        return
    # One tree listing and one blob read for the whole course, not one per folder: a first scan
    # of a course with 50 deployments is two git processes, not a hundred.
    tree = mirror.files_under(report.head, "")
    listings = _listings(tree, touched)
    blobs = mirror.read_blobs({sha for listing in listings.values() for sha in listing.values()})
    for folder in touched:
        content, row = folders[folder]
        report.folders_read.append(content.path)
        try:
            _read_folder(session, course, mirror, report, folder, listings[folder], blobs, content, row, now)
        except (ExlibError, ValueError, TypeError, KeyError) as error:
            report.problems.append(f"{content.path}: {error}")


def _listings(tree: dict[str, str], folders: list[str]) -> dict[str, dict[str, str]]:
    """Each of `folders` -> every file of `tree` below it (path inside it -> blob id), a nested
    content's files included. One pass over the tree, each file handed to the folders above it:
    a pass over the tree per folder made a first scan of a course of thousands of contents cost
    contents x files."""
    listings: dict[str, dict[str, str]] = {folder: {} for folder in folders}
    for path, sha in tree.items():
        for folder in _folders_above(path):
            listing = listings.get(folder)
            if listing is not None:
                listing[path[len(folder) + 1 :]] = sha
    return listings


def _folders_above(path: str) -> Iterator[str]:
    """Every folder `path` lies in: a/b/c.txt -> a, a/b."""
    end = path.find("/")
    while end != -1:
        yield path[:end]
        end = path.find("/", end + 1)


def _read_folder(
    session: Session,
    course: Course,
    mirror: RepositoryMirror,
    report: ScanReport,
    folder: str,
    listing: dict[str, str],
    blobs: dict[str, bytes],
    content: CourseContent,
    row: Deployment,
    now: datetime,
) -> None:
    head = report.head
    if TRACKING_FILE not in listing:
        report.problems.append(
            f"{content.path}: {folder}/{TRACKING_FILE} is gone from main; `exlib check {course.slug}` says more"
        )
        return
    try:
        tracking = parse_tracking(blobs[listing[TRACKING_FILE]], folder)
    except ExlibError as error:
        report.problems.append(f"{content.path}: {error}")
        return
    present = {path: file_sha256(blobs[sha]) for path, sha in own_files(listing).items()}
    edits = local_changes(present, tracking)

    deployed = row.example_version
    if (tracking.example_id, tracking.digest) != (deployed.example.identifier, row.digest):
        _follow(session, course, mirror, report, folder, content, row, tracking)
    if edits != (row.customized_files or []):
        if edits:
            report.customized.append(content.path)
            row.customized_commit = mirror.last_commit_touching(report.since, head, folder) or row.customized_commit
            row.customized_at = row.customized_at or now
        else:
            report.no_longer_customized.append(content.path)
            row.customized_commit, row.customized_at = None, None
        row.is_customized, row.customized_files = bool(edits), edits or None
        session.add(
            DeploymentEvent(
                course_id=course.id,
                content_path=content.path,
                event="customized" if edits else "customization_gone",
                example_identifier=tracking.example_id,
                to_version=tracking.example_version,
                commit_sha=row.customized_commit or head,
                actor="exlib",
                details={"files": edits},
            )
        )


def _follow(
    session: Session,
    course: Course,
    mirror: RepositoryMirror,
    report: ScanReport,
    folder: str,
    content: CourseContent,
    row: Deployment,
    tracking: Tracking,
) -> None:
    """main holds another version than the database says: someone merged a proposal (or reverted)."""
    library = row.example_version.example.library
    example = library_index.find_example(session, library, tracking.example_id)
    version = library_index.find_version(example, tracking.example_version) if example else None
    if version is None or version.digest != tracking.digest:
        report.problems.append(
            f"{content.path}: main holds {tracking.example_id}@{tracking.example_version}, which the library does not "
            "have with that digest; `exlib check` and `exlib repair` sort it out"
        )
        return
    previous = row.example_version.tag
    commit = mirror.last_commit_touching(report.since, report.head, folder)
    row.example_version, row.digest, row.status, row.status_reason = version, tracking.digest, "deployed", None
    row.commit_sha, row.deployed_at = commit, datetime.fromisoformat(tracking.deployed_at)
    row.update_available = available_update(content.assignment, row)
    report.followed.append(content.path)
    session.add(
        DeploymentEvent(
            course_id=course.id,
            content_path=content.path,
            event="deployed",
            example_identifier=tracking.example_id,
            from_version=previous,
            to_version=tracking.example_version,
            commit_sha=commit,
            actor="exlib",
            details={"purpose": "merged in the repository"},
        )
    )


def _follow_proposals(
    app: App, session: Session, course: Course, mirror: RepositoryMirror, report: ScanReport, now: datetime
) -> None:
    proposals = open_proposals(session, course)
    if not proposals:
        return
    branches = mirror.branches(BRANCH_PREFIX)
    repository = courses.repository_names(course.slug)["assignments"]
    for proposal in proposals:
        row = session.scalar(sa.select(Deployment).where(Deployment.content_id == proposal.content_id))
        landed = row is not None and row.example_version_id == proposal.to_version_id
        if landed or _merged(mirror, report.head, branches.get(proposal.branch)):
            proposal.status, proposal.resolved_at = "merged", now
            report.proposals_merged.append(proposal.branch)
        elif (
            proposal.branch not in branches or app.git_host.merge_request_state(repository, proposal.branch) == "closed"
        ):
            proposal.status, proposal.resolved_at = "closed", now
            report.proposals_closed.append(proposal.branch)
        else:
            continue
        _record_proposal_end(session, course, proposal)


def _merged(mirror: RepositoryMirror, head: str | None, branch_head: str | None) -> bool:
    return head is not None and branch_head is not None and mirror.is_ancestor(branch_head, head)


def _record_proposal_end(session: Session, course: Course, proposal: UpdateProposal) -> None:
    session.add(
        DeploymentEvent(
            course_id=course.id,
            content_path=proposal.content_path,
            event=f"proposal_{proposal.status}",
            example_identifier=proposal.example_identifier,
            from_version=proposal.from_version,
            to_version=proposal.to_version,
            actor="exlib",
            details={"branch": proposal.branch, "merge_request_url": proposal.merge_request_url},
        )
    )


def _deployed_rows(session: Session, course: Course) -> list[tuple[CourseContent, Deployment]]:
    rows = session.execute(
        sa.select(CourseContent, Deployment)
        .join(Deployment, Deployment.content_id == CourseContent.id)
        .where(CourseContent.course_id == course.id, Deployment.example_version_id.is_not(None))
        # Every folder read compares its tracking file with the deployed version and its example:
        # loaded together, not one query per folder.
        .options(selectinload(Deployment.example_version).selectinload(ExampleVersion.example))
    )
    return [(content, row) for content, row in rows]
