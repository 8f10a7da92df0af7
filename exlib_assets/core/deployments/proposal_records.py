"""The database side of update proposals: one open proposal per content, the newest version."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Course, UpdateProposal
from exlib_assets.core.deployments.outcomes import PathOutcome


def record_proposal(
    session: Session, course: Course, content_id: int, version_id: int, outcome: PathOutcome, actor: str
) -> None:
    """Record (or refresh) the proposal `outcome` describes; an open proposal of an older version
    of the same content is superseded (its branch stays: it may hold the lecturer's work)."""
    open_ones = session.scalars(
        sa.select(UpdateProposal).where(UpdateProposal.content_id == content_id, UpdateProposal.status == "open")
    ).all()
    proposal = next((p for p in open_ones if p.branch == outcome.branch), None)
    now = datetime.now(UTC)
    for older in open_ones:
        if older is not proposal:
            older.status, older.resolved_at = "superseded", now
    if proposal is None:
        proposal = UpdateProposal(course_id=course.id, content_id=content_id, branch=outcome.branch, status="open")
        session.add(proposal)
    proposal.content_path = outcome.path
    proposal.example_identifier = outcome.example
    proposal.from_version = outcome.from_version
    proposal.to_version = outcome.version
    proposal.to_version_id = version_id
    proposal.reason = "conflicts" if outcome.conflicts else "review"
    proposal.conflicts = list(outcome.conflicts)
    proposal.files = sorted({*outcome.written, *outcome.removed})
    proposal.commit_sha = outcome.branch_commit
    proposal.merge_request_url = outcome.merge_request_url
    proposal.actor = actor


def open_proposals(session: Session, course: Course) -> list[UpdateProposal]:
    return list(
        session.scalars(
            sa.select(UpdateProposal)
            .where(UpdateProposal.course_id == course.id, UpdateProposal.status == "open")
            .order_by(UpdateProposal.content_path)
        )
    )
