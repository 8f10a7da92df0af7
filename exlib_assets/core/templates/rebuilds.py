"""Which courses' templates are out of date: the fan-in from deployments to templates."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Course, DeploymentEvent

# Events that change the assignments repository.
CHANGING_EVENTS = ("deployed", "merged", "removed")


@dataclass(frozen=True)
class PendingRebuilds:
    # Course slug -> the newest history row that changed its repository.
    courses: dict[str, int]
    # The newest history row looked at; the next look starts after it.
    last_event_id: int


def pending_rebuilds(session: Session, after_event_id: int) -> PendingRebuilds:
    """Courses whose template policy is `auto` and whose repository changed after `after_event_id`.

    Only those courses: a change in one course never rebuilds another's template.
    """
    last = session.scalar(sa.select(sa.func.max(DeploymentEvent.id))) or after_event_id
    rows = session.execute(
        sa.select(Course.slug, sa.func.max(DeploymentEvent.id))
        .join(DeploymentEvent, DeploymentEvent.course_id == Course.id)
        .where(
            DeploymentEvent.id > after_event_id,
            DeploymentEvent.id <= last,
            DeploymentEvent.event.in_(CHANGING_EVENTS),
            Course.template_policy == "auto",
        )
        .group_by(Course.slug)
        .order_by(Course.slug)
    )
    return PendingRebuilds(dict(rows.all()), max(last, after_event_id))
