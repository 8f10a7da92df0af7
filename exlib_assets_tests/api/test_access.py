"""Access control over real HTTP: no token 401, a lecturer only on their own courses, an admin everywhere."""

from exlib_assets.api.app import create_app
from exlib_assets.core.access import tokens

DEPLOY_BODY = {"deployments": [{"example": "test.caesar", "target_path": "week1.caesar"}]}


def every_endpoint(course: str) -> list[tuple[str, str, dict | None]]:
    """(method, url, json body) of each endpoint, for course `course`."""
    return [
        ("POST", f"/api/v1/courses/{course}/deploy-examples", DEPLOY_BODY),
        ("GET", f"/api/v1/courses/{course}/deployment-status/00000000-0000-0000-0000-000000000000", None),
        (
            "PATCH",
            f"/api/v1/courses/{course}/content/week1.intro/example",
            {"example_version": "1.0", "update_strategy": "merge"},
        ),
        ("GET", f"/api/v1/courses/{course}/examples/deployment-status", None),
        ("GET", f"/api/v1/examples/for-course/{course}", None),
        ("GET", f"/api/v1/examples/test.caesar/deployment-preview?course={course}&target_path=week1.caesar", None),
        ("POST", f"/api/v1/courses/{course}/templates/release", {"dry_run": True}),
        ("GET", f"/api/v1/courses/{course}/templates/status", None),
        ("POST", f"/api/v1/courses/{course}/roll-forward", {"to": f"{course}_next", "dry_run": True}),
        ("POST", f"/api/v1/courses/{course}/content/week1.intro/contribute", {}),
        ("PUT", f"/api/v1/courses/{course}/content/week1.intro/settings", {"points": 1}),
    ]


def test_the_list_above_covers_every_endpoint():
    schema = create_app().openapi()
    operations = {(method.upper(), path) for path, item in schema["paths"].items() for method in item}
    # and the health check, the library sources and the library's contributions (admin only: see
    # test_library_sources_api.py and test_contributions_api.py)
    assert len(operations) == len(every_endpoint("c")) + 1 + 3 + 3
    assert ("GET", "/api/v1/health") in operations


def test_anonymous_and_bad_tokens_get_401_saying_what_to_send(start_api, library_courses, app):
    api = start_api()
    with app.db.session() as session:
        tokens.revoke_token(session, "lecturer2")
    bad = ["nonsense", library_courses.admin[:-1] + "x", library_courses.other_lecturer]
    for method, url, body in every_endpoint("prog1"):
        response = api.client().request(method, url, json=body)
        assert response.status_code == 401, (method, url, response.text)
        assert response.json()["error"] == "unauthorized" and "Authorization: Bearer" in response.json()["detail"]
        assert response.headers["www-authenticate"] == "Bearer"
        for token in bad:
            response = api.client(token).request(method, url, json=body)
            assert response.status_code == 401, (method, url)
            assert "not valid" in response.json()["detail"] and token not in response.text


def test_a_lecturer_gets_403_on_another_course_even_one_that_does_not_exist(start_api, library_courses):
    api = start_api()
    lecturer = api.client(library_courses.lecturer)
    for course in ("prog2", "no_such_course"):
        for method, url, body in every_endpoint(course):
            response = lecturer.request(method, url, json=body)
            assert response.status_code == 403, (method, url, response.text)
            assert response.json()["error"] == "forbidden"
            assert f"may not touch course '{course}'" in response.json()["detail"]
    # Nothing was assigned in prog2 by those requests.
    status = api.client(library_courses.admin).get("/api/v1/courses/prog2/examples/deployment-status").json()
    assert status["total_examples"] == 0


def test_a_lecturer_reaches_their_own_course_and_an_admin_every_course(start_api, library_courses):
    api = start_api()
    own = api.client(library_courses.lecturer).get("/api/v1/courses/prog1/examples/deployment-status")
    assert own.status_code == 200
    admin = api.client(library_courses.admin)
    for course in ("prog1", "prog2"):
        assert admin.get(f"/api/v1/courses/{course}/examples/deployment-status").status_code == 200
        assert admin.get(f"/api/v1/examples/for-course/{course}").status_code == 200
        assert admin.get(f"/api/v1/courses/{course}/templates/status").status_code == 200
    unknown = admin.get("/api/v1/courses/prog9/examples/deployment-status")
    assert unknown.status_code == 404 and "course 'prog9' does not exist" in unknown.json()["detail"]


def test_the_health_check_needs_no_token(start_api, library_courses):
    assert start_api().client().get("/api/v1/health").json() == {"status": "ok"}
