"""A course family: the courses rolled forward from one another, semester after semester."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.db.models import Course


def course_family(session: Session, slug: str) -> list[dict]:
    """Every course linked to `slug` by roll-forward, oldest first, with the examples each holds
    and at which version."""
    course = courses.require_course(session, slug)
    root = course
    seen = {root.id}
    while root.rolled_from is not None and root.rolled_from.id not in seen:
        root = root.rolled_from
        seen.add(root.id)
    family, queue, visited = [], [root], set()
    while queue:
        member = queue.pop(0)
        if member.id in visited:
            continue
        visited.add(member.id)
        family.append(_describe(member))
        queue.extend(session.scalars(sa.select(Course).where(Course.rolled_from_id == member.id).order_by(Course.id)))
    return family


def _describe(course: Course) -> dict:
    examples = []
    for content in course.contents:
        row = content.deployment
        if row is not None and row.example_version is not None and row.status != "removed":
            examples.append(
                {
                    "path": content.path,
                    "example": row.example_version.example.identifier,
                    "version": row.example_version.tag,
                }
            )
    return {
        "slug": course.slug,
        "title": course.title,
        "rolled_from": course.rolled_from.slug if course.rolled_from else None,
        "examples": examples,
    }
