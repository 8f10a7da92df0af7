"""The database side of a deployment: status moves pending -> deploying -> deployed | failed
(or removed), and every change adds a history row. Customizations, the update flag and
proposals are brought up to date with it.

No row is left `deploying` by a run that ends, however it ends: `settled_on_exit` wraps
everything a run does after marking its rows, and turns the rows it still holds into `failed`
with the reason, whatever was raised (see in_flight.py for runs that die without a word).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Assignment, CourseContent, Deployment, DeploymentEvent, Example, ExampleVersion
from exlib_assets.core.deployments.in_flight import TRANSIENT_STATUSES, RunStamp
from exlib_assets.core.deployments.outcomes import CHANGING, DeployReport, PathOutcome
from exlib_assets.core.deployments.proposal_records import record_proposal
from exlib_assets.core.deployments.wanted import available_update
from exlib_assets.core.deployments.wishes import Wish
from exlib_assets.core.errors import ExlibError


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
        else:
            # The loader fills content.deployment, not its way back: without this, the session
            # (which holds objects weakly) lets the contents go and each row.content is read again,
            # with its assignment and example, one path at a time.
            set_committed_value(content.deployment, "content", content)
        rows[content.id] = content.deployment
    return rows


def mark_deploying(session: Session, wishes: list[Wish], stamp: RunStamp) -> None:
    for row in deployment_rows(session, wishes).values():
        stamp.put_on(row, "deploying")


@contextmanager
def settled_on_exit(app: App, report: DeployReport, wishes: list[Wish], actor: str) -> Iterator[None]:
    """Run the block; if it raises anything at all (our errors, a bug's RuntimeError, an OSError,
    a cancelled run's interrupt), every row of `wishes` this run still holds in a transient state
    becomes `failed` with the reason and a history row, and the exception goes on."""
    try:
        yield
    except BaseException as error:
        if report.dry_run:
            raise  # a preview marks no row
        try:
            record_failure(app, report, wishes, failure_reason(app, report, error), actor)
        except SQLAlchemyError as unrecorded:
            # The database itself failing is the likeliest cause here; keep the first error on top.
            error.add_note(
                f"the failure could not be recorded either ({type(unrecorded).__name__}); "
                f"`exlib check {report.course}` lists the rows left behind and `exlib repair` settles them"
            )
        raise


def failure_reason(app: App, report: DeployReport, error: BaseException) -> str:
    """What a row's status_reason says when its run ended on `error`; never a secret."""
    if isinstance(error, ExlibError):
        reason = str(error)  # written for the user already
    elif isinstance(error, Exception):
        reason = (
            f"the run stopped on an unexpected {type(error).__name__}: {error or 'no message'}. "
            "Nothing was lost; deploy again, and report this error if it comes back"
        )
    else:
        reason = f"the run was interrupted ({type(error).__name__}) before it recorded an outcome; deploy again"
    if report.commit and report.head == report.commit:
        reason += (
            f" (its commit {report.commit[:12]} had landed: `exlib repair {report.course}` or another deploy "
            "records what the repository now holds)"
        )
    return app.git_host.redact(reason)


def record_report(app: App, report: DeployReport, wishes: list[Wish], actor: str, purpose: str = "deploy") -> None:
    by_path = {wish.path: wish for wish in wishes}
    now = datetime.now(UTC)
    run = report.run_details()
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        rows = deployment_rows(session, wishes)
        versions = _versions_of(session, wishes)
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
                row.example_version, row.digest = versions[wish.version_id], wish.digest
                _mark_customized(row, outcome.local_edits, outcome.edited_in, now)
                if outcome.status != "unchanged" or unrecorded:
                    row.commit_sha, row.deployed_at = report.commit or report.head, now
            elif outcome.status == "proposed":
                # `main` is untouched: the folder still holds the version deployed before.
                row.status = "deployed"
                row.status_reason = _proposal_note(outcome)
                record_proposal(session, course, wish.content_id, wish.version_id, outcome, actor)
            else:
                row.status, row.status_reason = "failed", outcome.reason
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


def _versions_of(session: Session, wishes: list[Wish]) -> dict[int, ExampleVersion]:
    """The version each wish deploys, by id, read in one query: one per path made a batch of 500
    spend most of its recording time on them."""
    ids = {wish.version_id for wish in wishes if wish.version_id is not None}
    return {
        version.id: version for version in session.scalars(sa.select(ExampleVersion).where(ExampleVersion.id.in_(ids)))
    }


def _proposal_note(outcome: PathOutcome) -> str:
    note = f"{outcome.from_version} stays deployed; the update to {outcome.version} is proposed"
    note += f" on branch {outcome.branch}"
    if outcome.merge_request_url:
        note += f" ({outcome.merge_request_url})"
    return note + (f"; {outcome.reason}" if outcome.reason else "")


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
    """The run ended before recording its outcome: every path it still holds failed, for this reason.

    Rows another run has taken over since (a newer batch) are left to that run.
    """
    run = report.run_details()
    with app.db.session() as session:
        course = courses.require_course(session, report.course)
        rows = deployment_rows(session, wishes)
        for wish in wishes:
            row = rows[wish.content_id]
            if row.status not in TRANSIENT_STATUSES or row.run_batch != report.batch:
                continue
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
