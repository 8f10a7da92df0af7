"""A content's own values over real HTTP: a lecturer sets them for a course of theirs only, bad
values change nothing, and the content never counts as customized for them."""

from exlib_assets.core import courses
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets_tests.api.conftest import make_tokens
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses

URL = "/api/v1/courses/{course}/content/week1.caesar/settings"


def stored(app, course: str) -> dict | None:
    with app.db.session() as session:
        return courses.require_content(session, courses.require_course(session, course), "week1.caesar").settings


def test_a_lecturer_sets_and_clears_values_of_a_content_of_theirs(start_api, app, make_example):
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1", "prog2")
    lecturer = start_api().client(make_tokens(app).lecturer)

    set_ = lecturer.put(URL.format(course="prog1"), json={"title": "Caesar", "points": 10, "deadline": "2027-01-31"})
    assert set_.status_code == 200, set_.text
    assert set_.json()["settings"] == {"title": "Caesar", "points": 10, "deadline": "2027-01-31"}
    cleared = lecturer.put(URL.format(course="prog1"), json={"clear": ["deadline"]})
    assert cleared.json()["settings"] == {"title": "Caesar", "points": 10}
    assert stored(app, "prog1") == {"title": "Caesar", "points": 10}
    [content] = status_of_contents(app, "prog1").contents
    assert content.customized == []

    foreign = lecturer.put(URL.format(course="prog2"), json={"title": "Mine now"})
    assert foreign.status_code == 403, foreign.text
    assert stored(app, "prog2") is None


def test_bad_values_are_refused_and_change_nothing(start_api, app, make_example):
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1", "prog2")
    lecturer = start_api().client(make_tokens(app).lecturer)
    assert lecturer.put(URL.format(course="prog1"), json={"points": 5}).status_code == 200

    for body, status in (
        ({"deadline": "next friday", "points": 8}, 400),
        ({"title": "   "}, 400),
        ({"points": -1}, 422),
        ({"clear": ["colour"]}, 422),
        ({"owner": "me"}, 422),
    ):
        answer = lecturer.put(URL.format(course="prog1"), json=body)
        assert answer.status_code == status, (body, answer.text)
        assert answer.json()["detail"]
    missing = lecturer.put("/api/v1/courses/prog1/content/week9.nothing/settings", json={"points": 1})
    assert missing.status_code == 404, missing.text
    assert stored(app, "prog1") == {"points": 5}
