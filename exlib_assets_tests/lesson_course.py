"""A course holding one deployed example, `lesson`, and new releases of it: the ground for update tests."""

import pytest
import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import CourseContent, Deployment
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest

ASSIGNMENTS = "prog1-assignments"
LESSON = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n"


@pytest.fixture
def course(app, make_example):
    """Course prog1 with `lesson` 1.0 deployed at week1.lesson (constraint `latest`)."""
    return deploy_lesson_course(app, make_example)


def deploy_lesson_course(app, make_example) -> str:
    app.library.import_paths([make_example("lesson", files={"notes.txt": LESSON})])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        courses.assign(session, library, courses.add_content(session, course, "week1.lesson"), "test.lesson")
    deploy_course(app, DeployRequest.deploy("prog1"))
    return "prog1"


def deploy_lesson_course_with_the_cli(run, make_example, lesson: str = LESSON) -> str:
    """The same course as `course`, set up the way an admin would: with `exlib` commands."""
    assert run("db", "upgrade").exit_code == 0
    run("library", "import", str(make_example("lesson", files={"notes.txt": lesson})))
    run("course", "create", "prog1")
    run("course", "add-content", "prog1", "week1.lesson")
    run("assign", "prog1", "week1.lesson", "test.lesson")
    assert run("deploy", "prog1").exit_code == 0
    return "prog1"


@pytest.fixture
def release(app, make_example, tmp_path):
    """Index a new version of `lesson` whose notes.txt is `notes` (and solution.py `solution`)."""

    def release_version(version: str, notes: str, solution: str = "# solution of lesson\n", **files) -> None:
        folder = make_example(
            "lesson",
            version=version,
            files={"notes.txt": notes, "solution.py": solution, **files},
            parent=tmp_path / f"release-{version}",
        )
        app.library.import_paths([folder])

    return release_version


def deployment(app, path: str = "week1.lesson") -> dict:
    with app.db.session() as session:
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == path))
        return {
            "status": row.status,
            "version": row.example_version.tag if row.example_version else None,
            "update_available": row.update_available.tag if row.update_available else None,
            "dismissed": row.dismissed.tag if row.dismissed else None,
            "customized": row.customized_files,
            "customized_commit": row.customized_commit,
        }
