"""A course's deployments at a glance: the totals a front end shows, and a row per content.

The rows are `exlib status`'s (the repository is read for changes first, unless asked not to).
"""

from dataclasses import dataclass

from exlib_assets.core.app import App
from exlib_assets.core.updates.status import ContentStatus, CourseStatus, status_of_contents

PENDING = ("pending", "deploying", "not deployed")


@dataclass
class CourseOverview:
    course: str
    total_examples: int
    deployed: int
    pending: int
    failed: int
    updates_available: int
    customized: int
    status: CourseStatus


def course_overview(app: App, slug: str, *, refresh: bool = True) -> CourseOverview:
    status = status_of_contents(app, slug, refresh=refresh)
    rows: list[ContentStatus] = status.contents
    return CourseOverview(
        course=slug,
        total_examples=len(rows),
        deployed=sum(row.status == "deployed" for row in rows),
        pending=sum(row.status in PENDING for row in rows),
        failed=sum(row.status == "failed" for row in rows),
        updates_available=sum(row.update_available is not None for row in rows),
        customized=sum(bool(row.customized) for row in rows),
        status=status,
    )
