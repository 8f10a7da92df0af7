"""Whether anything analytics counts has changed since it last looked."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Course, DeploymentEvent


def change_marker(session: Session) -> str:
    """A string that changes whenever a deployment, update, scan or template build is recorded.

    History rows are never updated or deleted, so the newest id says whether any was added;
    template builds add no history row, so their newest time counts too.
    """
    last_event = session.scalar(sa.select(sa.func.max(DeploymentEvent.id))) or 0
    last_template = session.scalar(sa.select(sa.func.max(Course.template_built_at)))
    courses = session.scalar(sa.select(sa.func.count(Course.id))) or 0
    return f"events:{last_event}|templates:{last_template.isoformat() if last_template else '-'}|courses:{courses}"
