"""Courses, their content tree and what each content should hold (assignments)."""

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core import library_index
from exlib_assets.core.course_paths import check_content_path, check_course_slug, parent_paths
from exlib_assets.core.db.models import (
    Assignment,
    Course,
    CourseContent,
    Deployment,
    DeploymentEvent,
    Example,
    ExampleVersion,
    Library,
)
from exlib_assets.core.db.types import path_in_subtree
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.githost import GitHost
from exlib_assets.core.githost.base import REPOSITORY_SUFFIXES
from exlib_assets.core.settings import course_token_variable


def repository_names(slug: str) -> dict[str, str]:
    """The course's repositories on the git host, by role."""
    return {role: f"{slug}{suffix}" for role, suffix in REPOSITORY_SUFFIXES.items()}


def create_course(session: Session, git_host: GitHost, slug: str, title: str | None = None) -> Course:
    """Create the course and its repositories; the repositories first, so a failure leaves no
    course without them (creating them again is harmless)."""
    check_course_slug(slug)
    if find_course(session, slug) is not None:
        raise ExlibError(f"course {slug!r} already exists; see `exlib course list`.")
    _refuse_shared_token_variable(session, slug)
    for name in repository_names(slug).values():
        git_host.ensure_repository(name)
    course = Course(slug=slug, title=title)
    session.add(course)
    session.flush()
    return course


def _refuse_shared_token_variable(session: Session, slug: str) -> None:
    """Refuse a slug whose GitLab token variable another course already reads.

    A variable name holds only upper-case letters, digits and `_`, so `prog1-2026` and `prog1_2026`
    map to the same EXLIB_GITLAB_TOKEN__PROG1_2026: one course would push with the other's token.
    """
    variable = course_token_variable(slug)
    for other in session.scalars(sa.select(Course.slug)):
        if course_token_variable(other) == variable:
            raise ExlibError(
                f"course {slug!r} cannot be created: its GitLab token would be read from {variable}, which "
                f"course {other!r} already reads (slugs that differ only in '-' and '_' share it), so one "
                "course could push with the other's token. Choose a slug that differs in a letter or digit."
            )


def list_courses(session: Session) -> list[Course]:
    return list(session.scalars(sa.select(Course).order_by(Course.slug)))


def find_course(session: Session, slug: str) -> Course | None:
    return session.scalar(sa.select(Course).where(Course.slug == slug))


def require_course(session: Session, slug: str) -> Course:
    course = find_course(session, slug)
    if course is None:
        raise NotFoundError(f"course {slug!r} does not exist; create it with `exlib course create {slug}`.")
    return course


def add_content(session: Session, course: Course, path: str, title: str | None = None) -> CourseContent:
    """Add a content node, creating missing parents; an existing node only gets its title updated."""
    check_content_path(path)
    for parent in parent_paths(path):
        if find_content(session, course, parent) is None:
            session.add(CourseContent(course=course, path=parent))
    content = find_content(session, course, path)
    if content is None:
        content = CourseContent(course=course, path=path, title=title)
        session.add(content)
    elif title:
        content.title = title
    session.flush()
    return content


def find_content(session: Session, course: Course, path: str) -> CourseContent | None:
    return session.scalar(
        sa.select(CourseContent).where(CourseContent.course_id == course.id, CourseContent.path == path)
    )


def require_content(session: Session, course: Course, path: str) -> CourseContent:
    content = find_content(session, course, check_content_path(path))
    if content is None:
        raise no_such_content(course, path)
    return content


def no_such_content(course: Course, path: str) -> NotFoundError:
    return NotFoundError(
        f"course {course.slug!r} has no content {path!r}; add it with `exlib course add-content {course.slug} {path}`."
    )


def contents_under(
    session: Session, course: Course, root: str | None = None, *, with_deployments: bool = False
) -> list[CourseContent]:
    """The course's contents in ltree order, all of them or the subtree at `root`.

    `with_deployments` loads each content's deployment row and the versions it names along with
    them, for a caller that reads them all: one query each, where reading them content by content
    asked the database once or twice per content (a course of 5,000 waited seconds for it)."""
    options = [selectinload(CourseContent.assignment).selectinload(Assignment.example)]
    if with_deployments:
        deployment = selectinload(CourseContent.deployment)
        options += [
            deployment.selectinload(Deployment.example_version).selectinload(ExampleVersion.example),
            deployment.selectinload(Deployment.update_available),
            deployment.selectinload(Deployment.dismissed),
        ]
    query = (
        sa.select(CourseContent)
        .where(CourseContent.course_id == course.id)
        .options(*options)
        .order_by(CourseContent.path)
    )
    if root:
        query = query.where(path_in_subtree(CourseContent.path, check_content_path(root), session.bind.dialect.name))
    return list(session.scalars(query))


def assign(
    session: Session,
    library: Library,
    content: CourseContent,
    identifier: str,
    constraint: str = "latest",
    *,
    actor: str | None = None,
) -> ExampleVersion:
    """Record that `content` should hold `identifier` at a version matching `constraint`.

    Refused unless the constraint resolves to an indexed version now; returns that version.
    """
    example: Example = library_index.require_example(session, library, identifier)
    current = library_index.resolve_version(example, constraint)
    assignment = content.assignment
    before = _wish(assignment)
    if assignment is None:
        assignment = Assignment(content=content, example=example)
        session.add(assignment)
    if before != (example.identifier, constraint):
        if content.deployment:
            # A new wish: a version skipped (or rolled back from) under the old one is offered again.
            content.deployment.dismissed = None
        _record_wish(session, content, "assigned", before, (example.identifier, constraint), actor, current.tag)
    assignment.example = example
    assignment.version_constraint = constraint
    assignment.assigned_by = actor
    session.flush()
    return current


def _wish(assignment: Assignment | None) -> tuple[str, str] | None:
    return (assignment.example.identifier, assignment.version_constraint) if assignment else None


def _record_wish(
    session: Session,
    content: CourseContent,
    event: str,
    before: tuple[str, str] | None,
    after: tuple[str, str] | None,
    actor: str | None,
    resolves_to: str | None = None,
) -> None:
    """A history row for a changed wish: what the content was to hold, and what it is to hold now."""
    session.add(
        DeploymentEvent(
            course_id=content.course_id if content.course_id is not None else content.course.id,
            content_path=content.path,
            event=event,
            example_identifier=(after or before)[0],
            actor=actor,
            details={
                "from": f"{before[0]}@{before[1]}" if before else None,
                "to": f"{after[0]}@{after[1]}" if after else None,
                "resolves_to": resolves_to,
            },
        )
    )


def unassign(session: Session, content: CourseContent, *, actor: str | None = None) -> str:
    """Drop the wish of `content`; the next deploy removes what exlib deployed there.

    Returns the identifier that was assigned.
    """
    assignment = content.assignment
    if assignment is None:
        raise NotFoundError(f"content {content.path!r} of course {content.course.slug!r} has no example assigned.")
    identifier = assignment.example.identifier
    dependents = [
        other.path
        for other in contents_under(session, content.course)
        if other.assignment is not None
        and other.id != content.id
        and identifier
        in {
            d.identifier
            for d in library_index.resolve_version(
                other.assignment.example, other.assignment.version_constraint
            ).dependencies
        }
    ]
    if dependents:
        raise ExlibError(
            f"{identifier} at {content.path} is a dependency of {', '.join(dependents)} in course "
            f"{content.course.slug!r}; unassign those first, or assign {identifier} at another path."
        )
    _record_wish(session, content, "unassigned", _wish(assignment), None, actor)
    session.delete(assignment)
    session.flush()
    session.expire(content, ["assignment"])
    return identifier


def deployable_paths(session: Session) -> list[tuple[str, str]]:
    """(course slug, content path) of every content that is assigned or still holds a deployment."""
    query = (
        sa.select(Course.slug, CourseContent.path)
        .join(CourseContent, CourseContent.course_id == Course.id)
        .outerjoin(Assignment, Assignment.content_id == CourseContent.id)
        .outerjoin(Deployment, Deployment.content_id == CourseContent.id)
        .where(sa.or_(Assignment.id.is_not(None), Deployment.example_version_id.is_not(None)))
        .order_by(Course.slug, CourseContent.path)
    )
    return [(slug, path) for slug, path in session.execute(query)]


_LANGUAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}")


def check_language(language: str) -> str | None:
    """A course language as `README_<language>.md` names it (`de`, `pt-BR`); `none` clears it."""
    if language.lower() == "none":
        return None
    if not _LANGUAGE.fullmatch(language):
        raise ExlibError(
            f"language {language!r} is not a language code as task texts name them (index_<language>.md); "
            "use letters, digits, `-` or `_`, e.g. de or pt-BR, or `none`."
        )
    return language
