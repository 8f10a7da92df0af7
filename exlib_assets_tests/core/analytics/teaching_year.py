"""Two courses through a term, for analytics: a library with several versions, deployments,
an update, a conflict, a reassignment and lecturers' edits, on days the figures can be checked
against by hand.

Library (release dates set by hand):
  alpha 1.0 (Jan 1), 1.1 (Feb 1), 1.2 (Mar 1), 2.0.0-rc.1 (Mar 15, a prerelease)
  beta  1.0 (Jan 1), 2.0 (Feb 15)
  gamma 1.0 (Jan 1), never deployed

prog1 (runs on Mar 1 and Mar 10):
  week1.a   alpha "1.0", deployed 1.0, then reassigned "1.1" (not redeployed: pending)
  week1.b   beta latest, deployed 1.0, edited by the lecturer; the Mar 10 deploy of 2.0 meets
            the edit: a conflict (failed), the folder keeps 1.0
  week2.a2  alpha "^1.0", deployed 1.0, then 1.2 on Mar 10
  week2.notes  no example
prog2 (runs on Mar 1 and Mar 10):
  week1.a   alpha latest, deployed 1.0, updated to 1.2 on Mar 10, then edited by the lecturer
  week1.b   beta "1.0", deployed 1.0
  week2.c   gamma latest, assigned after the last run: pending
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import DeploymentEvent, Example, ExampleVersion
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.updates.flags import refresh_update_flags
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.repositories import push_change

AS_OF = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
DAY_ONE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAY_TWO = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
RELEASED = {
    ("test.alpha", "1.0"): datetime(2026, 1, 1, tzinfo=UTC),
    ("test.alpha", "1.1"): datetime(2026, 2, 1, tzinfo=UTC),
    ("test.alpha", "1.2"): datetime(2026, 3, 1, tzinfo=UTC),
    ("test.alpha", "2.0.0-rc.1"): datetime(2026, 3, 15, tzinfo=UTC),
    ("test.beta", "1.0"): datetime(2026, 1, 1, tzinfo=UTC),
    ("test.beta", "2.0"): datetime(2026, 2, 15, tzinfo=UTC),
    ("test.gamma", "1.0"): datetime(2026, 1, 1, tzinfo=UTC),
}


@dataclass
class TeachingYear:
    # Each deployer run's duration as recorded, per (day, course).
    run_seconds: dict[tuple, list[float]]


def teach_a_year(app, make_example, tmp_path: Path) -> TeachingYear:
    def release(name: str, version: str) -> None:
        folder = make_example(
            name, version=version, files={"notes.txt": f"{name} {version}\n"}, parent=tmp_path / f"{name}-{version}"
        )
        app.library.import_paths([folder])

    for name in ("alpha", "beta", "gamma"):
        release(name, "1.0")
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        prog2 = courses.create_course(session, app.git_host, "prog2")
        for course, path, example, constraint in [
            (prog1, "week1.a", "test.alpha", "1.0"),
            (prog1, "week1.b", "test.beta", "latest"),
            (prog1, "week2.a2", "test.alpha", "^1.0"),
            (prog2, "week1.a", "test.alpha", "latest"),
            (prog2, "week1.b", "test.beta", "1.0"),
        ]:
            courses.assign(session, library, courses.add_content(session, course, path), example, constraint)
        courses.add_content(session, prog1, "week2.notes")
    deploy_course(app, DeployRequest.deploy("prog1"))
    deploy_course(app, DeployRequest.deploy("prog2"))
    _date_events_after(app, 0, DAY_ONE)
    day_one_ends = _last_event_id(app)

    for name, version in [("alpha", "1.1"), ("alpha", "1.2"), ("alpha", "2.0.0-rc.1"), ("beta", "2.0")]:
        release(name, version)
    _set_release_dates(app)
    edit(app, tmp_path, "prog1", "week1/b/notes.txt")
    scan_course(app, "prog1")
    deploy_course(app, DeployRequest.deploy("prog1"))
    with app.db.session() as session:
        refresh_update_flags(session)
    update_course(app, "prog2", strategy="overwrite")
    edit(app, tmp_path, "prog2", "week1/a/notes.txt")
    scan_course(app, "prog2")
    _date_events_after(app, day_one_ends, DAY_TWO)

    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.require_course(session, "prog1")
        prog2 = courses.require_course(session, "prog2")
        courses.assign(session, library, courses.require_content(session, prog1, "week1.a"), "test.alpha", "1.1")
        courses.assign(session, library, courses.add_content(session, prog2, "week2.c"), "test.gamma")
        refresh_update_flags(session)
    return TeachingYear(run_seconds=_run_seconds(app))


def edit(app, tmp_path: Path, slug: str, relpath: str) -> None:
    url = app.git_host.push_url(courses.repository_names(slug)["assignments"])
    push_change(url, tmp_path, lambda repo: (repo / relpath).write_text("the lecturer's own words\n"))


def _set_release_dates(app) -> None:
    with app.db.session() as session:
        for version in session.scalars(sa.select(ExampleVersion).join(Example)):
            version.created_at = RELEASED[(version.example.identifier, version.tag)]


def _last_event_id(app) -> int:
    with app.db.session() as session:
        return session.scalar(sa.select(sa.func.max(DeploymentEvent.id))) or 0


def _date_events_after(app, event_id: int, when: datetime) -> None:
    """The history rows after `event_id` happened `when`: the runs took place on that day."""
    with app.db.session() as session:
        session.execute(sa.update(DeploymentEvent).where(DeploymentEvent.id > event_id).values(at=when))


def _run_seconds(app) -> dict[tuple, list[float]]:
    seconds: dict[tuple, dict[str, float]] = {}
    with app.db.session() as session:
        rows = session.execute(
            sa.select(DeploymentEvent.at, DeploymentEvent.course_id, DeploymentEvent.details, DeploymentEvent.event)
        ).all()
        slugs = {course.id: course.slug for course in courses.list_courses(session)}
    for at, course_id, details, event in rows:
        if event in ("deployed", "merged", "removed", "failed", "conflict") and details and "batch" in details:
            seconds.setdefault((at.date(), slugs[course_id]), {})[details["batch"]] = details["run_seconds"]
    return {key: sorted(batches.values()) for key, batches in seconds.items()}
