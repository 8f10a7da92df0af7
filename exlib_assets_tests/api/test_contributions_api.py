"""Contributions over real HTTP: a lecturer contributes only from their own course; only an admin decides."""

from exlib_assets.core.updates.status import status_of_contents
from exlib_assets_tests.api.conftest import make_tokens
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses, edit_notes


def test_lecturer_contributes_from_own_course_and_only_an_admin_accepts(start_api, app, make_example, tmp_path):
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1", "prog2")
    edit_notes(app, "prog1", tmp_path, 4, "line 4, shorter")
    edit_notes(app, "prog2", tmp_path, 6, "line 6, other")
    tokens = make_tokens(app)
    api = start_api()
    lecturer = api.client(tokens.lecturer)

    foreign = lecturer.post("/api/v1/courses/prog2/content/week1.caesar/contribute", json={})
    assert foreign.status_code == 403, foreign.text
    proposed = lecturer.post("/api/v1/courses/prog1/content/week1.caesar/contribute", json={"message": "shorter"})
    assert proposed.status_code == 200, proposed.text
    body = proposed.json()
    assert (body["proposed_version"], body["contributed_by"], body["files"]) == (
        "1.1-contrib.1",
        "lecturer1",
        ["~notes.txt"],
    )

    assert lecturer.post("/api/v1/library/contributions/test.caesar@1.1-contrib.1/accept").status_code == 403
    assert lecturer.get("/api/v1/library/contributions").status_code == 403
    admin = api.client(tokens.admin)
    waiting = admin.get("/api/v1/library/contributions").json()["contributions"]
    assert [(c["example"], c["proposed_version"]) for c in waiting] == [("test.caesar", "1.1-contrib.1")]
    accepted = admin.post("/api/v1/library/contributions/test.caesar@1.1-contrib.1/accept")
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["accepted_version"], accepted.json()["resolved_by"]) == ("1.1", "admin")
    [mine] = status_of_contents(app, "prog1").contents
    assert (mine.deployed, mine.customized) == ("1.1", [])


def test_bad_input_is_refused_and_writes_nothing(start_api, app, make_example):
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1", "prog2")
    tokens = make_tokens(app)
    admin = start_api().client(tokens.admin)

    unknown_path = admin.post("/api/v1/courses/prog1/content/week9.nothing/contribute", json={})
    nothing_changed = admin.post("/api/v1/courses/prog1/content/week1.caesar/contribute", json={})
    unknown_field = admin.post("/api/v1/courses/prog1/content/week1.caesar/contribute", json={"msg": "x"})
    unknown_contribution = admin.post("/api/v1/library/contributions/test.caesar@1.1-contrib.1/reject")

    assert unknown_path.status_code == 404
    assert nothing_changed.status_code == 400 and "nothing is customized" in nothing_changed.json()["detail"]
    assert unknown_field.status_code == 422
    assert unknown_contribution.status_code == 404
    assert app.library.show("test.caesar")["versions"] == ["1.0"]
