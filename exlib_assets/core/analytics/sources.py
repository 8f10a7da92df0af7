"""The application database read into pandas frames: the one place analytics touches SQL."""

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from exlib_assets.core.db.models import (
    Assignment,
    Course,
    CourseContent,
    Deployment,
    DeploymentEvent,
    Example,
    ExampleVersion,
    UpdateProposal,
)


@dataclass
class Sources:
    # One row per example version: example, tag, sort_key, created_at.
    versions: pd.DataFrame
    # One row per example: example, title, language.
    examples: pd.DataFrame
    # One row per course: course, title, template_commit, template_built_at.
    courses: pd.DataFrame
    # One row per course content, with its assignment and deployment when it has them.
    contents: pd.DataFrame
    # One row per history event: course, path, event, at, details.
    history: pd.DataFrame
    # One row per update proposal: course, status.
    proposals: pd.DataFrame


# The course a course was rolled forward from: the family across semesters.
_EARLIER = aliased(Course)


def load_sources(session: Session) -> Sources:
    return Sources(
        versions=_frame(
            session,
            sa.select(
                Example.identifier.label("example"),
                ExampleVersion.tag,
                ExampleVersion.sort_key,
                ExampleVersion.created_at,
            ).join(Example, ExampleVersion.example_id == Example.id),
            ["example", "tag", "sort_key", "created_at"],
        ),
        examples=_frame(
            session,
            sa.select(Example.identifier.label("example"), Example.title, Example.language),
            ["example", "title", "language"],
        ),
        courses=_frame(
            session,
            sa.select(
                Course.slug.label("course"),
                Course.title,
                Course.template_commit,
                Course.template_built_at,
                _EARLIER.slug.label("rolled_from"),
            ).outerjoin(_EARLIER, Course.rolled_from_id == _EARLIER.id),
            ["course", "title", "template_commit", "template_built_at", "rolled_from"],
        ),
        contents=_contents(session),
        history=_frame(
            session,
            sa.select(
                Course.slug.label("course"),
                DeploymentEvent.content_path.label("path"),
                DeploymentEvent.event,
                DeploymentEvent.at,
                DeploymentEvent.details,
            ).join(Course, DeploymentEvent.course_id == Course.id),
            ["course", "path", "event", "at", "details"],
        ),
        proposals=_frame(
            session,
            sa.select(Course.slug.label("course"), UpdateProposal.status).join(
                Course, UpdateProposal.course_id == Course.id
            ),
            ["course", "status"],
        ),
    )


def _contents(session: Session) -> pd.DataFrame:
    assigned = aliased(Example)
    deployed = aliased(ExampleVersion)
    deployed_example = aliased(Example)
    statement = (
        sa.select(
            Course.slug.label("course"),
            CourseContent.path,
            CourseContent.archived,
            assigned.identifier.label("assigned_example"),
            Assignment.version_constraint.label("constraint"),
            Deployment.status,
            deployed_example.identifier.label("deployed_example"),
            deployed.tag.label("version"),
            Deployment.deployed_at,
            Deployment.is_customized.label("customized"),
            Deployment.update_available_version_id.is_not(None).label("update_available"),
        )
        .join(Course, CourseContent.course_id == Course.id)
        .outerjoin(Assignment, Assignment.content_id == CourseContent.id)
        .outerjoin(assigned, Assignment.example_id == assigned.id)
        .outerjoin(Deployment, Deployment.content_id == CourseContent.id)
        .outerjoin(deployed, Deployment.example_version_id == deployed.id)
        .outerjoin(deployed_example, deployed.example_id == deployed_example.id)
        .order_by(Course.slug, CourseContent.path)
    )
    columns = [
        "course",
        "path",
        "archived",
        "assigned_example",
        "constraint",
        "status",
        "deployed_example",
        "version",
        "deployed_at",
        "customized",
        "update_available",
    ]
    frame = _frame(session, statement, columns)
    # Contents without a deployment have no flags: they are not customized, not offered anything.
    for flag in ("archived", "customized", "update_available"):
        frame[flag] = frame[flag].fillna(False).astype(bool)
    return frame


def _frame(session: Session, statement: sa.Select, columns: list[str]) -> pd.DataFrame:
    # Naming the columns keeps an empty result a frame with the right shape.
    frame = pd.DataFrame(session.execute(statement).all(), columns=columns)
    for column in columns:
        if column.endswith("_at") or column == "at":
            # SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones.
            frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame
