"""A course's content tree in ltree order, each content with the indicators a lecturer looks for:
deploying, deployed (version), failed (reason), customized (files), update available (from -> to),
proposal open (branch or merge request), pinned, pending and held back from the student template.

It reads the database only (the sensors and `exlib status` keep it current with the repository)."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.lecturer_view.indicators import (
    CUSTOMIZED,
    DEPLOYED,
    DEPLOYING,
    FAILED,
    HELD_BACK,
    PENDING,
    PINNED,
    PROPOSAL_OPEN,
    UPDATE_AVAILABLE,
)
from exlib_assets.core.updates.status import ContentStatus, status_of_contents
from exlib_assets.core.versions import parse_constraint


@dataclass
class ContentView:
    path: str
    example: str
    deployed: str | None
    # Each indicator that holds, with what it concerns: {"update available": "1.0 -> 1.1", ...}.
    indicators: dict[str, str] = field(default_factory=dict)
    status: ContentStatus | None = None


@dataclass
class CourseView:
    course: str
    contents: list[ContentView]
    held_back: dict[str, str]
    template_commit: str | None

    def count(self, indicator: str) -> int:
        return sum(indicator in content.indicators for content in self.contents)


def course_view(app: App, slug: str) -> CourseView:
    """Every assigned or deployed content of `slug` with its indicators, from the database."""
    status = status_of_contents(app, slug, refresh=False)
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        template_commit = course.template_commit
        held_back = last_held_back(session, course.id, template_commit)
    contents = [_content_view(row, held_back) for row in status.contents]
    # A content not from the library (a folder with .studentfiles) can be held back too.
    shown = {content.path for content in contents}
    contents += [
        ContentView(path, "not from the library", None, {HELD_BACK: reason or "see the student_templates run"})
        for path, reason in held_back.items()
        if path not in shown
    ]
    contents.sort(key=lambda content: content.path.split("."))
    return CourseView(slug, contents, held_back, template_commit)


def last_held_back(session: Session, course_id: int, template_commit: str | None) -> dict[str, str]:
    """The contents the latest student-template build held back, with the reason it gave. Every
    build records its held-back contents against the template head it left, which is also the
    course's `template_commit`: the rows of that head are the latest build's."""
    if template_commit is None:
        return {}
    rows = session.scalars(
        sa.select(DeploymentEvent)
        .where(
            DeploymentEvent.course_id == course_id,
            DeploymentEvent.event == "template_held_back",
            DeploymentEvent.commit_sha == template_commit,
        )
        .order_by(DeploymentEvent.id)
    ).all()
    return {row.content_path: (row.details or {}).get("reason", "") for row in rows}


def _content_view(row: ContentStatus, held_back: dict[str, str]) -> ContentView:
    indicators: dict[str, str] = {}
    if row.status == DEPLOYING:
        indicators[DEPLOYING] = row.deployed or ""
    elif row.status == FAILED:
        indicators[FAILED] = row.reason or "no reason recorded"
    elif row.status == DEPLOYED and row.deployed:
        indicators[DEPLOYED] = row.deployed
    if row.status in ("pending", "not deployed") or _holds_other_than_wanted(row):
        indicators[PENDING] = f"wants {row.example}@{row.constraint}" if row.constraint else ""
    if row.customized:
        indicators[CUSTOMIZED] = ", ".join(row.customized)
    if row.update_available:
        indicators[UPDATE_AVAILABLE] = f"{row.deployed} -> {row.update_available}"
    if row.proposal_branch:
        indicators[PROPOSAL_OPEN] = row.merge_request_url or f"branch {row.proposal_branch}"
    if row.constraint and parse_constraint(row.constraint).is_exact:
        indicators[PINNED] = row.constraint
    if row.path in held_back:
        indicators[HELD_BACK] = held_back[row.path] or "see the student_templates run"
    return ContentView(row.path, row.example, row.deployed, indicators, row)


def _holds_other_than_wanted(row: ContentStatus) -> bool:
    """Deployed, but at a version its constraint no longer allows (a newer allowed one is an update)."""
    if row.status != DEPLOYED or not row.deployed or not row.constraint or row.update_available:
        return False
    return not parse_constraint(row.constraint).allows(row.deployed)
