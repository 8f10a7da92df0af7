"""A cheap fingerprint per course of everything its view shows, so a sensor can tell, without
building the view, which courses changed since it last looked."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Assignment, Course, CourseContent, Deployment, DeploymentEvent, UpdateProposal


def course_signals(session: Session) -> dict[str, str]:
    """{course slug: fingerprint}; the fingerprint changes with any deployment row (status, version,
    flags, edits: each change moves `updated_at`), assignment, history row, proposal, content or
    template build of the course."""
    per_course: dict[str, list[str]] = {
        slug: [str(template_commit or ""), policy]
        for slug, template_commit, policy in session.execute(
            sa.select(Course.slug, Course.template_commit, Course.update_policy)
        )
    }
    queries = [
        sa.select(
            Course.slug,
            sa.func.count(CourseContent.id) + 1000 * sa.func.sum(sa.cast(CourseContent.archived, sa.Integer)),
            sa.func.max(Deployment.updated_at),
        )
        .join(CourseContent, CourseContent.course_id == Course.id)
        .outerjoin(Deployment, Deployment.content_id == CourseContent.id)
        .group_by(Course.slug),
        sa.select(Course.slug, sa.func.count(Assignment.id), sa.func.max(Assignment.assigned_at))
        .join(CourseContent, CourseContent.course_id == Course.id)
        .join(Assignment, Assignment.content_id == CourseContent.id)
        .group_by(Course.slug),
        sa.select(Course.slug, sa.func.max(DeploymentEvent.id), sa.literal(""))
        .join(DeploymentEvent, DeploymentEvent.course_id == Course.id)
        .group_by(Course.slug),
        sa.select(Course.slug, sa.func.count(UpdateProposal.id), sa.func.max(UpdateProposal.resolved_at))
        .join(UpdateProposal, UpdateProposal.course_id == Course.id)
        .group_by(Course.slug),
    ]
    for number, query in enumerate(queries):
        for slug, count, newest in session.execute(query):
            per_course.setdefault(slug, []).append(f"{number}:{count}:{newest}")
    return {slug: "|".join(parts) for slug, parts in per_course.items()}
