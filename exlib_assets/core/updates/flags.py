"""The "update available" flag of every deployment, brought in line with the library.

Read from the database alone (no repository, no storage): a flag is set where a newer version
is wanted and cleared where it no longer holds (the update landed, was skipped, or the
constraint changed). The `flag_available_updates` run and `exlib status` call it; the sensor
only watches the few figures in `flag_signals` to know when a run is due.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core.db.models import (
    Assignment,
    Course,
    CourseContent,
    Deployment,
    DeploymentEvent,
    Example,
    ExampleVersion,
)
from exlib_assets.core.deployments.wanted import available_update


@dataclass(frozen=True)
class FlagChange:
    course: str
    path: str
    example: str
    deployed: str
    # The version now offered, or None when the flag was cleared.
    available: str | None


@dataclass
class FlagChanges:
    flagged: list[FlagChange] = field(default_factory=list)
    cleared: list[FlagChange] = field(default_factory=list)
    # Every deployment flagged after the refresh, by course: what a policy acts on.
    pending: dict[str, list[FlagChange]] = field(default_factory=dict)


def refresh_update_flags(session: Session, slug: str | None = None) -> FlagChanges:
    """Set or clear `update_available` on every deployment (of course `slug`, or all); each new
    flag adds an `update_available` history row."""
    changes = FlagChanges()
    for course, content, row in _deployments(session, slug):
        offered = available_update(content.assignment, row)
        change = FlagChange(
            course.slug,
            content.path,
            row.example_version.example.identifier,
            row.example_version.tag,
            offered.tag if offered else None,
        )
        if offered is not None:
            changes.pending.setdefault(course.slug, []).append(change)
        if (offered.id if offered else None) == row.update_available_version_id:
            continue
        row.update_available = offered
        if offered is None:
            changes.cleared.append(change)
            continue
        changes.flagged.append(change)
        session.add(
            DeploymentEvent(
                course_id=course.id,
                content_path=content.path,
                event="update_available",
                example_identifier=change.example,
                from_version=change.deployed,
                to_version=change.available,
                actor="exlib",
            )
        )
    session.flush()
    return changes


def _deployments(session: Session, slug: str | None):
    query = (
        sa.select(Course, CourseContent, Deployment)
        .join(CourseContent, CourseContent.course_id == Course.id)
        .join(Deployment, Deployment.content_id == CourseContent.id)
        .where(Deployment.example_version_id.is_not(None))
        .options(
            selectinload(Deployment.example_version).selectinload(ExampleVersion.example),
            selectinload(Deployment.dismissed),
            selectinload(CourseContent.assignment).selectinload(Assignment.example).selectinload(Example.versions),
        )
        .order_by(Course.slug, CourseContent.path)
    )
    if slug is not None:
        query = query.where(Course.slug == slug)
    return session.execute(query).all()
