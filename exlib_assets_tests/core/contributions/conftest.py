"""Two courses deploying caesar from the library; the first one's lecturer edits it."""

from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets_tests.repositories import clone, push_change

NOTES = "".join(f"line {n}\n" for n in range(1, 11))


def assignments(app: App, slug: str) -> str:
    return app.git_host.push_url(f"{slug}-assignments")


def create_courses(app: App, *slugs: str, constraint: str = "latest") -> None:
    """Each course deploys test.caesar at week1.caesar."""
    for slug in slugs:
        with app.db.session() as session:
            library = library_index.get_or_create_library(session, app.storage.library)
            course = courses.create_course(session, app.git_host, slug)
            courses.assign(
                session, library, courses.add_content(session, course, "week1.caesar"), "test.caesar", constraint
            )
        assert deploy_course(app, DeployRequest.deploy(slug)).ok


def edit_notes(app: App, slug: str, tmp_path: Path, line: int, text: str) -> None:
    def change(copy: Path) -> None:
        notes = copy / "week1" / "caesar" / "notes.txt"
        notes.write_text(notes.read_text().replace(f"line {line}\n", f"{text}\n"))

    push_change(assignments(app, slug), tmp_path, change)


def read_notes(app: App, slug: str, tmp_path: Path, name: str) -> str:
    copy = clone(assignments(app, slug), tmp_path / name)
    return (copy / "week1" / "caesar" / "notes.txt").read_text()


@pytest.fixture
def imported(app: App, make_example) -> None:
    """caesar 1.0 imported from a folder: no library source behind it."""
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
