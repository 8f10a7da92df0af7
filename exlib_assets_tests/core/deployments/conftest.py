import pytest

from exlib_assets.core import courses, library_index

ASSIGNMENTS = "prog1-assignments"


@pytest.fixture
def course(app, make_example):
    """Course prog1 with `base` at week1.base and `top` (needs base) at week2.top, nothing deployed."""
    app.library.import_paths([make_example("base", files={"data/in.txt": "1 2 3\n"})])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        for path, identifier in (("week1.base", "test.base"), ("week2.top", "test.top")):
            courses.assign(session, library, courses.add_content(session, course, path), identifier)
    return "prog1"
