"""The database side of a deployment: status moves pending -> deploying -> deployed | failed
(or removed), and every change adds a history row. Customizations, the update flag and
proposals are brought up to date with it."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Assignment, CourseContent, Deployment, DeploymentEvent, Example, ExampleVersion
from exlib_assets.core.deployments.outcomes import CHANGING, DeployReport
from exlib_assets.core.deployments.wishes import Wish
from exlib_assets.core.updates.proposal_records import record_proposal
from exlib_assets.core.updates.wanted import available_update


def deployment_rows(session: Session, wishes: list[Wish]) -> dict[int, Deployment]:
    """The deployment row of each wish's content by content id (a new pending row where there is
    none), read in one query with what recording looks at: not one query per path."""
    contents = session.scalars(
        sa.select(CourseContent)
        .where(CourseContent.id.in_({wish.content_id for wish in wishes}))
        .options(
            selectinload(CourseContent.deployment).selectinload(Deployment.example_version),
            selectinload(CourseContent.deployment).selectinload(Deployment.dismissed),
            selectinload(CourseContent.assignment).selectinload(Assignment.example).selectinload(Example.versions),
        )
    )
    rows = {}
    for content in contents:
        if content.deployment is None:
            session.add(Deployment(content=content, status="pending"))
        rows[content.id] = content.deployment
    return rows


def mark_deploying(session: Session, wishes: list[Wish]) -> None:
    for row in deployment_rows(session, wishes).values():
        row.status = "deploying"


def record_report(app: App, report: DeployReport, wishes: list[Wish], actor: str, purpose: str = "deploy") -> None:
    by_path = {wish.path: wish for wish in wishes}
    now = datetime.now(UTC)
    run = report.run_details()
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        rows = deployment_rows(session, wishes)
        for outcome in report.outcomes:
            wish = by_path[outcome.path]
            row = rows[wish.content_id]
            previous = row.example_version.tag if row.example_version else None
            # Found in place but never recorded: a run was killed after its push, before this step.
            # Recorded now, at the head this run found (which holds it), with its history row.
            unrecorded = (
                outcome.status == "unchanged"
                and not wish.remove
                and (row.example_version_id, row.digest) != (wish.version_id, wish.digest)
            )
            if outcome.status == "removed" or (wish.remove and outcome.status == "unchanged"):
                row.status, row.status_reason = "removed", None
                row.example_version, row.digest = None, None
                row.commit_sha, row.deployed_at = report.commit, now
                row.update_available, row.dismissed = None, None
                _mark_customized(row, [], None, now)
            elif outcome.status in ("deployed", "merged", "unchanged"):
                row.status, row.status_reason = "deployed", None
                row.example_version, row.digest = session.get(ExampleVersion, wish.version_id), wish.digest
                _mark_customized(row, outcome.local_edits, outcome.edited_in, now)
                if outcome.status != "unchanged" or unrecorded:
                    row.commit_sha, row.deployed_at = report.commit or report.head, now
            elif outcome.status == "proposed":
                row.status_reason = f"update to {outcome.version} proposed on branch {outcome.branch}"
                record_proposal(session, course, wish.content_id, wish.version_id, outcome, actor)
            else:
                row.status, row.status_reason = "failed", outcome.reason
            session.flush()
            row.update_available = available_update(row.content.assignment, row)
            if outcome.status != "unchanged" or unrecorded:
                session.add(
                    DeploymentEvent(
                        course_id=course.id,
                        content_path=outcome.path,
                        event="deployed" if unrecorded else outcome.status,
                        example_identifier=outcome.example,
                        from_version=previous,
                        to_version=None if wish.remove else outcome.version,
                        commit_sha=report.head
                        if unrecorded
                        else report.commit
                        if outcome.status in CHANGING
                        else outcome.branch_commit,
                        actor=actor,
                        details={
                            "purpose": purpose,
                            "written": outcome.written,
                            "removed": outcome.removed,
                            "reason": outcome.reason,
                            "added_for": wish.added_for,
                            "kept_local": outcome.kept_local,
                            "conflicts": outcome.conflicts,
                            "branch": outcome.branch,
                            "merge_request_url": outcome.merge_request_url,
                            **run,
                        },
                    )
                )


def _mark_customized(row: Deployment, edits: list[str], commit: str | None, now: datetime) -> None:
    """Record the lecturer's changes a deployed folder holds (none clears the mark)."""
    if edits and not row.is_customized:
        row.customized_at = now
    row.is_customized = bool(edits)
    row.customized_files = list(edits) or None
    row.customized_commit = commit if edits else None
    if not edits:
        row.customized_at = None


def record_failure(app: App, report: DeployReport, wishes: list[Wish], reason: str, actor: str) -> None:
    """The repository could not be updated at all: every path of this run failed, for this reason."""
    run = report.run_details()
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        rows = deployment_rows(session, wishes)
        for wish in wishes:
            row = rows[wish.content_id]
            row.status, row.status_reason = "failed", reason
            session.add(
                DeploymentEvent(
                    course_id=course.id,
                    content_path=wish.path,
                    event="failed",
                    example_identifier=wish.identifier,
                    to_version=None if wish.remove else wish.version,
                    actor=actor,
                    details={"reason": reason, **run},
                )
            )
