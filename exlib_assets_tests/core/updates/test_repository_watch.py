"""Which courses' repositories need reading: decided from branch heads and one database query,
before anything is fetched."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from exlib_assets.core import courses, library_index
from exlib_assets.core.updates.repository_watch import courses_to_scan
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.lesson_course import LESSON
from exlib_assets_tests.repositories import git, push_change

NOW = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


def remote(app) -> str:
    return app.git_host.push_url("prog1-assignments")


def test_a_course_is_due_when_main_moved_and_not_once_it_was_read(app, course, tmp_path):
    # Deployed, never scanned: main is ahead of the (empty) scanned commit.
    deployed = git("rev-parse", "main", cwd=Path(remote(app))).strip()
    assert courses_to_scan(app, now=NOW).due == {"prog1": f"main at {deployed}"}
    scan_course(app, "prog1")
    assert courses_to_scan(app, now=NOW).due == {}

    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/extra.py").write_text("x = 1\n"))

    head = git("rev-parse", "main", cwd=Path(remote(app))).strip()
    assert courses_to_scan(app, now=NOW).due == {"prog1": f"main at {head}"}
    scan_course(app, "prog1")
    assert courses_to_scan(app, now=NOW).due == {}


def test_an_open_proposal_is_looked_at_hourly_and_at_once_when_its_branch_is_gone(app, course, release, tmp_path):
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(LESSON + "mine\n"))
    release("1.1", LESSON.replace("line 8", "line eight"))
    report = update_course(app, "prog1", strategy="merge", propose=True)
    [branch] = [outcome.branch for outcome in report.outcomes if outcome.branch]
    scan_course(app, "prog1")

    # Nothing moved on main, but a closed merge request shows in no head: once an hour.
    assert courses_to_scan(app, now=NOW).due == {"prog1": "open proposals, hourly look at 2026-12-04T18"}

    git("branch", "-D", branch, cwd=Path(remote(app)))

    assert courses_to_scan(app, now=NOW).due == {"prog1": f"proposal branch {branch} gone"}
    scan_course(app, "prog1")
    assert courses_to_scan(app, now=NOW).due == {}


def test_a_repository_that_cannot_be_asked_is_a_problem_not_a_stop(app, course, make_example):
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        other = courses.create_course(session, app.git_host, "prog2")
        courses.assign(session, library, courses.add_content(session, other, "week1.lesson"), "test.lesson")
    shutil.rmtree(app.git_host.push_url("prog2-assignments"))

    watch = courses_to_scan(app, now=NOW)

    assert list(watch.due) == ["prog1"] and watch.courses == 2
    [problem] = watch.problems
    assert problem.startswith("prog2: ") and "prog2-assignments.git" in problem
