from collections.abc import Iterator

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.defs.resources import ExlibResource

CONTENTS = {"week1.base": "test.base", "week2.alone": "test.alone"}


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A real, persistent (temporary folder) Dagster instance."""
    with dg.instance_for_test() as test_instance:
        yield test_instance


@pytest.fixture
def exlib_resources(app) -> dict:
    """The definitions' exlib resource, pointed at the test's database and storage."""
    return {"exlib": ExlibResource.for_settings(app.settings)}


@pytest.fixture
def two_courses(app, make_example) -> list[str]:
    """Courses prog1 and prog2, each with test.base at week1.base and test.alone at week2.alone."""
    app.library.import_paths([make_example("base"), make_example("alone")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        for slug in ("prog1", "prog2"):
            course = courses.create_course(session, app.git_host, slug)
            for path, identifier in CONTENTS.items():
                courses.assign(session, library, courses.add_content(session, course, path), identifier)
    return ["prog1", "prog2"]
