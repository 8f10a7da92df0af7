from pathlib import Path

import pytest

from exlib_assets.core import courses
from exlib_assets.core.migrate.importer import import_repository
from exlib_assets_tests.core.migrate.existing_course import COURSE_ONLY, write_existing_repository, write_files
from exlib_assets_tests.repositories import git, push_change

ASSIGNMENTS = "prog1-assignments"


@pytest.fixture
def existing_repository(tmp_path) -> Path:
    """The course's repository as it was kept before exlib (see existing_course.py)."""
    return write_existing_repository(tmp_path / "existing")


@pytest.fixture
def existing_course(app, existing_repository, tmp_path) -> str:
    """Course prog1, created with exlib, whose assignments repository holds the existing repository
    and, on top, the course-only folders (an exam, a folder named `Bonus-Tasks`)."""
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "prog1")
    remote = app.git_host.push_url(ASSIGNMENTS)
    git("push", "-q", remote, "main", cwd=existing_repository)
    push_change(remote, tmp_path, lambda repo: write_files(repo, COURSE_ONLY), "Exam and bonus tasks")
    return "prog1"


@pytest.fixture
def imported(app, existing_repository):
    """The existing repository imported into the library with prefix `prog1`."""
    report = import_repository(app, str(existing_repository), prefix="prog1")
    assert report.ok, [example.error for example in report.examples if example.error]
    return report
