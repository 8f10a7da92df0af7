"""The database side of a deployment: status moves pending -> deploying -> deployed | failed
(or removed), and every change adds a history row."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Deployment, DeploymentEvent
from exlib_assets.core.deployments.outcomes import DeployReport
from exlib_assets.core.deployments.wishes import Wish


def deployment_row(session: Session, content_id: int) -> Deployment:
    row = session.scalar(sa.select(Deployment).where(Deployment.content_id == content_id))
    if row is None:
        row = Deployment(content_id=content_id, status="pending")
        session.add(row)
    return row


def mark_deploying(session: Session, wishes: list[Wish]) -> None:
    for wish in wishes:
        deployment_row(session, wish.content_id).status = "deploying"


def record_report(app: App, report: DeployReport, wishes: list[Wish], actor: str) -> None:
    by_path = {wish.path: wish for wish in wishes}
    now = datetime.now(UTC)
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        for outcome in report.outcomes:
            wish = by_path[outcome.path]
            row = deployment_row(session, wish.content_id)
            previous = row.example_version.tag if row.example_version else None
            if outcome.status == "removed" or (wish.remove and outcome.status == "unchanged"):
                row.status, row.status_reason = "removed", None
                row.example_version_id, row.digest = None, None
                row.commit_sha, row.deployed_at = report.commit, now
                row.is_customized, row.customized_files = False, None
            elif outcome.status in ("deployed", "unchanged"):
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
                        to_version=None if wish.remove else outcome.version,
                        commit_sha=report.commit if outcome.status in ("deployed", "removed") else None,
                        actor=actor,
                        details={
                            "written": outcome.written,
                            "removed": outcome.removed,
                            "reason": outcome.reason,
                            "added_for": wish.added_for,
                        },
                    )
                )


def record_failure(app: App, slug: str, wishes: list[Wish], reason: str, actor: str) -> None:
    """The repository could not be updated at all: every path of this run failed, for this reason."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        for wish in wishes:
            row = deployment_row(session, wish.content_id)
            row.status, row.status_reason = "failed", reason
            session.add(
                DeploymentEvent(
                    course_id=course.id,
                    content_path=wish.path,
                    event="failed",
                    example_identifier=wish.identifier,
                    to_version=None if wish.remove else wish.version,
                    actor=actor,
                    details={"reason": reason},
                )
            )
