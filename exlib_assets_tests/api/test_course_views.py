"""Reading endpoints: the library for a course, a deployment preview, a course's deployment totals."""

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.verification.service import verify_version
from exlib_assets_tests.api.server import wait_for_run
from exlib_assets_tests.api.state import assignments_repository
from exlib_assets_tests.lesson_course import LESSON
from exlib_assets_tests.repositories import push_change


def test_examples_for_a_course_filter_by_text_language_and_tag(start_api, library_courses):
    lecturer = start_api().client(library_courses.lecturer)
    lecturer.post(
        "/api/v1/courses/prog1/deploy-examples",
        json={"deployments": [{"example": "test.shout", "target_path": "week1.shout"}]},
    )

    def identifiers(query: str = "") -> list[str]:
        response = lecturer.get(f"/api/v1/examples/for-course/prog1{query}")
        assert response.status_code == 200, response.text
        return [example["identifier"] for example in response.json()["examples"]]

    assert identifiers() == ["test.caesar", "test.helper", "test.needs_helper", "test.shout"]
    assert identifiers("?search=LOUD") == ["test.shout"]
    assert identifiers("?tag=strings") == ["test.caesar", "test.shout"]
    assert identifiers("?language=en&tag=cryptography") == ["test.caesar"]
    assert identifiers("?search=nothing-like-this") == []
    listing = lecturer.get("/api/v1/examples/for-course/prog1?search=shout").json()
    [shout] = listing["examples"]
    assert shout["used_at"] == ["week1.shout"] and shout["description"] == "Print it loud."
    assert listing["total"] == 1
    assert listing["filters"] == {"languages": ["en"], "tags": ["cryptography", "strings"]}
    caesar = lecturer.get("/api/v1/examples/for-course/prog1?search=caesar").json()["examples"][0]
    assert caesar["versions"] == ["1.0", "1.1"] and caesar["latest"] == "1.1"


def test_a_preview_shows_version_dependencies_conflicts_and_files(start_api, library_courses):
    admin = start_api().client(library_courses.admin)
    started = admin.post(
        "/api/v1/courses/prog1/deploy-examples",
        json={"deployments": [{"example": "test.caesar", "target_path": "week1.caesar"}]},
    )
    wait_for_run(admin, "prog1", started.json()["run_id"])

    occupied = admin.get("/api/v1/examples/test.shout/deployment-preview?course=prog1&target_path=week1.caesar").json()
    needing = admin.get(
        "/api/v1/examples/test.needs_helper/deployment-preview?course=prog1&version=1.0&target_path=week3.needs_helper"
    ).json()
    free = admin.get("/api/v1/examples/test.caesar/deployment-preview?course=prog1&target_path=week2.caesar").json()

    assert occupied["conflicts"] == [
        {
            "type": "path_exists",
            "path": "week1.caesar",
            "current_content": "a different example is deployed there (test.caesar@1.1); "
            "deploy with overwrite to replace it",
            "resolved_by": "overwrite",
        }
    ]
    assert needing["dependencies"] == [
        {"identifier": "test.helper", "constraint": "latest", "resolves_to": "1.0", "assigned_at": None}
    ]
    assert [c["type"] for c in needing["conflicts"]] == ["dependency_missing"]
    assert free["conflicts"] == [] and free["target_folder"] == "week2/caesar/"
    assert free["example"]["identifier"] == "test.caesar" and free["example"]["used_at"] == ["week1.caesar"]
    assert free["version"]["tag"] == "1.1" and free["version"]["digest"].startswith("sha256:")
    assert free["file_structure"]["files"] == ["meta.yaml", "solution.py", "studentTemplates/solution.py"]
    assert free["file_structure"]["file_count"] == 3 and free["file_structure"]["size_bytes"] > 0


def test_a_preview_of_what_does_not_exist_says_so(start_api, library_courses):
    admin = start_api().client(library_courses.admin)
    url = "/api/v1/examples/{}/deployment-preview?course=prog1&target_path={}"

    unknown = admin.get(url.format("test.nope", "week1.x"))
    version = admin.get(url.format("test.caesar", "week1.x") + "&version=3.0")
    path = admin.get(url.format("test.caesar", "week1..x"))
    no_course = admin.get("/api/v1/examples/test.caesar/deployment-preview?target_path=week1.x")

    assert unknown.status_code == 404 and "example 'test.nope' is not in library" in unknown.json()["detail"]
    assert version.status_code == 404 and "matches '3.0'" in version.json()["detail"]
    assert path.status_code == 422 and "content path 'week1..x' is not valid" in path.json()["detail"]
    assert no_course.status_code == 422 and "query.course: Field required" in no_course.json()["detail"]


def test_a_courses_deployment_status_counts_each_state(start_api, lesson_courses, app, make_example, release, tmp_path):
    app.library.import_paths(
        [make_example("shout"), make_example("helper"), make_example("needs_helper", dependencies=["test.helper"])]
    )
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.require_course(session, "prog1")
        courses.assign(session, library, courses.add_content(session, prog1, "week2.shout"), "test.shout")
        courses.assign(session, library, courses.add_content(session, prog1, "week3.needs"), "test.needs_helper")
    deploy_course(app, DeployRequest.deploy("prog1", ["week3.needs"]))  # fails: its dependency is assigned nowhere
    verify_version(app, "test.lesson@1.0")  # no executionBackend: no runner
    release("1.1", LESSON + "line 9\n")
    edit = lambda repo: (repo / "week1/lesson/notes.txt").write_text("mine\n")  # noqa: E731
    push_change(assignments_repository(app, "prog1"), tmp_path, edit)
    lecturer = start_api().client(lesson_courses.lecturer)

    body = lecturer.get("/api/v1/courses/prog1/examples/deployment-status").json()

    totals = {
        key: body[key] for key in ("total_examples", "deployed", "pending", "failed", "updates_available", "customized")
    }
    assert totals == {
        "total_examples": 3,
        "deployed": 1,
        "pending": 1,
        "failed": 1,
        "updates_available": 1,
        "customized": 1,
    }
    rows = {row["path"]: row for row in body["deployments"]}
    assert rows["week1.lesson"]["update_available"] == "1.1" and rows["week1.lesson"]["customized"] == ["~notes.txt"]
    assert rows["week3.needs"]["status"] == "failed" and "test.helper" in rows["week3.needs"]["reason"]
    assert rows["week2.shout"]["status"] == "not deployed"
    assert rows["week1.lesson"]["verdict"] == "no runner" and rows["week2.shout"]["verdict"] is None
    assert body["scan_problem"] is None
