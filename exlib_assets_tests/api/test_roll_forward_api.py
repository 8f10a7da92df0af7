"""POST /api/v1/courses/{course}/roll-forward over real HTTP: a lecturer only between their own courses."""

from exlib_assets.core import courses


def course_exists(app, slug: str) -> bool:
    with app.db.session() as session:
        return courses.find_course(session, slug) is not None


def test_a_lecturer_rolls_forward_only_their_own_course_and_then_holds_the_new_one(start_api, lesson_courses, app):
    api = start_api()

    refused = api.client(lesson_courses.other_lecturer).post(
        "/api/v1/courses/prog1/roll-forward", json={"to": "prog1_2026"}
    )
    assert refused.status_code == 403, refused.text
    assert not course_exists(app, "prog1_2026")

    lecturer = api.client(lesson_courses.lecturer)
    rolled = lecturer.post("/api/v1/courses/prog1/roll-forward", json={"to": "prog1_2026", "versions": "keep"})

    assert rolled.status_code == 200, rolled.text
    body = rolled.json()
    assert [(c["path"], c["version"], c["status"]) for c in body["contents"]] == [("week1.lesson", "1.0", "deployed")]
    assert body["deploy_commit"]
    with app.db.session() as session:
        assert courses.require_course(session, "prog1_2026").rolled_from.slug == "prog1"
    assert lecturer.get("/api/v1/courses/prog1_2026/examples/deployment-status").status_code == 200
    other = api.client(lesson_courses.other_lecturer)
    assert other.get("/api/v1/courses/prog1_2026/examples/deployment-status").status_code == 403


def test_bad_input_is_refused_and_writes_nothing(start_api, lesson_courses, app):
    admin = start_api().client(lesson_courses.admin)

    taken = admin.post("/api/v1/courses/prog1/roll-forward", json={"to": "prog2"})
    unknown_field = admin.post("/api/v1/courses/prog1/roll-forward", json={"to": "prog1_2026", "version": "latest"})
    preview = admin.post("/api/v1/courses/prog1/roll-forward", json={"to": "prog1_2026", "dry_run": True})

    assert taken.status_code == 400 and "exists already" in taken.json()["detail"]
    assert unknown_field.status_code == 422
    assert preview.status_code == 200 and preview.json()["contents"][0]["status"] == "planned"
    assert not course_exists(app, "prog1_2026")
