"""A course's audit trail: who did what, when, and in which commit, read from the history.

Every change writes a row: assignments (`assigned`, `unassigned`), deployments (`deployed`,
`merged`, `removed`, `failed`, `conflict`), updates (`update_available`, `proposed`,
`skipped`, `proposal_merged`, `proposal_closed`), rollbacks (deployed with purpose
`rollback`), lecturers' edits found by the scan (`customized`, `customization_gone`),
repairs (`repaired`), contributions back to the library (`contributed`,
`contribution_accepted`, `contribution_rejected`), student template releases
(`template_released`) and contents a template build held back (`template_held_back`, with
the reason). Rows are never changed or deleted.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.db.types import text_path_in_subtree


@dataclass
class HistoryEntry:
    at: datetime
    event: str
    path: str | None
    example: str | None
    change: str
    commit: str | None
    actor: str | None
    details: dict


def course_history(
    session: Session,
    slug: str,
    *,
    path: str | None = None,
    events: list[str] | None = None,
    limit: int | None = None,
) -> list[HistoryEntry]:
    """The newest first; `path` keeps a content and what is below it, `events` some kinds."""
    course = courses.require_course(session, slug)
    query = sa.select(DeploymentEvent).where(DeploymentEvent.course_id == course.id)
    if path is not None:
        courses.require_content(session, course, path)
        query = query.where(text_path_in_subtree(DeploymentEvent.content_path, path))
    if events:
        query = query.where(DeploymentEvent.event.in_(events))
    query = query.order_by(DeploymentEvent.at.desc(), DeploymentEvent.id.desc()).limit(limit)
    return [
        HistoryEntry(
            at=row.at,
            event=row.event,
            path=row.content_path,
            example=row.example_identifier,
            change=describe(row),
            commit=row.commit_sha,
            actor=row.actor,
            details=dict(row.details or {}),
        )
        for row in session.scalars(query)
    ]


def describe(row: DeploymentEvent) -> str:
    """What changed, in a few words."""
    details = row.details or {}
    if row.event in ("assigned", "unassigned"):
        before, after = details.get("from"), details.get("to")
        resolved = f" (now {details['resolves_to']})" if details.get("resolves_to") else ""
        return f"{before or 'nothing'} -> {after or 'nothing'}{resolved}"
    if row.event == "template_held_back":
        reason = (details.get("reason") or "").partition("\n")[0]
        return f"held back from the student template: {reason}"
    if row.event == "template_released":
        contents = details.get("contents") or []
        return f"{len(contents)} contents from assignments {(details.get('source_commit') or '')[:12]}"
    if row.event in ("customized", "customization_gone"):
        return ", ".join(details.get("files") or []) or "no local edits left"
    versions = f"{row.from_version or '-'} -> {row.to_version or '-'}"
    purpose = details.get("purpose")
    reason = details.get("reason")
    return versions + (f" ({purpose})" if purpose and purpose != "deploy" else "") + (f": {reason}" if reason else "")
